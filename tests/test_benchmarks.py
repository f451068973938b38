"""Regression floors on the shared gold sets (FORMAT.md scoring), skipped without ../shared.

The floors are the figures measured when they were set, rounded down: a change that loses accuracy
fails here. Raise them when the coder improves.
"""
import pytest

from dyadwatch.coder import Coder
from dyadwatch.evaluate import evaluate, load_gold
from dyadwatch.pipeline.ingest import RawDocument

from .conftest import shared_file

FLOORS = {
    "plover-gsr-en.jsonl": {"type_f1": 0.81, "dyad_f1": 0.61},
    "up-es-dev.jsonl": {"type_f1": 0.67, "dyad_f1": 0.61, "type_precision": 0.70},
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_benchmark_floor(name):
    records = load_gold(shared_file(f"benchmarks/{name}"))
    raws = [RawDocument(str(r["id"]), r["text"], name, lang=r.get("lang"), date=r.get("date")) for r in records]
    report = evaluate(Coder().pipe(raws, batch_size=32), {str(r["id"]): r["events"] for r in records})
    floor = FLOORS[name]
    assert report.type.f1 >= floor["type_f1"], report.as_dict()
    assert report.dyad.f1 >= floor["dyad_f1"], report.as_dict()
    assert report.type.precision >= floor.get("type_precision", 0), report.as_dict()
    assert report.type.precision >= report.type.recall, report.as_dict()
