"""Exports and the Python API on both backends: GDELT 2.0 layout read back with pandas, PLOVER/POLECAT
records, CSV/Parquet/JSONL, filters."""
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

import dyadwatch
from dyadwatch.cli import app
from dyadwatch.pipeline.ingest import RawDocument
from dyadwatch.store import open_store
from dyadwatch.store.export import GDELT_COLUMNS, global_event_id
from dyadwatch.store.ingest import document_key
from dyadwatch.store.writer import doc_id_for

# Our own seed-like report (French, as the seed article is).
SEED_LIKE = """Belousov et Zhang Youxia se rencontrent à Pékin

Le ministre russe de la Défense, Andreï Belousov, a rencontré mardi à Pékin le vice-président de la Commission militaire centrale chinoise, Zhang Youxia.
La Russie et la Chine ont signé un accord pour renforcer leur coopération militaire, selon un communiqué.
Les deux pays organiseront des exercices militaires conjoints dans l'océan Pacifique.
"""
GDELT_INTEGER_COLUMNS = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass",
                         "NumMentions", "NumSources", "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type",
                         "ActionGeo_Type", "DATEADDED"]
GDELT_FLOAT_COLUMNS = ["FractionDate", "GoldsteinScale", "AvgTone", "ActionGeo_Lat", "ActionGeo_Long"]


@pytest.fixture(scope="module")
def analysis(coder_factory):
    raw = RawDocument("seed-like", SEED_LIKE, "seed-like.txt", lang="fr", date="2024-10-15")
    raw.id = doc_id_for(document_key(raw, "Test Agency"))   # as ingestion does: event ids stay ours
    result = coder_factory().analyze(raw)
    assert result.events, "the seed-like article must give events"
    return result


@pytest.fixture
def store(store_url, analysis):
    store = open_store(store_url)
    assert store.add_analysis(analysis, source="Test Agency", url="https://news.example/seed-like")
    assert not store.add_analysis(analysis, source="Test Agency", url="https://news.example/seed-like")
    yield store
    store.close()


def _cluster_one_event(store, event_id):
    """Give one event a cluster with three articles (as the clusters migration would)."""
    if not store.has_table("event_clusters"):
        store.execute("ALTER TABLE events ADD COLUMN cluster_id TEXT")
        store.execute("CREATE TABLE event_clusters (cluster_id TEXT PRIMARY KEY, num_mentions INTEGER, "
                      "num_sources INTEGER, num_articles INTEGER)")
    store.execute("UPDATE events SET cluster_id = ? WHERE event_id = ?", ("c-test", event_id))
    store.execute("INSERT INTO event_clusters (cluster_id, num_mentions, num_sources, num_articles) "
                  "VALUES (?, ?, ?, ?)", ("c-test", 4, 2, 3))


def test_gdelt_export_reads_back_with_the_gdelt_header(store, tmp_path, analysis):
    first = sorted(e.event_id for e in analysis.events)[0]
    _cluster_one_event(store, first)
    out = tmp_path / "events.gdelt.tsv"
    result = CliRunner().invoke(app, ["export", "--db", store.url, "--format", "gdelt", "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, sep="\t", header=None, names=GDELT_COLUMNS, dtype={"EventCode": str,
                        "EventBaseCode": str, "EventRootCode": str})
    assert frame.shape == (len({e.event_id for e in analysis.events}), 61)
    assert len(out.read_text().splitlines()[0].split("\t")) == 61
    for column in GDELT_INTEGER_COLUMNS:
        assert pd.api.types.is_integer_dtype(frame[column]), column
    for column in GDELT_FLOAT_COLUMNS:
        assert pd.api.types.is_float_dtype(frame[column]), column
    assert set(frame["SQLDATE"]) <= {20241015, 20241014, 20241008} and frame["QuadClass"].between(1, 4).all()
    assert (frame["SOURCEURL"] == "https://news.example/seed-like").all()
    assert frame["GLOBALEVENTID"].is_unique
    row = frame.set_index("GLOBALEVENTID").loc[global_event_id(first)]
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == (4, 2, 3)
    assert (frame["NumArticles"] == 1).sum() == len(frame) - 1
    assert "RUS" in set(frame["Actor1CountryCode"]) and "CHN" in set(frame["Actor2CountryCode"])   # CAMEO codes
    assert set(frame["Actor1Geo_CountryCode"].dropna()) <= {"RS", "CH"}   # FIPS, not ISO


def test_polecat_and_flat_exports(store, tmp_path, analysis):
    n_events = len({e.event_id for e in analysis.events})
    polecat = tmp_path / "events.polecat.jsonl"
    assert CliRunner().invoke(app, ["export", "--db", store.url, "--format", "polecat", "-o", str(polecat)]).exit_code == 0
    records = [json.loads(line) for line in polecat.read_text().splitlines()]
    assert len(records) == n_events
    first = records[0]
    for field in ("event_id", "event_date", "event_type", "event_mode", "contexts", "quad_code", "event_text",
                  "actor_name", "actor_country", "actor_sector", "recipient_name", "recipient_country",
                  "placename", "latitude", "longitude", "source", "url"):
        assert field in first, field
    assert first["source"] == "Test Agency" and first["story_date"] == "2024-10-15"

    for fmt, read in (("csv", pd.read_csv), ("parquet", pd.read_parquet), ("jsonl", lambda p: pd.read_json(p, lines=True))):
        out = tmp_path / f"events.{fmt}"
        result = CliRunner().invoke(app, ["export", "--db", store.url, "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        frame = read(out)
        assert len(frame) == n_events and {"event_id", "type", "cameo", "source_country", "url"} <= set(frame.columns)

    only_taiwan = tmp_path / "none.csv"
    CliRunner().invoke(app, ["export", "--db", store.url, "--format", "csv", "-o", str(only_taiwan),
                             "--country", "TWN", "--since", "2024-01-01"])
    assert len(pd.read_csv(only_taiwan)) == 0


def test_python_api_returns_frames(store, analysis):
    url = store.url
    with dyadwatch.open(url) as ds:
        events = ds.events(country="RUS", since="2024-10-01")
        assert len(events) > 0 and set(events["source_country"]) | set(events["target_country"]) >= {"RUS"}
        assert list(ds.documents()["source"]) == ["Test Agency"] and "text" not in ds.documents().columns
        assert len(ds.actors()) == len(analysis.actors)
        assert set(ds.events(type="CONSULT")["type"]) <= {"CONSULT"}
