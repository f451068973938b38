"""The Ray engine: the same coder on a Ray cluster, through Ray Data.

    dyadwatch code   INPUTS... --engine ray [--address auto|ray://HOST:10001] -o OUT_DIR
    dyadwatch ingest INPUTS... --engine ray [--address ...] --db postgresql://...

The driver only lists the shards (files, folders, URLs). Workers read them with the readers the local
engine uses, and a pool of coding actors, each building its :class:`~dyadwatch.coder.Coder` once, codes
``batch_size`` documents per call. Every output row stands for one input document: its analysis as the
JSON the local engine writes with ``--format json``, or why it was skipped, so nothing is lost silently.
``code`` writes the rows as Parquet shards from the workers; ``ingest`` streams them back to the driver,
which stays the store's only writer and keeps the local engine's idempotence rules.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from .coder import Coder
from .model import DocumentAnalysis
from .parallel import code_or_skip
from .pipeline.ingest import RawDocument, Skipped
from .pipeline.sources import expand, is_url, read_sources

if TYPE_CHECKING:
    import pyarrow as pa

    from .store.ingest import Ingestor, Rows

DOCUMENT_FIELDS = ("id", "source", "lang", "date", "title", "outlet", "url")
READ_FIELDS = (*DOCUMENT_FIELDS, "text", "status", "error")
# status: coded | skipped (error says why) | known (already in the store, not coded again)
OUTPUT_FIELDS = (*DOCUMENT_FIELDS, "key", "status", "error", "n_events", "analysis")
# Blocks of a few news articles: a batch of documents is its own block, so work spreads over the actors.
BLOCK_BYTES = 64 * 1024


class RayUnavailable(RuntimeError):
    pass


def _ray():
    try:
        import ray
        import ray.data  # noqa: F401  (Ray Data is a separate extra of ray)
    except ImportError as exc:
        raise RayUnavailable("the Ray engine needs Ray Data: pip install 'dyadwatch[ray]'") from exc
    return ray


def connect(address: str | None = None, workers: int = 0) -> int:
    """Join the cluster at ``address`` (or start a local one) and return how many coding actors to run."""
    ray = _ray()
    for name in ("ray", "ray.data"):   # our CLI reports progress and results itself
        logging.getLogger(name).setLevel(logging.WARNING)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    if not ray.is_initialized():
        local = address in (None, "", "local")
        ray.init(address=None if local else address, num_cpus=(workers or None) if local else None,
                 include_dashboard=False, log_to_driver=False, configure_logging=False, ignore_reinit_error=True)
    return workers or max(1, int(ray.cluster_resources().get("CPU", 1)))


def _schema(fields: Iterable[str]) -> "pa.Schema":
    import pyarrow as pa

    return pa.schema([(f, pa.int32() if f == "n_events" else pa.string()) for f in fields])


def _table(rows: list[dict], fields: tuple[str, ...]) -> "pa.Table":
    import pyarrow as pa

    return pa.Table.from_pylist([{f: row.get(f) for f in fields} for row in rows], schema=_schema(fields))


def read_shards(batch: "pa.Table", max_bytes: int, rows_per_block: int) -> Iterator["pa.Table"]:
    """Shard paths → blocks of ``rows_per_block`` rows: one per document, or per input that could not be
    read (with the reason). Small blocks let one big shard feed every coding actor."""
    rows = []
    for path in batch.column("path").to_pylist():
        for item in read_sources([path], max_bytes=max_bytes):
            if isinstance(item, Skipped):
                rows.append({"source": item.source, "status": "skipped", "error": item.reason})
            else:
                rows.append({**{f: getattr(item, f) for f in DOCUMENT_FIELDS}, "text": item.text, "status": "read"})
            if len(rows) >= rows_per_block:
                yield _table(rows, READ_FIELDS)
                rows = []
    if rows:
        yield _table(rows, READ_FIELDS)


class CodingActor:
    """Holds one Coder for its lifetime; ``store`` options turn on the ingest rules (see ``code_dataset``)."""

    def __init__(self, coder_options: dict, store: dict | None = None):
        self.coder = Coder(**coder_options)
        self.store = store
        self.known: frozenset[str] = frozenset()
        if store and store.get("known") is not None:
            import ray

            self.known = ray.get(store["known"])

    def _prepare(self, row: dict) -> tuple[RawDocument, dict]:
        raw = RawDocument(row["id"], row.pop("text"), row["source"], lang=row["lang"], date=row["date"],
                          title=row["title"], outlet=row["outlet"], url=row["url"])
        if self.store:   # the same identity and defaults as the local engine
            from .store.ingest import identify

            job = identify(raw, self.store.get("date"), self.store.get("outlet"))
            row.update(id=raw.id, outlet=job.outlet, key=job.key)
            if job.key in self.known:
                row["status"] = "known"
        return raw, row

    def __call__(self, batch: "pa.Table") -> "pa.Table":
        rows = batch.to_pylist()
        prepared = [self._prepare(row) for row in rows if row["status"] == "read"]
        todo = [(raw, row) for raw, row in prepared if row["status"] == "read"]   # not the known ones
        for (raw, row), coded in zip(todo, code_or_skip(self.coder, [raw for raw, _ in todo])):
            if isinstance(coded, Skipped):
                row.update(status="skipped", error=coded.reason)
            else:
                row.update(status="coded", lang=coded.lang, date=coded.date, title=coded.title,
                           n_events=len(coded.events), analysis=coded.model_dump_json())
        for row in rows:
            row.pop("text", None)
        return _table(rows, OUTPUT_FIELDS)


def code_dataset(inputs: Iterable[str], coder_options: dict, actors: int, batch_size: int = 16,
                 max_bytes: int = 5_000_000, store: dict | None = None):
    """The lazy Ray dataset of coded rows (see the module docstring); nothing runs until it is consumed."""
    ray = _ray()
    inputs = list(inputs)
    if "-" in inputs:
        raise ValueError("the Ray engine reads files, folders and URLs, not standard input")
    shards = [item if is_url(item) else str(Path(item).resolve()) for item in expand(inputs)]
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True   # output follows input order, as with the local engine
    context.target_max_block_size = BLOCK_BYTES
    return (ray.data.from_items([{"path": p} for p in shards], override_num_blocks=max(1, len(shards)))
            .map_batches(read_shards, batch_size=1, batch_format="pyarrow", num_cpus=0,   # light: CPUs go to coding
                         fn_kwargs={"max_bytes": max_bytes, "rows_per_block": batch_size})
            .map_batches(CodingActor, batch_size=batch_size, batch_format="pyarrow", num_cpus=1,
                         compute=ray.data.ActorPoolStrategy(size=actors),
                         fn_constructor_kwargs={"coder_options": coder_options, "store": store}))


def code_to_parquet(inputs: Iterable[str], out_dir: Path, coder_options: dict, actors: int,
                    batch_size: int = 16, max_bytes: int = 5_000_000) -> dict:
    """Code ``inputs`` on the cluster into Parquet shards under ``out_dir``; returns counts and skips."""
    import pyarrow.dataset as pads

    code_dataset(inputs, coder_options, actors, batch_size, max_bytes).write_parquet(str(out_dir))
    summary = pads.dataset(str(out_dir), format="parquet").to_table(columns=["source", "status", "error", "n_events"])
    rows = summary.to_pylist()
    return {"documents": sum(r["status"] == "coded" for r in rows),
            "events": sum(r["n_events"] or 0 for r in rows),
            "skipped": [Skipped(r["source"], r["error"]) for r in rows if r["status"] == "skipped"]}


def read_parquet_output(out_dir: Path) -> Iterator[DocumentAnalysis]:
    """The analyses a ``code --engine ray`` run wrote, in no particular order."""
    import pyarrow.dataset as pads

    table = pads.dataset(str(out_dir), format="parquet").to_table(columns=["analysis"])
    for value in table.column("analysis").to_pylist():
        if value is not None:
            yield DocumentAnalysis.model_validate_json(value)


def ingest_batches(ingestor: "Ingestor", inputs: Iterable[str], coder_options: dict,
                   actors: int) -> Iterator[tuple["Rows", list[Skipped]]]:
    """Coded batches for ``Ingestor.run``, keeping its report (seen, duplicates, skipped) as it would."""
    from .store.writer import all_keys, analysis_rows, merge_rows

    ray = _ray()
    known = ray.put(frozenset(all_keys(ingestor.store)))
    store = {"known": known, "date": ingestor.date, "outlet": ingestor.source}
    dataset = code_dataset(inputs, coder_options, actors, ingestor.batch_size, ingestor.max_bytes, store)
    report, seen_keys = ingestor.report, set()
    for batch in dataset.iter_batches(batch_size=ingestor.batch_size, batch_format="pyarrow"):
        pairs, failures = [], []
        for row in batch.to_pylist():
            if row["status"] == "skipped":
                (failures if row["key"] else report.skipped).append(Skipped(row["source"], row["error"]))
                report.seen += bool(row["key"])
            elif row["status"] == "known" or row["key"] in seen_keys:
                report.seen += 1
                report.duplicates += 1
            else:
                report.seen += 1
                seen_keys.add(row["key"])
                pairs.append(row)
            ingestor.on_item(report)
        rows = merge_rows(analysis_rows(DocumentAnalysis.model_validate_json(r["analysis"]), r["key"], r["outlet"],
                                        r["url"] or r["source"]) for r in pairs)
        yield rows, failures
