"""The JSON API on both backends: reads, filters, validation, limits, and the read-only / token rules."""
from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from dyadwatch.store import open_store
from dyadwatch.web import create_app

from .conftest import postgres_database
from .web_store import N_HISTORY, fill

TOKEN = "test-token-5f2a"


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def filled(request, tmp_path_factory, coder_factory):
    """One filled store per backend for the whole module (building it codes a dozen articles)."""
    if request.param == "duckdb":
        urls = iter([f"duckdb://{tmp_path_factory.mktemp('api') / 'api.duckdb'}"])
    else:
        urls = postgres_database()
    url = next(urls)
    store = open_store(url)
    facts = fill(store, coder_factory("en"))
    yield store, facts
    store.close()
    next(urls, None)      # drops the PostgreSQL database


@pytest.fixture(scope="module")
def client(filled, coder_factory):
    store, _ = filled
    app = create_app(store, token=TOKEN, rate_per_minute=0, coder=coder_factory("en"))
    with TestClient(app, raise_server_exceptions=False) as http:
        yield http


@pytest.fixture(scope="module")
def facts(filled):
    return filled[1]


def test_documents_page_and_detail(client, facts):
    page = client.get("/api/documents", params={"limit": 5}).json()
    assert page["total"] == facts["documents"] and len(page["items"]) == 5 and page["next_offset"] == 5
    doc = client.get(f"/api/documents/{facts['coded_doc_ids'][0]}").json()
    assert doc["title"] == "Russia and China hold talks in Beijing" and doc["source"] == "Wire One"
    assert "Lavrov met" in doc["text"]
    assert {e["type"] for e in doc["events"]} >= {"CONSULT", "AGREE"}
    trigger = doc["events"][0]["record"]["evidence"]["trigger"]
    assert doc["text"][trigger["start"]:trigger["end"]] == trigger["text"]
    assert doc["quotes"][0]["text"] == "Our partnership is stronger than ever"
    assert any(p["name"] == "Beijing" and p["lat"] for p in doc["places"])
    assert client.get("/api/documents/nope").status_code == 404


def test_event_filters(client):
    consult = client.get("/api/events", params={"dyad": "RUS-CHN", "type": "CONSULT", "limit": 500}).json()
    assert consult["total"] >= 16 and all(e["type"] == "CONSULT" for e in consult["items"])
    assert all({e["source_country"], e["target_country"]} == {"RUS", "CHN"} for e in consult["items"])
    conflict = client.get("/api/events", params={"actor": "RUSMIL", "quad_class": 4}).json()
    assert conflict["total"] == N_HISTORY // 3
    in_range = client.get("/api/events", params={"since": "2024-10-14", "until": "2024-10-14",
                                                 "country": "CHN"}).json()
    assert in_range["total"] >= 2 and all(str(e["date"]) == "2024-10-14" for e in in_range["items"])
    found = client.get("/api/events", params={"q": "lavrov", "lang": "en", "min_confidence": 0.1}).json()
    assert found["total"] >= 2 and all("Lavrov" in e["sentence"] for e in found["items"])
    located = client.get("/api/events", params={"place": "beijing", "located": True}).json()
    assert located["total"] >= 2 and all(e["lat"] is not None for e in located["items"])
    assert client.get("/api/events", params={"q": "100%_"}).json()["total"] == 0    # wildcards are literal
    named = client.get("/api/events", params={"named": "person/sergey-lavrov", "country": "CHN"}).json()
    assert named["total"] >= 2 and all("Lavrov" in e["sentence"] for e in named["items"])


def test_event_pagination_covers_everything_once(client):
    seen, offset = [], 0
    while offset is not None:
        page = client.get("/api/events", params={"limit": 7, "offset": offset}).json()
        seen += [e["event_id"] for e in page["items"]]
        offset = page["next_offset"]
    assert len(seen) == len(set(seen)) == page["total"]


def test_event_detail_with_cluster_evidence(client):
    meeting = client.get("/api/events", params={"q": "Lavrov met", "type": "CONSULT"}).json()["items"]
    event = client.get(f"/api/events/{meeting[0]['event_id']}").json()
    assert event["document"]["title"] and event["record"]["evidence"]["sentence"] == event["sentence"]
    cluster = event["cluster"]
    assert cluster and cluster["num_articles"] >= 2          # the two outlets' reports are one meeting
    assert {m["source"] for m in cluster["mentions"]} >= {"Wire One", "Daily Two"}
    assert client.get(f"/api/clusters/{cluster['cluster_id']}").json()["mentions"] == cluster["mentions"]
    assert client.get("/api/clusters/nope").status_code == 404
    assert client.get("/api/events/nope").status_code == 404


def test_dyad_series_top_alerts_volume(client, filled):
    series = client.get("/api/dyads/RUS/CHN/series", params={"by": "week"}).json()
    assert series["total"] >= 16 and series["type_mix"]["CONSULT"] >= 15
    assert any(row["quads"]["1"] for row in series["rows"])
    busiest = max(series["rows"], key=lambda row: row["events"])
    week_end = dt.date.fromisoformat(busiest["period"]) + dt.timedelta(days=6)
    behind = client.get("/api/dyads/RUS/CHN/events", params={"since": busiest["period"], "until": week_end}).json()
    assert behind["total"] == busiest["events"] == len(behind["items"])       # a bar's count = its evidence
    person = client.get("/api/dyads/Lavrov/CHN/events").json()
    assert person["total"] >= 1 and all("Lavrov" in e["sentence"] for e in person["items"])
    top = client.get("/api/top", params={"limit": 5}).json()
    assert (top["top"][0]["a"], top["top"][0]["b"]) == ("CHN", "RUS") and top["top"][0]["events"] == series["total"]
    alerts = client.get("/api/alerts", params={"since": "2024-08-01", "threshold": 1.5, "min_count": 2,
                                               "by": "week", "window": 8}).json()["alerts"]
    assert all(a["z"] >= 1.5 and a["events"] for a in alerts)
    volume = client.get("/api/volume", params={"by": "month"}).json()["rows"]
    store, _ = filled
    units = store.fetchall("SELECT (SELECT COUNT(*) FROM event_clusters) + "
                           "(SELECT COUNT(*) FROM events WHERE cluster_id IS NULL AND date IS NOT NULL)")[0][0]
    assert sum(sum(r["quads"].values()) for r in volume) == units
    assert [str(r["period"]) for r in volume][:3] == ["2024-08-01", "2024-09-01", "2024-10-01"]


