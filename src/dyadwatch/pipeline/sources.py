"""More corpus formats for ingestion: CSV, WARC archives, RSS/Atom feeds and URLs.

Text, HTML and JSONL files go through :func:`dyadwatch.pipeline.ingest.read_inputs`; this module
adds the formats a monitoring corpus arrives in and, like ``ingest``, turns every problem into a
:class:`Skipped` record instead of stopping the run.
"""
from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from .fetch import Fetcher, FetchRefused
from .ingest import SUPPORTED, RawDocument, Skipped, _from_html, _from_text, decode, read_inputs

CSV_SUFFIXES = {".csv", ".tsv"}
WARC_SUFFIXES = {".warc", ".warc.gz", ".arc", ".arc.gz"}
PARQUET_SUFFIXES = {".parquet"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
ALL_SUPPORTED = SUPPORTED | CSV_SUFFIXES | WARC_SUFFIXES | FEED_SUFFIXES | PARQUET_SUFFIXES
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml"}
# Column names accepted for each field of a CSV or Parquet corpus, in order of preference.
CSV_FIELDS = {"text": ("text", "body", "content", "article"), "title": ("title", "headline"),
              "date": ("date", "pub_date", "published", "publication_date"), "lang": ("lang", "language"),
              "id": ("id", "doc_id"), "outlet": ("source", "outlet", "publisher"), "url": ("url", "link")}


def _suffix(path: str) -> str:
    name = Path(path).name.lower()
    return next((s for s in WARC_SUFFIXES if name.endswith(s)), Path(name).suffix)


def is_url(item: str) -> bool:
    return urlsplit(item).scheme in ("http", "https")


def expand(inputs: Iterable[str]) -> Iterator[str]:
    """Folders → their supported files (sorted, recursive); files, URLs and ``-`` pass through."""
    for item in inputs:
        path = Path(item)
        if not is_url(item) and item != "-" and path.is_dir():
            yield from sorted(str(p) for p in path.rglob("*") if p.is_file() and _suffix(str(p)) in ALL_SUPPORTED)
        else:
            yield item


def _pick(row: dict, field: str) -> str | None:
    for name in CSV_FIELDS[field]:
        value = row.get(name)
        if value not in (None, ""):
            return value
    return None


def from_csv(data: bytes, source: str) -> Iterator[RawDocument | Skipped]:
    text, note = decode(data, source)
    if text is None:
        yield Skipped(source, note)
        return
    dialect = "excel-tab" if source.lower().endswith(".tsv") else "excel"
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = {c.strip().lower() for c in reader.fieldnames or []}
    if not columns & set(CSV_FIELDS["text"]):
        yield Skipped(source, f"no text column (one of {', '.join(CSV_FIELDS['text'])})")
        return
    try:
        for lineno, row in enumerate(reader, 2):
            yield _row_document(row, source, lineno)
    except csv.Error as exc:
        yield Skipped(source, f"malformed CSV ({exc})")


def _row_document(row: dict, source: str, number: int) -> RawDocument | Skipped:
    """One table row (CSV line, Parquet row) → a document; ``number`` names it when it has no id."""
    row = {(k or "").strip().lower(): v if v is None or isinstance(v, str) else str(v) for k, v in row.items()}
    where = f"{source}:{number}"
    body = _pick(row, "text")
    if not body or not body.strip():
        return Skipped(where, "row has an empty text column")
    return RawDocument(_pick(row, "id") or f"{Path(source).stem}-{number}", body, where,
                       lang=_pick(row, "lang"), date=_pick(row, "date"), title=_pick(row, "title"),
                       outlet=_pick(row, "outlet"), url=_pick(row, "url"))


def from_parquet(data: bytes, source: str) -> Iterator[RawDocument | Skipped]:
    """Rows of a Parquet file, with the same column names as a CSV corpus (numbered from 0)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError) as exc:
        yield Skipped(source, f"unreadable Parquet file ({exc})")
        return
    if not {c.lower() for c in table.column_names} & set(CSV_FIELDS["text"]):
        yield Skipped(source, f"no text column (one of {', '.join(CSV_FIELDS['text'])})")
        return
    offset = 0
    for batch in table.to_batches(max_chunksize=1024):
        for n, row in enumerate(batch.to_pylist()):
            yield _row_document(row, source, offset + n)
        offset += batch.num_rows


def from_warc(data: bytes, source: str) -> Iterator[RawDocument | Skipped]:
    """Each HTML response record of a WARC file becomes a document (other records are ignored)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    pages = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            if "html" not in (record.http_headers.get_header("Content-Type") or ""):
                continue
            pages += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            for item in _from_html(record.content_stream().read(), f"{source}#{url}"):
                if isinstance(item, RawDocument):
                    item.url = url
                    item.date = item.date or (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
                yield item
    except (ArchiveLoadFailed, ValueError, OSError) as exc:
        yield Skipped(source, f"unreadable WARC archive ({exc})")
        return
    if not pages:   # warcio reads arbitrary bytes as an (empty) ARC record rather than failing
        yield Skipped(source, "no HTML response records (not a WARC archive, or no pages in it)")


def _entry_text(entry) -> str:
    parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
    html = "\n".join(p for p in parts if p)
    if "<" not in html:
        return html
    import lxml.html

    return "\n".join(t.strip() for t in lxml.html.fromstring(f"<div>{html}</div>").itertext() if t.strip())


def from_feed(data: bytes, source: str) -> Iterator[RawDocument | Skipped]:
    """RSS/Atom entries → documents from the text the feed carries (full content, else summary)."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f"not a readable feed ({feed.bozo_exception})" if feed.bozo else "feed has no entries"
        yield Skipped(source, reason)
        return
    outlet = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, 1):
        where = f"{source}#{entry.get('link') or n}"
        body = _entry_text(entry)
        if not body.strip():
            yield Skipped(where, "feed entry carries no text")
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        yield RawDocument(entry.get("id") or f"{Path(source).stem}-{n}", body, where, title=entry.get("title"),
                          date=time.strftime("%Y-%m-%d", stamp) if stamp else None, outlet=outlet,
                          url=entry.get("link"))


def from_url(url: str, fetcher: Fetcher) -> Iterator[RawDocument | Skipped]:
    try:
        page = fetcher.fetch(url)
    except FetchRefused as exc:
        yield Skipped(url, str(exc))
        return
    if page.content_type in FEED_TYPES or _suffix(urlsplit(page.url).path) in FEED_SUFFIXES:
        yield from from_feed(page.data, url)
        return
    reader = _from_html if "html" in page.content_type else _from_text
    for item in reader(page.data, url):
        if isinstance(item, RawDocument):
            item.url = page.url
            item.outlet = item.outlet or urlsplit(page.url).hostname
        yield item


FILE_READERS = {**{s: from_csv for s in CSV_SUFFIXES}, **{s: from_warc for s in WARC_SUFFIXES},
                **{s: from_feed for s in FEED_SUFFIXES}, **{s: from_parquet for s in PARQUET_SUFFIXES}}


def read_sources(inputs: Iterable[str], fetcher: Fetcher | None = None,
                 max_bytes: int = 5_000_000) -> Iterator[RawDocument | Skipped]:
    """Documents and skips from files, folders, URLs and ``-``, in order."""
    fetcher = fetcher or Fetcher()
    for item in expand(inputs):
        reader = FILE_READERS.get(_suffix(item))
        if is_url(item):
            yield from from_url(item, fetcher)
        elif reader is None:
            yield from read_inputs([item], max_bytes)
        elif not Path(item).is_file():
            yield Skipped(item, "no such file")
        else:
            size = Path(item).stat().st_size
            if size > max_bytes * 100:
                yield Skipped(item, f"too large ({size / 1e6:.1f} MB)")
                continue
            yield from reader(Path(item).read_bytes(), item)
