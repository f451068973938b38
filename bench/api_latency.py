"""p50/p95 latency of filtered ``GET /api/events`` over real HTTP, on a DuckDB store of N generated events
(default 100,000; generated in the database by ``bench/store_queries.py``'s ``build``), target p95 < 200 ms.

uvicorn serves ``create_app`` on a free local port in this process; an httpx client sends ``--requests``
requests per filter set after one warm-up each. Each request counts the matching rows and returns one page
(``limit=50``), as the dashboard does.

    python bench/api_latency.py [--events 100000] [--requests 40] [--out bench/results/api-latency.json]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from dyadwatch.store import open_store
from dyadwatch.web import create_app

sys.path.insert(0, str(Path(__file__).parent))
from store_queries import build

FILTERS = {
    "no filter": {},
    "dyad RUS-CHN": {"dyad": "RUS-CHN"},
    "country RUS + since 2025-06-01": {"country": "RUS", "since": "2025-06-01"},
    "actor RUSMIL + quad_class 4": {"actor": "RUSMIL", "quad_class": 4},
    "type CONSULT + date range (1 month)": {"type": "CONSULT", "since": "2024-03-01", "until": "2024-03-31"},
    "q text search 'mention 4242'": {"q": "mention 4242"},
    "min_confidence 0.9 + dyad USA-CHN": {"min_confidence": 0.9, "dyad": "USA-CHN"},
    "dyad RUS-UKR, page at offset 400": {"dyad": "RUS-UKR", "offset": 400},
}


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def _serve(app) -> tuple[uvicorn.Server, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--out", type=Path, default=Path("bench/results/api-latency.json"))
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    store = open_store(Path(tmp.name) / "api.duckdb")
    build(store, args.events)
    n = store.fetchall("SELECT COUNT(*) FROM events")[0][0]
    server, base = _serve(create_app(store, rate_per_minute=0))
    load_at_start = list(os.getloadavg())
    results, every = {}, []
    with httpx.Client(base_url=base, timeout=30) as http:
        for name, params in FILTERS.items():
            http.get("/api/events", params=params).raise_for_status()       # warm-up
            times = []
            for _ in range(args.requests):
                start = time.perf_counter()
                answer = http.get("/api/events", params=params)
                times.append((time.perf_counter() - start) * 1000)
                answer.raise_for_status()
            every += times
            results[name] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(_p95(times), 1),
                             "matching": answer.json()["total"]}
    server.should_exit = True
    store.close()
    tmp.cleanup()
    report = {
        "events": n, "requests_per_filter": args.requests,
        "p50_ms_all": round(statistics.median(every), 1), "p95_ms_all": round(_p95(every), 1),
        "target_p95_ms": 200, "filters": results,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average_at_start_and_end": [load_at_start, list(os.getloadavg())]},
        "command": "python " + " ".join(sys.argv),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
