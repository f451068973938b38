"""Query latency of `dyad`, `top` and `alerts` on a generated store of N events (default 1,000,000).

The events are generated inside DuckDB by one INSERT … SELECT over ``range(N)`` (hash-based pseudo-random
columns, skewed so that a few dyads dominate as in real news), grouped into event clusters of ~1.4
mentions, plus one injected spike. Each query is timed before clustering (one unit per mention) and
after (one unit per cluster), median of ``--runs`` runs after one warm-up.

    python bench/store_queries.py [--events 1000000] [--runs 5] [--out bench/results/store-queries.json]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from dyadwatch.ontology import load_ontology
from dyadwatch.store import open_store
from dyadwatch.store.analytics import ActorSpec, alerts, biggest_changes, dyad, top
from dyadwatch.store.clusters import refresh_cluster_rows

COUNTRIES = ("RUS CHN USA UKR IRN ISR PSE SYR TUR IND PAK PRK KOR JPN TWN FRA DEU GBR POL BLR KAZ SAU EGY "
             "QAT ARE IRQ AFG NGA ETH SDN ZAF BRA VEN COL MEX CAN AUS VNM PHL IDN MYS THA MMR ARM AZE GEO SRB "
             "HUN ITA ESP GRC SWE FIN NOR LBY MLI").split()
SECTORS = ("", "GOV", "MIL", "GOV", "COP", "")
CAMEO = ("010 020 036 040 042 043 046 057 061 062 071 081 090 111 112 120 130 138 140 150 163 172 "
         "173 181 190 193 195").split()
SPIKE_DAY = "2025-06-12"
FIRST_DAY, RECENT = dt.date(2023, 1, 1), dt.date(2025, 10, 3)      # the generated events end on 2025-12-31


def build(store, n: int) -> None:
    """Dimension tables, then every event in one statement."""
    ont = load_ontology()
    store.execute("CREATE TABLE bench_countries (idx INTEGER, code TEXT)")
    store.executemany("INSERT INTO bench_countries VALUES (?, ?)", list(enumerate(COUNTRIES)))
    store.execute("CREATE TABLE bench_sectors (idx INTEGER, sector TEXT)")
    store.executemany("INSERT INTO bench_sectors VALUES (?, ?)", list(enumerate(SECTORS)))
    store.execute("CREATE TABLE bench_cameo (idx INTEGER, cameo TEXT, type TEXT, quad INTEGER, goldstein DOUBLE)")
    store.executemany("INSERT INTO bench_cameo VALUES (?, ?, ?, ?, ?)",
                      [(i, c, ont.coding(c).type, ont.coding(c).quad_class, ont.coding(c).goldstein)
                       for i, c in enumerate(CAMEO)])
    # r = the real event a mention reports; its attributes come from hash(r), so mentions of one event agree
    store.execute(f"""
        INSERT INTO events (event_id, doc_id, type, cameo, quad_class, goldstein, source_code, source_country,
            source_sector, target_code, target_country, target_sector, date, modality, confidence, sentence,
            trigger_text, coder, cluster_id)
        SELECT 'e' || g.i, 'd' || (g.i // 6), k.type, k.cameo, k.quad, k.goldstein,
               sc.code || ss.sector, sc.code, NULLIF(ss.sector, ''), tc.code || ts.sector, tc.code,
               NULLIF(ts.sector, ''), DATE '2023-01-01' + CAST(g.h4 % 1096 AS INTEGER),
               CASE WHEN hash(g.i) % 5 = 0 THEN 'reported' ELSE 'asserted' END, 0.5 + (hash(g.i) % 50) / 100.0,
               'Synthetic event ' || g.r || ' reported in mention ' || g.i || '.', 'met', 'bench', 'c' || g.r
        FROM (SELECT i, r, hash(r) AS h1, hash(r + 7919) AS h2, hash(r + 104729) AS h3, hash(r + 1299709) AS h4
              FROM (SELECT range AS i, (range * 7) // 10 AS r FROM range({int(n)}))) g
        JOIN bench_countries sc ON sc.idx = CAST(floor({len(COUNTRIES)} * pow((g.h1 % 10007) / 10007.0, 2.5)) AS INTEGER)
        JOIN bench_countries tc ON tc.idx = (sc.idx + 1 + CAST(floor(({len(COUNTRIES)} - 1)
                                   * pow((g.h2 % 10009) / 10009.0, 2.5)) AS INTEGER)) % {len(COUNTRIES)}
        JOIN bench_sectors ss ON ss.idx = g.h3 % {len(SECTORS)}
        JOIN bench_sectors ts ON ts.idx = (g.h3 // 7) % {len(SECTORS)}
        JOIN bench_cameo k ON k.idx = (g.h2 // 13) % {len(CAMEO)}""")
    # a known spike: 120 distinct clashes between two mid-table countries on one day
    store.execute(f"""
        INSERT INTO events (event_id, doc_id, type, cameo, quad_class, goldstein, source_code, source_country,
            target_code, target_country, date, modality, confidence, sentence, trigger_text, coder, cluster_id)
        SELECT 'spike' || range, 'dspike' || range, 'ASSAULT', '190', 4, -10.0, 'ARM', 'ARM', 'AZE', 'AZE',
               DATE '{SPIKE_DAY}', 'asserted', 0.9, 'Synthetic border clash ' || range || '.', 'clash', 'bench',
               'cspike' || range
        FROM range(120)""")
    for table in ("bench_countries", "bench_sectors", "bench_cameo"):
        store.execute(f"DROP TABLE {table}")


def timed(fn, runs: int) -> dict:
    fn()    # warm-up: first touch of the columns
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return {"median_s": round(statistics.median(times), 4), "max_s": round(max(times), 4), "runs": runs,
            "result_rows": len(result) if isinstance(result, list) else len(getattr(result, "rows", []))}


def queries(store) -> dict:
    rus, chn = ActorSpec("RUS", "country", "RUS", ""), ActorSpec("CHN", "country", "CHN", "")
    rusmil = ActorSpec("RUSMIL", "code", "RUSMIL", "")
    return {
        "dyad RUS CHN --by week (3 years)": lambda: dyad(store, rus, chn, by="week"),
        "dyad RUSMIL CHN --by month --directed": lambda: dyad(store, rusmil, chn, by="month", directed=True),
        "top --limit 20": lambda: top(store, limit=20),
        "top: biggest changes by week": lambda: biggest_changes(store, by="week")[1],
        "alerts --by day --window 28 (last 28 days)": lambda: alerts(store, window=28, threshold=3.0, by="day"),
        "alerts --by day --since 2025-10-03 (last 90 days)":
            lambda: alerts(store, window=28, threshold=3.0, by="day", since=RECENT),
        "alerts --by week --window 8 --conflict (last 8 weeks)":
            lambda: alerts(store, window=8, threshold=3.0, by="week", conflict=True),
        "alerts --by day --since 2023-01-01 (3 years)":
            lambda: alerts(store, window=28, threshold=3.0, by="day", since=FIRST_DAY),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, default=None, help="DuckDB file (default: a temporary one, removed)")
    parser.add_argument("--out", type=Path, default=Path("bench/results/store-queries.json"))
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory() if args.db is None else None
    path = args.db or Path(tmp.name) / "bench.duckdb"
    if path.exists():
        path.unlink()
    load_at_start = list(os.getloadavg())     # other work on the machine slows every figure below
    store = open_store(path)
    start = time.perf_counter()
    build(store, args.events)
    generated = time.perf_counter() - start
    n = store.fetchall("SELECT COUNT(*) FROM events")[0][0]
    # before clustering: every mention is a unit
    store.execute("UPDATE events SET cluster_id = NULL")
    per_mention = {name: timed(fn, args.runs) for name, fn in queries(store).items()}
    store.execute("UPDATE events SET cluster_id = 'c' || ((CAST(substr(event_id, 2) AS BIGINT) * 7) // 10) "
                  "WHERE event_id NOT LIKE 'spike%'")
    store.execute("UPDATE events SET cluster_id = 'c' || event_id WHERE event_id LIKE 'spike%'")
    start = time.perf_counter()
    refresh_cluster_rows(store)
    cluster_rows = time.perf_counter() - start
    clusters = store.fetchall("SELECT COUNT(*) FROM event_clusters")[0][0]
    per_cluster = {name: timed(fn, args.runs) for name, fn in queries(store).items()}
    spike = [a for a in alerts(store, window=28, threshold=3.0, by="day", since=FIRST_DAY)
             if (a.a, a.b) == ("ARM", "AZE")]
    store.execute("CHECKPOINT")
    store.close()
    report = {
        "events": n, "clusters": clusters, "db_bytes": os.path.getsize(path),
        "generate_s": round(generated, 2), "cluster_rows_s": round(cluster_rows, 2),
        "injected_spike_found": bool(spike) and str(spike[0].period) == SPIKE_DAY,
        "queries_one_unit_per_mention": per_mention, "queries_one_unit_per_cluster": per_cluster,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average_at_start_and_end": [load_at_start, list(os.getloadavg())]},
        "command": "python " + " ".join(sys.argv),
    }
    import duckdb

    report["machine"]["duckdb"] = duckdb.__version__
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
