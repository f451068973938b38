"""End to end on news-length wire stories written for this project (German and Spanish, no model).

Each ``tests/data/wire-<lang>.expected.yaml`` lists the events an analyst codes from the story. The
test holds the coder to that list in both directions: every event is found with its type and dyad,
and nothing else is coded. What the coder does not get right yet is written down in the file (``gap``
on an event, ``extras`` for events it should not code); the test also fails when one of those goes
away, so the file always tells the truth about the coder.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dyadwatch.coder import Coder
from dyadwatch.pipeline.ingest import RawDocument

DATA = Path(__file__).parent / "data"
Coding = tuple[str, frozenset, frozenset]


def _coding(entry: dict) -> Coding:
    return entry["type"], frozenset(entry["source"]), frozenset(entry["target"])


def _matches(expected: dict, got: Coding) -> bool:
    ptype, src, tgt = _coding(expected)
    return got[0] == ptype and ((got[1], got[2]) == (src, tgt) or (expected.get("joint") and (got[1], got[2]) == (tgt, src)))


def _coded(lang: str) -> tuple[dict, set[Coding]]:
    spec = yaml.safe_load((DATA / f"wire-{lang}.expected.yaml").read_text(encoding="utf-8"))
    text = (DATA / f"wire-{lang}.txt").read_text(encoding="utf-8")
    analysis = Coder(lang=spec["lang"], date=spec["date"]).analyze(RawDocument(f"wire-{lang}", text, "test"))
    got = {(e.type, frozenset(a.country for a in e.source if a.country),
            frozenset(a.country for a in e.target if a.country)) for e in analysis.events}
    return spec, got


@pytest.mark.parametrize("lang", ["de", "es"])
def test_wire_story(lang):
    spec, got = _coded(lang)
    problems = []
    for exp in spec["events"]:
        found = any(_matches(exp, g) for g in got)
        if found and exp.get("gap"):
            problems.append(f"gap closed, remove its mark: {exp['type']} {exp['note']}")
        elif not found and not exp.get("gap"):
            problems.append(f"lost: {exp['type']} {sorted(exp['source'])} -> {sorted(exp['target'])} ({exp['note']})")
    gap_types = {e["type"] for e in spec["events"] if e.get("gap")}
    extras = [_coding(x) for x in spec["extras"]]
    for g in sorted(got, key=str):
        explained = any(_matches(e, g) for e in spec["events"]) or g[0] in gap_types or g in extras
        if not explained:
            problems.append(f"unexpected: {g[0]} {sorted(g[1])} -> {sorted(g[2])}")
    problems += [f"extra gone, remove it from the file: {x[0]} {sorted(x[1])}" for x in extras if x not in got]
    assert not problems, "\n".join(problems)

