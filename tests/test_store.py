"""The store opens, migrates and round-trips rows on both backends."""
import datetime as dt

import pytest

from dyadwatch.store import open_store, to_pyformat
from dyadwatch.store.migrate import migrations_for


def test_placeholders_become_pyformat_outside_literals():
    assert to_pyformat("SELECT ? , 'a?b%' WHERE x LIKE 'c%' AND y = ?") == \
        "SELECT %s , 'a?b%%' WHERE x LIKE 'c%%' AND y = %s"


def test_backend_specific_migration_replaces_the_generic_one(tmp_path):
    for name in ("0001_core.sql", "0002_blob.sql", "0002_blob.postgresql.sql"):
        (tmp_path / name).write_text("SELECT 1;")
    assert [m.path.name for m in migrations_for("postgresql", tmp_path)] == ["0001_core.sql", "0002_blob.postgresql.sql"]
    assert [m.path.name for m in migrations_for("duckdb", tmp_path)] == ["0001_core.sql", "0002_blob.sql"]


def test_open_migrate_and_round_trip(store_url):
    store = open_store(store_url)
    try:
        assert store.backend in ("duckdb", "postgresql")
        assert (1, "core") in store.fetchall("SELECT version, name FROM schema_migrations")
        with store.transaction():
            store.execute("INSERT INTO documents (doc_id, content_hash, title, pub_date, n_chars) VALUES (?, ?, ?, ?, ?)",
                          ("d1", "h1", "50% of a title?", dt.date(2024, 10, 15), 12))
        rows = store.fetchall("SELECT doc_id, title, pub_date, n_chars FROM documents WHERE title LIKE '50%'")
        assert rows == [("d1", "50% of a title?", dt.date(2024, 10, 15), 12)]
        assert list(store.fetch_df("SELECT doc_id FROM documents")["doc_id"]) == ["d1"]
        assert store.has_table("events") and not store.has_table("no_such_table")
    finally:
        store.close()
    again = open_store(store_url)   # reopening applies nothing twice
    try:
        assert again.fetchall("SELECT COUNT(*) FROM schema_migrations WHERE version = 1") == [(1,)]
        assert again.fetchall("SELECT COUNT(*) FROM documents") == [(1,)]
    finally:
        again.close()


def test_transaction_rolls_back_on_error(store_url):
    store = open_store(store_url)
    try:
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.execute("INSERT INTO documents (doc_id, content_hash) VALUES (?, ?)", ("d1", "h1"))
                raise RuntimeError("boom")
        assert store.fetchall("SELECT COUNT(*) FROM documents") == [(0,)]
    finally:
        store.close()
