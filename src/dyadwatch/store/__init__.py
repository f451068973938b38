"""The event store: one small interface over DuckDB (embedded default) and PostgreSQL (servers).

Every other module talks to the database only through :class:`Store`, writing portable SQL with
``?`` placeholders; the store translates them for psycopg and applies the versioned migrations of
``store/migrations`` when it opens.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

DEFAULT_DB = "dyadwatch.duckdb"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")
_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\?|%")


def to_pyformat(sql: str) -> str:
    """``?`` placeholders → ``%s`` (outside string literals); a literal ``%`` → ``%%``."""
    def swap(match: re.Match) -> str:
        token = match.group(0)
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        return token.replace("%", "%%")
    return _PLACEHOLDER.sub(swap, sql)


def duckdb_path(url: str | Path | None) -> str:
    """The file a DuckDB URL names: ``None`` → ``dyadwatch.duckdb``, ``duckdb://PATH`` or a plain path."""
    if url is None:
        return DEFAULT_DB
    text = str(url)
    return text[len("duckdb://"):] if text.startswith("duckdb://") else text


class Store:
    """A database connection with portable helpers; use :func:`open_store` to get one."""

    def __init__(self, conn: Any, backend: str, url: str):
        self._conn = conn
        self.backend = backend
        self.url = url
        self._depth = 0

    # -- statements ------------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return to_pyformat(sql) if self.backend == "postgresql" else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        if self.backend == "duckdb":
            self._conn.execute(sql, list(params))
        else:
            self._conn.execute(self._sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [list(r) for r in rows]
        if not rows:
            return
        if self.backend == "duckdb":
            self._conn.executemany(sql, rows)
        else:
            with self._conn.cursor() as cur:
                cur.executemany(self._sql(sql), rows)

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Bulk insert: one Arrow scan on DuckDB (row-by-row inserts are slow there), pipelined on psycopg."""
        if not rows:
            return
        names = ", ".join(columns)
        if self.backend == "duckdb":
            import pyarrow as pa

            batch = pa.table({c: pa.array([r[i] for r in rows]) for i, c in enumerate(columns)})
            self._conn.register("_insert_batch", batch)
            try:
                self._conn.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _insert_batch")
            finally:
                self._conn.unregister("_insert_batch")
        else:
            marks = ", ".join("?" for _ in columns)
            self.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        if self.backend == "duckdb":
            return self._conn.execute(sql, list(params)).fetchall()
        with self._conn.cursor() as cur:
            cur.execute(self._sql(sql), tuple(params))
            return [tuple(r) for r in cur.fetchall()] if cur.description else []

    def fetch_df(self, sql: str, params: Sequence[Any] = ()):
        """The result as a pandas DataFrame (column names from the query)."""
        import pandas as pd

        if self.backend == "duckdb":
            return self._conn.execute(sql, list(params)).df()
        with self._conn.cursor() as cur:
            cur.execute(self._sql(sql), tuple(params))
            columns = [c.name for c in cur.description]
            return pd.DataFrame(cur.fetchall(), columns=columns)

    def run_script(self, script: str) -> None:
        """Several ``;``-separated statements without parameters (migrations)."""
        self._conn.execute(script)

    def has_table(self, name: str) -> bool:
        rows = self.fetchall("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ?", (name,))
        return rows[0][0] > 0

    # -- transactions ------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """Commit on success, roll back on exception; nested calls join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            if self.backend == "duckdb":
                self._conn.execute("BEGIN TRANSACTION")
                try:
                    yield self
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            else:
                with self._conn.transaction():
                    yield self
        finally:
            self._depth = 0

    def add_analysis(self, analysis, source: str | None = None, url: str | None = None) -> bool:
        """Store one coded document (see :func:`dyadwatch.store.writer.add_analysis`)."""
        from .writer import add_analysis

        return add_analysis(self, analysis, source, url)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_store(url: str | Path | None = None, migrate: bool = True) -> Store:
    """Open (creating if needed) the store at ``url`` and bring its schema up to date."""
    text = str(url) if url is not None else None
    if text and text.startswith(POSTGRES_PREFIXES):
        import psycopg

        store = Store(psycopg.connect(text, autocommit=True), "postgresql", text)
    else:
        import duckdb

        path = duckdb_path(text)
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        store = Store(duckdb.connect(path), "duckdb", f"duckdb://{path}")
    if migrate:
        from .migrate import apply_migrations

        apply_migrations(store)
    return store


__all__ = ["DEFAULT_DB", "Store", "open_store", "to_pyformat"]
