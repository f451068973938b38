"""Stage 1 — ingest: turn paths (text, HTML, JSONL corpora, stdin) into raw documents.

Bad input never stops a run: each problem becomes a `Skipped` record naming the input and the
reason, and the caller decides (``--strict``) whether skips make the run fail.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
DEFAULT_MAX_BYTES = 5_000_000
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass
class RawDocument:
    id: str
    text: str
    source: str
    lang: str | None = None
    date: str | None = None
    title: str | None = None
    warnings: list[str] = field(default_factory=list)
    outlet: str | None = None   # the publisher, when the input names one (part of the store's content key)
    url: str | None = None


@dataclass
class Skipped:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def decode(data: bytes, source: str) -> tuple[str | None, str | None]:
    """Bytes → text, or (None, reason). Non-UTF-8 text is decoded only when the encoding is clear."""
    if not data.strip():
        return None, "empty input"
    if _looks_binary(data):
        return None, "binary content, not text"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        try:  # by far the most common legacy encoding of news text
            return data.decode("cp1252"), "not valid UTF-8; decoded as cp1252"
        except UnicodeDecodeError:
            pass
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None or best.chaos > 0.2:
            return None, f"not valid UTF-8 (byte {exc.start}) and no reliable encoding detected"
        return str(best), f"not valid UTF-8; decoded as {best.encoding}"


def _doc_id(source: str, text: str) -> str:
    return Path(source).stem or hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _from_text(data: bytes, source: str) -> Iterator[RawDocument | Skipped]:
    text, note = decode(data, source)
    if text is None:
        yield Skipped(source, note)
        return
    yield RawDocument(_doc_id(source, text), text, source, warnings=[note] if note else [])


def _from_html(data: bytes, source: str) -> Iterator[RawDocument | Skipped]:
    import trafilatura

    html, note = decode(data, source)
    if html is None:
        yield Skipped(source, note)
        return
    try:
        extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                                favor_precision=True)
        result = extracted.as_dict() if hasattr(extracted, "as_dict") else extracted
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        yield Skipped(source, f"HTML could not be parsed ({type(exc).__name__}: {exc})")
        return
    text = (result or {}).get("text") or ""
    if not text.strip():
        yield Skipped(source, "no main text found in the HTML")
        return
    yield RawDocument(_doc_id(source, text), text, source, title=result.get("title"),
                      date=result.get("date"), warnings=[note] if note else [])


def _from_jsonl(data: bytes, source: str) -> Iterator[RawDocument | Skipped]:
    text, note = decode(data, source)
    if text is None:
        yield Skipped(source, note)
        return
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield Skipped(where, "a JSONL record must be an object")
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield Skipped(where, "record has no non-empty 'text' field")
            continue
        rid = str(record.get("id") or f"{Path(source).stem}-{lineno}")
        yield RawDocument(rid, body, where, lang=record.get("lang"), date=record.get("date"),
                          title=record.get("title"), outlet=record.get("source") or record.get("outlet"),
                          url=record.get("url"))


def _expand(paths: Iterable[str]) -> Iterator[str]:
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            yield from sorted(str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
        else:
            yield raw


def read_inputs(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | Skipped]:
    """Yield documents and skips from files, folders and ``-`` (stdin), in order."""
    for source in _expand(paths):
        if source == "-":
            data = sys.stdin.buffer.read()
        else:
            path = Path(source)
            if not path.exists():
                yield Skipped(source, "no such file")
                continue
            size = path.stat().st_size
            suffix = path.suffix.lower()
            limit = max_bytes * 100 if suffix in JSONL_SUFFIXES else max_bytes
            if size > limit:
                yield Skipped(source, f"too large ({size / 1e6:.1f} MB > {limit / 1e6:.1f} MB limit; raise --max-bytes)")
                continue
            try:
                data = path.read_bytes()
            except OSError as exc:
                yield Skipped(source, f"cannot be read ({exc.strerror})")
                continue
        suffix = Path(source).suffix.lower()
        reader = _from_html if suffix in HTML_SUFFIXES else _from_jsonl if suffix in JSONL_SUFFIXES else _from_text
        for item in reader(data, source):
            if isinstance(item, RawDocument) and len(item.text.encode("utf-8")) > max_bytes:
                yield Skipped(item.source, f"text too large ({len(item.text) / 1e6:.1f} M characters; raise --max-bytes)")
            elif isinstance(item, RawDocument) and not _WORD.search(item.text):
                yield Skipped(item.source, "no readable text (no words found)")
            else:
                yield item
