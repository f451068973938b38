"""Throughput, memory and scaling of the local engine, per language (issue 8).

    python bench/scale.py --docs 500 --langs en fr de es --out bench/results/scale.json

The corpus of each language is news-length documents of about 25 sentences: a third of them carry an
event (the lexicons' own example sentences), the others are background sentences from
bench/data/background/LANG.txt; both were written for this project. ``--dense`` uses event sentences
only, the worst case that bench/speed.py measures.

Every configuration runs in a fresh process, so each peak memory figure is its own:

* ``bare``: ``nlp.pipe`` of the texts with the language's pipeline, the floor of any parse-based coder;
* ``full`` with 1 and 2 workers, at steady state: the models are loaded before the clock starts and the
  workers are forked from the loaded process, and each document is coded and rendered as JSONL event
  lines where it was coded (``dyadwatch code -f jsonl --workers 2`` does the same);
* ``fast`` (blank pipelines, roles from word order) with 1 worker: docs/s per core.

It reports docs/s, tokens/s, the ratio of full coding to the bare parse, the scaling efficiency from
1 to 2 workers, and peak RSS of the main process and of each worker. ``--eval`` adds the type F1 of the
full and fast profiles on ../shared/benchmarks/plover-gsr-en.jsonl (via ``dyadwatch eval``).

A shared machine's speed drifts (other tenants, frequency scaling), by up to 2x within an hour on the
one these figures come from. So each configuration runs ``--repeat`` times, the configurations in turn
(bare, full-1, full-2, fast, bare, ...), and the summary takes each one's median run; every run also
records its CPU seconds, the share of CPU time the hypervisor stole while it ran (``/proc/stat``), and
the times of two fixed workloads run just before it (``calibration_s``, see :func:`calibrate`): when
they vary between runs, so did the machine. ``fast_docs_per_cpu_s`` is docs per CPU-second of the one
worker, which other processes' share of the cores does not lower (their load on shared caches does).
"""
from __future__ import annotations

import argparse
import array
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from speed import emit  # bench/ is this script's directory, first on sys.path

HERE = Path(__file__).resolve().parent
BENCHMARK = HERE.parents[1] / "shared" / "benchmarks" / "plover-gsr-en.jsonl"
EVENT_SHARE = 1 / 3


def corpus(lang: str, n_docs: int, sentences: int = 25, dense: bool = False, seed: int = 11) -> list[str]:
    from dyadwatch.lexicon import load_lexicon

    events = [e.example for e in load_lexicon(lang).entries.values()]
    lines = (HERE / "data" / "background" / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
    background = [line for line in lines if line.strip() and not line.startswith("#")]
    rng = random.Random(seed)
    docs = []
    for _ in range(n_docs):
        n_events = sentences if dense else max(1, round(sentences * EVENT_SHARE))
        picked = rng.sample(events, min(n_events, len(events)))
        picked += rng.sample(background, min(sentences - len(picked), len(background)))
        rng.shuffle(picked)
        docs.append("\n\n".join(" ".join(picked[i:i + 4]) for i in range(0, len(picked), 4)))
    return docs


def _rss_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024)


def _cpu_seconds() -> float:
    """CPU time of this process and of its reaped children (the workers, once the pool has shut down)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _cpu_ticks() -> tuple[int, int] | None:
    """(steal, total) ticks of all CPUs since boot, or None where /proc/stat is missing."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    return (fields[7] if len(fields) > 7 else 0), sum(fields)


def calibrate(rounds: int = 1_000_000, size: int = 1 << 23) -> dict[str, float]:
    """Seconds for two fixed pure-Python workloads, a yardstick of the machine's speed at the moment to
    compare between runs: ``cpu``, dict and string work in cache, and ``memory``, reads at random
    places in a 64 MB array, which a neighbour's load on the shared caches slows down (the coder's
    tries and knowledge base are that big)."""
    t0 = time.perf_counter()
    table: dict[str, int] = {}
    for i in range(rounds):
        key = f"w{i % 5000}"
        table[key] = table.get(key, 0) + len(key.upper())
    t1 = time.perf_counter()
    data, x, total = array.array("q", bytes(8 * size)), 12345, 0
    t2 = time.perf_counter()
    for _ in range(rounds):
        x = (x * 1103515245 + 12345) & (size - 1)
        total += data[x]
    return {"cpu": round(t1 - t0, 3), "memory": round(time.perf_counter() - t2, 3)}


def measure(lang: str, mode: str, workers: int, n_docs: int, dense: bool) -> dict:
    """One configuration, in this process (see the module docstring)."""
    from dyadwatch.coder import Coder
    from dyadwatch.parallel import code_documents
    from dyadwatch.pipeline.ingest import RawDocument
    from dyadwatch.render import render_jsonl

    texts = corpus(lang, n_docs, dense=dense)
    coder = Coder(lang=lang, date="2024-10-15", fast=mode == "fast")
    coder.analyze(RawDocument("warm-up", texts[0], "warm-up"))   # models, lexicons, knowledge base, gazetteer
    nlp = coder.pipeline(lang).nlp
    n_tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts))
    calibration = calibrate()
    ticks0, cpu0, t0 = _cpu_ticks(), _cpu_seconds(), time.perf_counter()
    if mode == "bare":
        for _ in nlp.pipe(texts, batch_size=16):
            pass
        n_events = None
    else:
        raws = (RawDocument(f"d{i}", text, "bench") for i, text in enumerate(texts))
        coded = code_documents(coder, raws, workers=workers, chunk_size=16, render=render_jsonl)
        n_events = sum(doc.events for doc in coded)
    seconds, cpu, ticks = time.perf_counter() - t0, _cpu_seconds() - cpu0, _cpu_ticks()
    steal = round((ticks[0] - ticks0[0]) / max(1, ticks[1] - ticks0[1]), 3) if ticks and ticks0 else None
    return {"lang": lang, "mode": mode, "workers": workers, "model": coder.pipeline(lang).model, "docs": n_docs,
            "tokens": n_tokens, "events": n_events, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "docs_per_s": round(n_docs / seconds, 1), "docs_per_cpu_s": round(n_docs / cpu, 1),
            "tokens_per_s": round(n_tokens / seconds), "steal_share": steal, "calibration_s": calibration,
            "peak_rss_main_mb": _rss_mb(resource.RUSAGE_SELF),
            "peak_rss_worker_mb": _rss_mb(resource.RUSAGE_CHILDREN) if workers > 1 else None}


