"""The Ray engine codes exactly what the local engine codes (issue 8).

Starts a local Ray cluster of two CPUs. Skips with the reason when Ray Data is not installed, unless
``DYADWATCH_REQUIRE_RAY=1`` (set by ``.ci/run``), where a missing Ray is a failure.
"""
import os

import pytest

from tests.corpus_gen import write_shards
from dyadwatch.coder import Coder
from dyadwatch.parallel import code_documents
from dyadwatch.pipeline.ingest import RawDocument, Skipped
from dyadwatch.pipeline.sources import read_sources

N_DOCS = 500


@pytest.fixture(scope="module")
def ray_cluster():
    try:
        from dyadwatch.ray_engine import connect
        import ray
    except ImportError as exc:
        if os.environ.get("DYADWATCH_REQUIRE_RAY") == "1":
            pytest.fail(f"Ray Data is not installed: {exc}")
        pytest.skip(f"Ray Data is not installed (pip install 'dyadwatch[ray]'): {exc}")
    actors = connect(None, 2)
    yield actors
    ray.shutdown()


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    root = tmp_path_factory.mktemp("shards")
    unreadable = write_shards(root, N_DOCS)
    return root, unreadable


def test_ray_output_equals_local_output(ray_cluster, shards, tmp_path):
    from dyadwatch.ray_engine import code_to_parquet, read_parquet_output

    root, unreadable = shards
    options = {"date": "2024-10-15"}
    items = list(read_sources([str(root)]))
    local = {a.id: a.model_dump_json() for a in
             code_documents(Coder(**options), (i for i in items if isinstance(i, RawDocument)), workers=1)}
    assert len(local) == N_DOCS

    summary = code_to_parquet([str(root)], tmp_path / "out", options, ray_cluster)
    remote = {a.id: a.model_dump_json() for a in read_parquet_output(tmp_path / "out")}
    assert summary["documents"] == N_DOCS and len(summary["skipped"]) == unreadable
    assert sorted(s.source for s in summary["skipped"]) == sorted(i.source for i in items if isinstance(i, Skipped))
    assert remote.keys() == local.keys()
    differing = [doc_id for doc_id in local if remote[doc_id] != local[doc_id]]
    assert not differing, f"{len(differing)} documents coded differently, e.g. {differing[:3]}"
    assert summary["events"] == sum(a.count('"event_id"') for a in local.values()) > N_DOCS


def _table_counts(store) -> dict:
    return {t: store.fetchall(f"SELECT count(*) FROM {t}")[0][0] for t in ("documents", "events", "event_actors")}


def test_ray_ingest_equals_local_ingest_and_is_idempotent(ray_cluster, shards, tmp_path):
    from dyadwatch.store import open_store
    from dyadwatch.store.ingest import Ingestor

    root, unreadable = shards
    inputs = [str(p) for p in sorted(root.iterdir()) if p.suffix in (".parquet", ".txt")]
    reports, counts = {}, {}
    for engine in ("local", "ray"):
        store = open_store(str(tmp_path / f"{engine}.duckdb"))
        reports[engine] = Ingestor(store, date="2024-10-15", engine=engine, workers=2, batch_size=16).run(inputs)
        counts[engine] = _table_counts(store)
        if engine == "ray":   # a second run finds every document already stored
            again = Ingestor(store, date="2024-10-15", engine=engine, workers=2).run(inputs)
            assert (again.added, again.duplicates) == (0, reports["ray"].added)
            assert _table_counts(store) == counts["ray"]
        store.close()
    local, ray = reports["local"].as_dict(), reports["ray"].as_dict()
    for field in ("seen", "added", "duplicates", "skipped"):
        assert ray[field] == local[field], field
    assert local["added"] > 100 and local["skipped"] == 1
    assert counts["ray"] == counts["local"]
