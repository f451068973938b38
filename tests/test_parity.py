"""Language parity on our own parallel sentences (tests/data/parity.yaml): regression floors.

The figures and the target (≥ 0.90 of items coded alike in all four languages) are in the README;
`python bench/parity.py` prints them with the items each language misses.
"""
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = {"en": 0.95, "fr": 0.97, "de": 0.96, "es": 0.95}
ALL_FOUR_FLOOR = 0.90


@pytest.fixture(scope="module")
def parity():
    spec = importlib.util.spec_from_file_location("parity", ROOT / "bench" / "parity.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.run()


def test_every_language_codes_its_share_of_the_parallel_facts(parity):
    assert parity["items"] >= 128
    for lang, floor in FLOORS.items():
        assert parity["hit_rate"][lang] >= floor, (lang, parity["misses"][lang])
    assert parity["all_four"] >= ALL_FOUR_FLOOR
