"""Loading of the packaged data files (lexicons, knowledge base, ontology) with clear errors.

Every data file is read through :func:`load_yaml` so that a broken file always names itself,
the entry and the problem instead of surfacing as a KeyError deep in the coder.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

DATA_ROOT = Path(str(resources.files("dyadwatch") / "data"))
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when PyYAML was built with it


class DataFileError(ValueError):
    """A packaged or user data file is missing or malformed."""

    def __init__(self, path: Path | str, problem: str, entry: str | None = None):
        where = f"{path}" + (f" [{entry}]" if entry else "")
        super().__init__(f"{where}: {problem}")
        self.path, self.problem, self.entry = str(path), problem, entry


def data_path(relpath: str) -> Path:
    return DATA_ROOT / relpath


@lru_cache(maxsize=None)
def load_yaml(relpath: str, required: bool = True) -> Any:
    """Parse ``data/<relpath>``; a missing optional file gives ``None``."""
    path = data_path(relpath)
    if not path.exists():
        if required:
            raise DataFileError(path, "file not found")
        return None
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        raise DataFileError(path, f"invalid YAML: {exc}") from exc


def require(mapping: Any, key: str, path: str, entry: str | None, kind: type | tuple = object) -> Any:
    """Fetch ``mapping[key]`` and check its type, raising a DataFileError that names the entry."""
    if not isinstance(mapping, dict):
        raise DataFileError(path, f"expected a mapping, got {type(mapping).__name__}", entry)
    if key not in mapping or mapping[key] is None:
        raise DataFileError(path, f"missing required key '{key}'", entry)
    value = mapping[key]
    if not isinstance(value, kind):
        raise DataFileError(path, f"'{key}' must be {getattr(kind, '__name__', kind)}, got {type(value).__name__}", entry)
    return value