def _run(lang: str, mode: str, workers: int, n_docs: int, dense: bool) -> dict:
    cmd = [sys.executable, __file__, "--measure", lang, mode, str(workers), "--docs", str(n_docs)]
    out = subprocess.run(cmd + (["--dense"] if dense else []), check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _type_f1(fast: bool) -> float | None:
    if not BENCHMARK.exists():
        return None
    cmd = [str(Path(sys.executable).with_name("dyadwatch")), "eval", str(BENCHMARK), "--json"]
    out = subprocess.run(cmd + (["--fast"] if fast else []), check=True, capture_output=True, text=True).stdout
    return json.loads(out)["type"]["f1"]


CONFIGS = (("bare", 1), ("full", 1), ("full", 2), ("fast", 1))


def _name(mode: str, workers: int) -> str:
    return "bare" if mode == "bare" else f"{mode}-{workers}"


def median_run(runs: list[dict]) -> dict:
    """The run with the median time (the lower middle one of an even number)."""
    return sorted(runs, key=lambda r: r["seconds"])[(len(runs) - 1) // 2]


def summarise(lang: str, repeats: dict[str, list[dict]]) -> dict:
    runs = {name: median_run(rs) for name, rs in repeats.items()}
    bare, one, two, fast = runs["bare"], runs["full-1"], runs["full-2"], runs["fast-1"]
    calibration = {kind: [r["calibration_s"][kind] for rs in repeats.values() for r in rs] for kind in ("cpu", "memory")}
    steal = [r["steal_share"] for rs in repeats.values() for r in rs if r["steal_share"] is not None]
    return {"lang": lang, "model": one["model"], "docs": one["docs"], "tokens_per_doc": round(one["tokens"] / one["docs"]),
            "events_per_doc": round(one["events"] / one["docs"], 1),
            "bare_docs_per_s": bare["docs_per_s"], "full_docs_per_s": one["docs_per_s"],
            "full_tokens_per_s": one["tokens_per_s"],
            "ratio_to_bare_spacy": round(one["seconds"] / bare["seconds"], 2),
            "full_2_workers_docs_per_s": two["docs_per_s"],
            "speedup_2_workers": round(two["docs_per_s"] / one["docs_per_s"], 2),
            "scaling_efficiency": round(two["docs_per_s"] / (2 * one["docs_per_s"]), 2),
            "fast_docs_per_s_per_core": fast["docs_per_s"], "fast_docs_per_cpu_s": fast["docs_per_cpu_s"],
            "fast_tokens_per_s": fast["tokens_per_s"],
            "fast_docs_per_s_range": [min(r["docs_per_s"] for r in repeats["fast-1"]),
                                      max(r["docs_per_s"] for r in repeats["fast-1"])],
            "peak_rss_mb": one["peak_rss_main_mb"], "peak_rss_per_worker_mb": two["peak_rss_worker_mb"],
            "peak_rss_main_with_2_workers_mb": two["peak_rss_main_mb"],
            "calibration_s_range": {kind: [min(times), max(times)] for kind, times in calibration.items()},
            "max_steal_share": max(steal) if steal else None, "runs": repeats}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--langs", nargs="+", default=["en", "fr", "de", "es"])
    ap.add_argument("--dense", action="store_true", help="event sentences only (worst case)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each configuration, in turn; the median counts")
    ap.add_argument("--eval", action="store_true", help="add the full and fast type F1 on plover-gsr-en")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--measure", nargs=3, metavar=("LANG", "MODE", "WORKERS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        lang, mode, workers = args.measure
        print(json.dumps(measure(lang, mode, int(workers), args.docs, args.dense)))
        return
    result = {"corpus": "event sentences only" if args.dense else f"news-like, {EVENT_SHARE:.0%} event sentences",
              "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
              "repeat": args.repeat, "languages": []}
    for lang in args.langs:
        repeats: dict[str, list[dict]] = {_name(mode, workers): [] for mode, workers in CONFIGS}
        for _ in range(max(1, args.repeat)):
            for mode, workers in CONFIGS:
                repeats[_name(mode, workers)].append(_run(lang, mode, workers, args.docs, args.dense))
        result["languages"].append(summarise(lang, repeats))
        print(json.dumps({k: v for k, v in result["languages"][-1].items() if k != "runs"}), file=sys.stderr)
    if args.eval:
        result["plover_gsr_en_type_f1"] = {"full": _type_f1(False), "fast": _type_f1(True)}
    emit(result, args.out)


if __name__ == "__main__":
    sys.exit(main())
