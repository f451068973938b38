"""Ingestion: read a corpus, code what is new, and store it in whole batches.

Two rules make runs idempotent and resumable:

* a document's content key (:func:`~dyadwatch.store.writer.content_key`) is checked against the
  store *before* coding, so known documents cost a hash, not a parse, and are never added twice;
* each batch of documents is written in one transaction, so a run killed at any moment leaves only
  whole batches behind, and re-running the same command picks up exactly where it stopped.

Coding can run in worker processes (``workers > 1``) or on a Ray cluster (``engine="ray"``, see
:mod:`dyadwatch.ray_engine`); either way this process stays the only database writer.
"""
from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from contextlib import closing
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from ..parallel import code_or_skip, current_coder, map_chunks, resolve_workers
from ..pipeline.fetch import Fetcher
from ..pipeline.ingest import RawDocument, Skipped
from ..pipeline.normalize import normalize
from ..pipeline.sources import read_sources
from . import Store
from .writer import analysis_rows, content_key, doc_id_for, existing_keys, merge_rows, write_rows

DEFAULT_BATCH_SIZE = 32
Rows = dict[str, list[tuple]]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


@dataclass
class IngestReport:
    run_id: str
    seen: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    batches: int = 0
    interrupted: bool = False   # stopped on request after a whole batch; the same run again resumes

    def as_dict(self) -> dict:
        return {"run_id": self.run_id, "seen": self.seen, "added": self.added, "duplicates": self.duplicates,
                "skipped": len(self.skipped), "batches": self.batches, "interrupted": self.interrupted,
                "skipped_items": [{"source": s.source, "reason": s.reason} for s in self.skipped]}


@dataclass
class Job:
    """One new document on its way to the coder, with what the store needs to file it."""
    raw: RawDocument
    key: str
    outlet: str | None


def identify(raw: RawDocument, date: str | None, outlet: str | None) -> Job:
    """Give ``raw`` the run's default story date and outlet when it carries none, and the document id
    its content key determines: what either engine files it under."""
    raw.date = raw.date or date
    outlet = raw.outlet or outlet
    key = document_key(raw, outlet)
    raw.id = doc_id_for(key)
    return Job(raw, key, outlet)


def document_key(raw: RawDocument, outlet: str | None) -> str:
    """The content key the stored analysis will have (same normalisation and title as the coder's)."""
    norm = normalize(raw.text)
    return content_key(norm.text, outlet, raw.title or norm.title)


# -- coding, in this process or in a worker ------------------------------------------------------------
def code_jobs(jobs: list[Job]) -> tuple[Rows, list[Skipped]]:
    """Code a batch; a document the coder fails on is skipped, not fatal."""
    if not jobs:
        return {}, []
    coded = code_or_skip(current_coder(), [j.raw for j in jobs])
    failures = [c for c in coded if isinstance(c, Skipped)]
    rows = merge_rows(analysis_rows(a, j.key, j.outlet, j.raw.url or j.raw.source)
                      for j, a in zip(jobs, coded) if not isinstance(a, Skipped))
    return rows, failures


