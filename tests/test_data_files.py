"""Every data file loads and validates; lexicon examples fire; malformed entries give clear errors."""
import pytest

from dyadwatch.checks import coverage, example_failures, validate_all
from dyadwatch.lexicon import _trigger
from dyadwatch.resources import DataFileError, require


def test_all_data_files_are_valid():
    assert validate_all() == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_lexicon_example_fires_its_own_entry(lang):
    assert example_failures(lang) == {}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_all_sixteen_plover_types_are_covered(lang):
    cov = coverage(lang)
    assert cov["types_covered"] == 16 and cov["entries"] > 400


@pytest.mark.parametrize("item,problem", [
    ({"pattern": "meet", "cameo": "040", "example": "x"}, "missing required key 'id'"),
    ({"id": "x", "pattern": "meet", "cameo": "999", "example": "x"}, "unknown CAMEO code"),
    ({"id": "x", "pattern": "meet", "cameo": "042", "example": "x", "type": "AGREE"}, "maps to CONSULT"),
    ({"id": "x", "pattern": "meet", "cameo": "020", "example": "x"}, "has no PLOVER type"),
    ({"id": "x", "pattern": "meet", "cameo": "042", "example": "x", "mode": "riot"}, "not a mode of CONSULT"),
    ({"id": "x", "pattern": "meet", "cameo": "042", "example": "x", "roles": {"subject": "victim"}}, "roles"),
    ({"id": "x", "pattern": "meet", "cameo": "042"}, "missing required key 'example'"),
])
def test_malformed_trigger_entries_are_named(item, problem):
    with pytest.raises(DataFileError) as exc:
        _trigger(item, "lexicons/xx/triggers.yaml", 3, 0.8)
    assert problem in str(exc.value) and "lexicons/xx/triggers.yaml" in str(exc.value)


def test_require_checks_types():
    with pytest.raises(DataFileError, match="'code' must be str"):
        require({"code": 3}, "code", "kb/countries.yaml", "entry 1", str)


def test_coding_rules_reject_unknown_types(monkeypatch):
    from dyadwatch import lexicon
    from dyadwatch.resources import DataFileError

    monkeypatch.setattr(lexicon, "load_yaml", lambda path: {"mutual_types": ["AGREE", "HANDSHAKE"]})
    lexicon.coding_rules.cache_clear()
    try:
        with pytest.raises(DataFileError, match="HANDSHAKE"):
            lexicon.coding_rules()
    finally:
        lexicon.coding_rules.cache_clear()
