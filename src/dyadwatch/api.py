"""The notebook API: ``dyadwatch.open(db)`` → pandas (or polars) frames of the store."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .store import Store, open_store
from .store.export import Filters, events_frame


def _day(value: str | dt.date | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


class Dataset:
    """Read access to a dyadwatch store as DataFrames; close it (or use ``with``) when done."""

    def __init__(self, store: Store):
        self.store = store

    def events(self, since: str | dt.date | None = None, until: str | dt.date | None = None,
               country: str | None = None, type: str | None = None):
        """Events (one row each, with the document's outlet, URL, headline and cluster counts)."""
        frame = events_frame(self.store, Filters(_day(since), _day(until), country))
        return frame[frame["type"] == type].reset_index(drop=True) if type else frame

    def documents(self, with_text: bool = False):
        columns = "*" if with_text else "doc_id, content_hash, source, url, title, lang, pub_date, n_chars, ingested_at"
        return self.store.fetch_df(f"SELECT {columns} FROM documents ORDER BY pub_date, doc_id")

    def actors(self):
        """Every actor mention of every document."""
        return self.store.fetch_df("SELECT * FROM actor_mentions ORDER BY doc_id, position")

    def to_polars(self, frame):
        """A pandas frame from this object → polars (needs ``pip install polars``)."""
        try:
            import polars as pl
        except ImportError as exc:
            raise ImportError("to_polars() needs polars: pip install polars") from exc
        return pl.from_pandas(frame)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Dataset":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open(db: str | Path | None = None) -> Dataset:   # noqa: A001 (mirrors the builtin on purpose)
    """Open the store at ``db`` (DuckDB file, default ``dyadwatch.duckdb``, or ``postgresql://...``)."""
    return Dataset(open_store(db))