def test_actor_lookup_with_activity(client):
    items = client.get("/api/actors", params={"q": "Lavrov"}).json()["items"]
    lavrov = next(i for i in items if i["kb_id"] == "person/sergey-lavrov")
    assert lavrov["country"] == "RUS" and lavrov["events"] >= 2


def test_code_a_posted_text(client):
    answer = client.post("/api/code", json={"text": "Sergei Lavrov met Wang Yi in Beijing on Monday.",
                                            "date": "2024-10-14", "lang": "en"})
    assert answer.status_code == 200
    assert any(e["type"] == "CONSULT" for e in answer.json()["events"])


@pytest.mark.parametrize("params, field", [
    ({"limit": 501}, "limit"), ({"limit": 0}, "limit"), ({"quad_class": 5}, "quad_class"),
    ({"since": "2024-13-01"}, "since"), ({"dyad": "RUS"}, "dyad"), ({"country": "ru"}, "country"),
    ({"min_confidence": 2}, "min_confidence"), ({"limt": 5}, "limt"),
    ({"since": "2024-10-02", "until": "2024-10-01"}, "since must not be after until"),
])
def test_bad_parameters_are_422_naming_the_problem(client, params, field):
    answer = client.get("/api/events", params=params)
    assert answer.status_code == 422
    assert field in answer.json()["detail"]


def test_unknown_actor_and_period_are_client_errors(client):
    assert client.get("/api/dyads/RUS/Nobody%20Atall/series").status_code == 400
    assert client.get("/api/dyads/RUS/CHN/series", params={"by": "year"}).status_code == 422


def test_oversized_post_is_refused(client):
    answer = client.post("/api/code", json={"text": "x" * 250_000})
    assert answer.status_code == 413 and "limit" in answer.json()["detail"]

    def chunks():                       # no Content-Length: cut off while streaming
        for _ in range(30):
            yield b"x" * 10_000
    streamed = client.post("/api/code", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413


def test_ingest_needs_the_token(client, filled):
    body = {"documents": [{"text": "Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow "
                                   "on Friday.", "date": "2024-10-18", "lang": "en", "source": "Api Wire"}]}
    assert client.post("/api/ingest", json=body).status_code == 401
    assert client.post("/api/ingest", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = client.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert ok["added"] == 1 and ok["events"] >= 1
    again = client.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert again["added"] == 0 and again["duplicates"] == 1
    assert client.get("/api/documents", params={"source": "Api Wire"}).json()["total"] == 1


def test_read_only_server_refuses_writes(filled):
    store, _ = filled
    with TestClient(create_app(store, rate_per_minute=0), raise_server_exceptions=False) as http:
        body = {"documents": [{"text": "Some text."}]}
        assert http.post("/api/ingest", json=body, headers={"Authorization": "Bearer x"}).status_code == 403
        assert http.delete("/api/documents/x").status_code == 405


def test_rate_limit_and_hidden_errors(filled, monkeypatch):
    store, _ = filled
    with TestClient(create_app(store, rate_per_minute=5), raise_server_exceptions=False) as http:
        codes = [http.get("/api/documents").status_code for _ in range(8)]
        assert codes[:5] == [200] * 5 and codes[-1] == 429

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")
    monkeypatch.setattr("dyadwatch.web.queries.list_documents", broken)
    with TestClient(create_app(store, rate_per_minute=0), raise_server_exceptions=False) as http:
        answer = http.get("/api/documents")
        assert answer.status_code == 500 and answer.json() == {"detail": "internal server error"}
        assert "secret" not in answer.text and "Traceback" not in answer.text


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/documents/{doc_id}", "/api/clusters/{cluster_id}", "/api/dyads/{a}/{b}/series",
                 "/api/top", "/api/alerts", "/api/actors", "/api/code", "/api/ingest"):
        assert path in paths
    assert client.get("/docs").status_code == 200


def test_serve_refuses_an_empty_token_variable(monkeypatch):
    from typer.testing import CliRunner

    from dyadwatch.cli import app

    monkeypatch.delenv("DW_TEST_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--db", "duckdb://:memory:", "--token-env", "DW_TEST_TOKEN"])
    assert result.exit_code == 2 and "DW_TEST_TOKEN" in result.output


def test_dashboard_is_served_without_anything_remote(client):
    import re

    page = client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text
    for asset in ("/static/app.js", "/static/svg.js", "/static/style.css", "/static/vendor/world-atlas/land-110m.json",
                  "/static/vendor/world-atlas/LICENSE"):
        answer = client.get(asset)
        assert answer.status_code == 200, asset
        # the only absolute URL allowed is the SVG namespace (an identifier, never fetched)
        remote = set(re.findall(r"(?:https?:)?//[\w.-]+\.\w+", answer.text)) - {"http://www.w3.org"}
        assert not remote, f"{asset} refers to {remote}"
