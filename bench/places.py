"""Place-recognition benchmark: toponym recall and precision, resolution accuracy, gazetteer cost.

    python bench/places.py [--data bench/data/places/wire.jsonl] [--out bench/results/places.json]

The texts are our own wire-style sentences in en/fr/de/es (``bench/data/places/wire.jsonl``: one JSON
object per text with ``id``, ``lang``, ``text`` and ``toponyms``, each toponym with its ``text`` as
written, the ``name``, ``geonameid`` and ``country`` (ISO alpha-3) of the place meant; a region of
our list without a GeoNames id has ``geonameid: null`` and is matched by name). Only places are
annotated: a capital or country used for its government ("Tokio" in "según Tokio") is an actor.

A gold toponym is found when a predicted place overlaps its characters (the k-th occurrence of its
text for the k-th annotation of that text). Resolution accuracy is over the toponyms found.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

DEFAULT_DATA = Path(__file__).parent / "data" / "places" / "wire.jsonl"


def gold_spans(doc: dict) -> list[tuple[int, int, dict]]:
    seen: dict[str, int] = defaultdict(int)
    out = []
    for top in doc["toponyms"]:
        pos = -1
        for _ in range(seen[top["text"]] + 1):
            pos = doc["text"].find(top["text"], pos + 1)
            if pos < 0:
                raise ValueError(f"{doc['id']}: {top['text']!r} not found in the text (often enough)")
        seen[top["text"]] += 1
        out.append((pos, pos + len(top["text"]), top))
    return out


def score(docs: list[dict]) -> dict:
    from dyadwatch.coder import Coder

    coders: dict[str, Coder] = {}
    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    errors = []
    for doc in docs:
        coder = coders.setdefault(doc["lang"], Coder(lang=doc["lang"], date="2024-06-11"))
        predicted = coder.analyze(doc["text"]).places
        gold = gold_spans(doc)
        used = set()
        for lang in (doc["lang"], "all"):
            tally[lang]["gold"] += len(gold)
            tally[lang]["predicted"] += len(predicted)
        for start, end, top in gold:
            hit = next((k for k, p in enumerate(predicted) if k not in used and p.start < end and start < p.end), None)
            if hit is None:
                errors.append(f"{doc['id']}: missed {top['text']!r}")
                continue
            used.add(hit)
            p = predicted[hit]
            country_ok = p.country_code == top["country"]
            id_ok = p.geonameid == top["geonameid"] if top["geonameid"] is not None else p.name == top["name"]
            for lang in (doc["lang"], "all"):
                tally[lang]["found"] += 1
                tally[lang]["country_ok"] += country_ok
                tally[lang]["id_ok"] += id_ok
            if not id_ok:
                errors.append(f"{doc['id']}: {top['text']!r} → {p.name} ({p.country_code}, {p.geonameid}), "
                              f"expected {top['name']} ({top['country']}, {top['geonameid']})")
        for k, p in enumerate(predicted):
            if k not in used:
                errors.append(f"{doc['id']}: spurious {p.text!r} ({p.name}, {p.country_code})")
    return {lang: _rates(t) for lang, t in sorted(tally.items())} | {"errors": errors}


def _rates(t: dict[str, int]) -> dict:
    found = t["found"] or 1
    return {"toponyms": t["gold"], "recall": round(t["found"] / t["gold"], 3),
            "precision": round(t["found"] / t["predicted"], 3) if t["predicted"] else None,
            "country_accuracy": round(t["country_ok"] / found, 3), "geonameid_accuracy": round(t["id_ok"] / found, 3)}


def gazetteer_cost() -> dict:
    """Build time, load time from the cache, and the memory the gazetteer adds, each in a fresh process."""
    probe = ("import resource, time; import dyadwatch.patterns, dyadwatch.resources; "
             "r0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; t0 = time.perf_counter(); "
             "from dyadwatch.pipeline import gazetteer as g; gaz = g.{fn}(); "
             "print(time.perf_counter() - t0, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - r0) / 1024, len(gaz))")
    out = {}
    for label, fn in (("build", "build_gazetteer"), ("load_cached", "load_gazetteer")):
        if label == "load_cached":   # make sure the cache exists
            subprocess.run([sys.executable, "-c", "from dyadwatch.pipeline.gazetteer import load_gazetteer as l; l()"],
                           check=True)
        res = subprocess.run([sys.executable, "-c", probe.format(fn=fn)], check=True, capture_output=True, text=True)
        seconds, mb, entries = res.stdout.split()
        out[f"{label}_s"] = round(float(seconds), 2)
        out[f"{label}_extra_rss_mb"] = round(float(mb))
        out["entries"] = int(entries)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--errors", action="store_true", help="list every miss, confusion and spurious place")
    args = ap.parse_args()
    docs = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    cost = gazetteer_cost()   # first: a child process inherits its parent's peak memory figure
    t0 = time.perf_counter()
    result = score(docs)
    result["coding_s"] = round(time.perf_counter() - t0, 1)
    result["gazetteer"] = cost
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    errors = result.pop("errors")
    if args.errors:
        result["errors"] = errors
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as fh:
            json.dump(result, fh, indent=2, ensure_ascii=False)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
