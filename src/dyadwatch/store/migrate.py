"""Versioned schema migrations: ``migrations/NNNN_name.sql`` applied once each, in order.

A file ``NNNN_name.duckdb.sql`` or ``NNNN_name.postgresql.sql`` replaces the generic file of the
same version for that backend, for the rare statement whose dialects differ.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from . import Store

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_FILE = re.compile(r"^(\d{4})_(\w+?)(?:\.(duckdb|postgresql))?\.sql$")
_PG_LOCK = 0x64796164   # advisory lock key: two processes opening a fresh server database migrate one at a time


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path


def migrations_for(backend: str, directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The migrations of ``backend`` in version order, backend-specific files winning."""
    chosen: dict[int, tuple[bool, Migration]] = {}
    for path in sorted(directory.glob("*.sql")):
        match = _FILE.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: migration files are named NNNN_name.sql or NNNN_name.BACKEND.sql")
        version, name, only = int(match.group(1)), match.group(2), match.group(3)
        if only and only != backend:
            continue
        specific = only is not None
        if version in chosen and chosen[version][0] == specific:
            raise MigrationError(f"two migrations with version {version:04d} for {backend}")
        if version not in chosen or specific:
            chosen[version] = (specific, Migration(version, name, path))
    return [chosen[v][1] for v in sorted(chosen)]


def applied_versions(store: Store) -> set[int]:
    return {row[0] for row in store.fetchall("SELECT version FROM schema_migrations")}


def apply_migrations(store: Store) -> list[Migration]:
    """Apply every pending migration, each in its own transaction; returns those applied."""
    store.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                  "(version INTEGER PRIMARY KEY, name TEXT, applied_at TIMESTAMP)")
    done: list[Migration] = []
    for migration in migrations_for(store.backend):
        with store.transaction():
            if store.backend == "postgresql":
                store.execute("SELECT pg_advisory_xact_lock(?)", (_PG_LOCK,))
            if migration.version in applied_versions(store):
                continue
            store.run_script(migration.path.read_text(encoding="utf-8"))
            store.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                          (migration.version, migration.name, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)))
            done.append(migration)
    return done
