"""Stage 2 — normalise: clean text before language ID and parsing.

Unicode is composed (NFC), control characters and page furniture ("Veröffentlicht am", "Share")
are removed, and paragraphs are kept one per line so that headings never merge with the next
sentence. All offsets in the output refer to the normalised text, which the JSON output carries.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..resources import DataFileError, load_yaml

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
HEADING_MAX_WORDS = 10
TITLE_MAX_WORDS = 25


@dataclass
class NormalizedText:
    text: str
    title: str | None
    removed: list[str]          # boilerplate lines dropped, for the record


@lru_cache(maxsize=1)
def _boilerplate() -> re.Pattern:
    spec = load_yaml("lexicons/boilerplate.yaml")
    if not isinstance(spec, dict):
        raise DataFileError("lexicons/boilerplate.yaml", "expected a mapping of language → list of regexes")
    patterns = []
    for lang, items in spec.items():
        for item in items or []:
            try:
                re.compile(item)
            except re.error as exc:
                raise DataFileError("lexicons/boilerplate.yaml", f"bad regex {item!r}: {exc}", lang) from exc
            patterns.append(f"(?:{item})")
    return re.compile(r"^(?:" + "|".join(patterns) + r")$", re.IGNORECASE)


def is_heading(line: str, max_words: int = HEADING_MAX_WORDS) -> bool:
    """A short line without sentence-final punctuation: a title or section heading."""
    return len(line.split()) <= max_words and not re.search(r"[.!?:;»\"”)]$", line)


def normalize(text: str) -> NormalizedText:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    furniture = _boilerplate()
    lines, removed = [], []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            continue
        if furniture.match(line):
            removed.append(line)
            continue
        lines.append(line)
    title = lines[0] if lines and is_heading(lines[0], TITLE_MAX_WORDS) else None
    return NormalizedText("\n".join(lines), title, removed)
