"""Ingestion benchmark: documents per second with 1 and 2 coding workers, and database size.

    python bench/ingest.py --docs 800 --workers 1 2 --out bench/results/ingest.json

The corpus is the generated four-language news corpus of the tests (tests/corpus_gen.py: short
articles, one .txt file each). Every run is a fresh ``dyadwatch ingest`` process into a fresh DuckDB
file, so the wall time includes loading the models and knowledge base of four languages; the
steady rate (first to last committed batch) leaves that start-up out.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.corpus_gen import articles  # noqa: E402

BATCH_LINE = re.compile(r"batch \d+ committed: \d+ added \((\d+) added")


def write_folder(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    for i, art in enumerate(articles(n, seed=23)):
        (folder / f"{i:05d}.txt").write_text(art.text, encoding="utf-8")


def timed_ingest(folder: Path, db: Path, workers: int) -> dict:
    """Run one ingestion; the steady rate is measured from the first to the last committed batch,
    which leaves out the start-up (models and knowledge base of four languages in every worker)."""
    command = [sys.executable, "-c", "from dyadwatch.cli import main; main()", "ingest", str(folder),
               "--db", str(db), "--workers", str(workers), "--json"]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    commits = []   # (seconds since start, documents added so far)
    for line in proc.stderr:
        match = BATCH_LINE.match(line)
        if match:
            commits.append((time.perf_counter() - start, int(match.group(1))))
    report = json.loads(proc.stdout.read())
    if proc.wait() != 0:
        raise RuntimeError(f"ingest failed with exit status {proc.returncode}")
    wall = time.perf_counter() - start
    (t0, n0), (t1, n1) = commits[0], commits[-1]
    return {"wall_s": round(wall, 1), "first_batch_s": round(t0, 1), "added": report["added"],
            "docs_per_s": round(report["added"] / wall, 1),
            "steady_docs_per_s": round((n1 - n0) / (t1 - t0), 1) if t1 > t0 else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=800)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "ingest.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_folder(tmp / "corpus", args.docs)
        runs = {}
        for workers in args.workers:
            db = tmp / f"corpus-{workers}.duckdb"
            run = timed_ingest(tmp / "corpus", db, workers)
            assert run["added"] == args.docs, run
            run["db_mb_per_1k_docs"] = round(db.stat().st_size / args.docs * 1000 / 1e6, 2)
            runs[str(workers)] = run
            print(f"workers={workers}: {run}", file=sys.stderr)
        rerun = timed_ingest(tmp / "corpus", tmp / f"corpus-{args.workers[0]}.duckdb", 1)
    result = {"docs": args.docs, "languages": ["en", "fr", "de", "es"], "runs": runs,
              "reingest_all_duplicates_s": rerun["wall_s"], "reingest_added": rerun["added"],
              "cpu_count": os.cpu_count(), "load_average_at_end": os.getloadavg()[0],
              "python": platform.python_version(), "machine": platform.machine(),
              "command": "python bench/ingest.py " + " ".join(sys.argv[1:])}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