class Ingestor:
    """Runs one ingestion into ``store``; see the module docstring for the rules it keeps."""

    def __init__(self, store: Store, source: str | None = None, date: str | None = None, workers: int = 1,
                 batch_size: int = DEFAULT_BATCH_SIZE, fetcher: Fetcher | None = None, max_bytes: int = 5_000_000,
                 on_item: Callable[[IngestReport], None] | None = None,
                 on_batch: Callable[[IngestReport, int], None] | None = None,
                 engine: str = "local", address: str | None = None, ordered: bool = True):
        self.store = store
        self.source = source
        self.date = date      # story date for documents that carry none (relative dates resolve against it)
        self.workers = workers   # 0: one per core (local) or per cluster CPU (Ray)
        self.batch_size = max(1, batch_size)
        self.fetcher = fetcher or Fetcher()
        self.max_bytes = max_bytes
        self.on_item = on_item or (lambda report: None)
        self.on_batch = on_batch or (lambda report, added: None)
        self.report = IngestReport(run_id=uuid.uuid4().hex)
        self.engine = engine
        self.address = address   # the Ray cluster (engine="ray"); None starts a local one
        self.ordered = ordered   # False: local workers' batches are committed as they are ready

    # -- reading --------------------------------------------------------------------------------
    def _candidate_batches(self, inputs: Iterable[str]) -> Iterator[list[Job]]:
        """Batches of documents not seen earlier in this run (the store is checked per batch)."""
        seen_keys: set[str] = set()
        batch: list[Job] = []
        for item in read_sources(inputs, self.fetcher, self.max_bytes):
            if isinstance(item, Skipped):
                self.report.skipped.append(item)
            else:
                self.report.seen += 1
                job = identify(item, self.date, self.source)
                if job.key in seen_keys:
                    self.report.duplicates += 1
                else:
                    seen_keys.add(job.key)
                    batch.append(job)
            self.on_item(self.report)
            if len(batch) >= self.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _new_jobs(self, batch: list[Job]) -> list[Job]:
        known = existing_keys(self.store, [j.key for j in batch])
        self.report.duplicates += sum(1 for j in batch if j.key in known)
        return [j for j in batch if j.key not in known]

    # -- writing --------------------------------------------------------------------------------
    def _record_run(self, finished: bool) -> None:
        r = self.report
        self.store.execute(
            "UPDATE ingest_runs SET finished_at = ?, n_seen = ?, n_added = ?, n_duplicate = ?, n_skipped = ?, "
            "skipped_json = ? WHERE run_id = ?",
            (_now() if finished else None, r.seen, r.added, r.duplicates, len(r.skipped),
             json.dumps(r.as_dict()["skipped_items"], ensure_ascii=False), r.run_id))

    def _commit(self, coded: tuple[Rows, list[Skipped]]) -> None:
        rows, failures = coded
        self.report.skipped.extend(failures)
        added = len(rows.get("documents", []))
        with self.store.transaction():
            write_rows(self.store, rows)
            self.report.added += added
            self.report.batches += 1
            self._record_run(finished=False)
        self.on_batch(self.report, added)

    def _coded_batches(self, inputs: Iterable[str], stop: threading.Event | None) -> Iterator[tuple[Rows, list[Skipped]]]:
        if self.engine == "ray":
            from ..ray_engine import connect, ingest_batches

            return ingest_batches(self, inputs, current_coder().options(), connect(self.address, self.workers))
        batches = (self._new_jobs(b) for b in self._candidate_batches(inputs))
        return map_chunks(code_jobs, batches, resolve_workers(self.workers), stop, self.ordered)

    def run(self, inputs: Iterable[str], stop: threading.Event | None = None) -> IngestReport:
        """Ingest ``inputs``. When ``stop`` is set (Ctrl-C, see :func:`~dyadwatch.parallel.interrupt_flag`),
        the run ends after the batch being committed: the report says ``interrupted`` and the run stays
        unfinished in ``ingest_runs``."""
        with self.store.transaction():
            self.store.execute("INSERT INTO ingest_runs (run_id, started_at, n_seen, n_added, n_duplicate, n_skipped) "
                               "VALUES (?, ?, 0, 0, 0, 0)", (self.report.run_id, _now()))
        with closing(self._coded_batches(inputs, stop)) as coded_batches:
            for coded in coded_batches:
                self._commit(coded)
                if stop is not None and stop.is_set():
                    break
        if stop is not None and stop.is_set():   # after a batch, or while waiting for a worker
            self.report.interrupted = True
            return self.report
        with self.store.transaction():
            self._record_run(finished=True)
        return self.report


def ingest(store: Store, inputs: Iterable[str], **options) -> IngestReport:
    """Convenience wrapper: ``Ingestor(store, **options).run(inputs)``."""
    return Ingestor(store, **options).run(inputs)
