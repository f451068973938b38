import datetime as dt
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_file(rel: str) -> Path:
    """A file of ../shared, or a clean skip when this checkout has none."""
    path = SHARED / rel
    if not path.exists():
        pytest.skip(f"../shared/{rel} is not present in this checkout")
    return path


@pytest.fixture(scope="session")
def coder_factory():
    from dyadwatch.coder import Coder

    cache = {}

    def make(lang="auto", date=None):
        key = (lang, date)
        if key not in cache:
            cache[key] = Coder(lang=lang, date=date)
        return cache[key]

    return make


@pytest.fixture(scope="session")
def story_day():
    return dt.date(2024, 10, 15)


POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def postgres_database():
    """Create a throw-away database on the local server; yields its URL and drops it afterwards."""
    import os
    import secrets

    try:
        import psycopg

        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3)
    except Exception as exc:  # no driver, no server, no role: all mean "no PostgreSQL here"
        if os.environ.get("DYADWATCH_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL not reachable at 127.0.0.1:5432: {exc}")
        pytest.skip(f"PostgreSQL not reachable at 127.0.0.1:5432: {exc}")
    name = f"dyadwatch_test_{secrets.token_hex(6)}"
    admin.execute(f"CREATE DATABASE {name}")
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


@pytest.fixture(params=["duckdb", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty store URL on each backend: a DuckDB file, then a new PostgreSQL database."""
    if request.param == "duckdb":
        yield f"duckdb://{tmp_path / 'test.duckdb'}"
    else:
        yield from postgres_database()


@pytest.fixture
def store(store_url):
    """An open, empty store on each backend, closed after the test."""
    from dyadwatch.store import open_store

    opened = open_store(store_url)
    yield opened
    opened.close()
