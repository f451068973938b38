"""The analytics commands end to end on a small DuckDB store: cluster, dyad (with charts), top, alerts."""
import datetime as dt
import importlib.util
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from dyadwatch.cli import app
from dyadwatch.store import open_store

from .event_rows import Side, add_document, add_event

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    url = f"duckdb://{tmp_path / 'cli.duckdb'}"
    with open_store(url) as store:
        start = dt.date(2024, 7, 1)
        for i, outlet in enumerate(("Wire", "Daily")):     # one meeting reported twice
            add_document(store, f"m{i}", outlet, "2024-07-02", "Putin and Xi met in Kazan.")
            add_event(store, f"m{i}", f"m{i}", "040", Side("RUSGOV", ["putin"]), Side("CHNGOV", ["xi"]), "2024-07-02")
        add_document(store, "w", "Wire", "2024-07-01")
        for week in range(10):
            add_event(store, f"r{week}", "w", "111", Side("USA"), Side("CHN"),
                      (start + dt.timedelta(weeks=week)).isoformat(), trigger="criticised")
        for i in range(6):
            add_event(store, f"s{i}", "w", "190", Side("RUS"), Side("UKR"), "2024-09-10", trigger=f"shelled {i}",
                      sentence=f"Shelling number {i} hit the city.")
    return url


def test_cluster_then_dyad_counts_the_meeting_once(db, tmp_path):
    result = runner.invoke(app, ["cluster", "--db", db])
    assert result.exit_code == 0, result.output
    assert "clusters reported by 2+ articles" in result.output
    chart = tmp_path / "rus-chn.html"
    result = runner.invoke(app, ["dyad", "RUS", "CHN", "--db", db, "--by", "month", "--plot", str(chart)])
    assert result.exit_code == 0, result.output
    assert "RUS – CHN by month (1 events)" in result.output and "█" in result.output
    html = chart.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "http" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")          # self-contained: nothing fetched
    svg = ElementTree.fromstring(html[html.index("<svg"):html.index("</svg>") + 6])    # well-formed
    bars = [r for r in svg.iter("{http://www.w3.org/2000/svg}rect") if r.find("{*}title") is not None]
    assert [b.find("{*}title").text for b in bars] == ["2024-07-01 verbal cooperation: 1"]


def test_png_needs_matplotlib_or_says_so(db, tmp_path):
    png = tmp_path / "x.png"
    result = runner.invoke(app, ["dyad", "USA", "CHN", "--db", db, "--plot", str(png)])
    if importlib.util.find_spec("matplotlib") is None:
        assert result.exit_code == 2 and "dyadwatch[plot]" in result.output
        assert not png.exists()
    else:
        assert result.exit_code == 0 and png.read_bytes()[:4] == b"\x89PNG"


def test_top_and_alerts(db):
    result = runner.invoke(app, ["top", "--db", db, "--limit", "5"])
    assert result.exit_code == 0, result.output
    assert "CHN–USA" in result.output and "RUS–UKR" in result.output
    result = runner.invoke(app, ["alerts", "--db", db, "--by", "day", "--window", "28"])
    assert result.exit_code == 0, result.output
    assert "RUS–UKR day of 2024-09-10: 6 events" in result.output
    assert "Shelling number 0 hit the city." in result.output


def test_unknown_actor_is_a_clear_error(db):
    result = runner.invoke(app, ["dyad", "RUS", "Nowhereland Xyzzy", "--db", db])
    assert result.exit_code == 2 and "neither a country code" in result.output
