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
