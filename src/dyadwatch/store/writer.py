"""Turn :class:`~dyadwatch.model.DocumentAnalysis` records into rows of the core tables.

A document is identified by its *content key* (see :func:`content_key`): storing one whose key is
already present adds nothing, which is what makes ingestion idempotent.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections import defaultdict
from typing import Iterable

from ..model import Actor, DocumentAnalysis, Event
from . import Store

DOC_ID_CHARS = 24
COLUMNS = {
    "documents": ("doc_id", "content_hash", "source", "url", "title", "lang", "pub_date", "text", "n_chars",
                  "ingested_at"),
    "events": ("event_id", "doc_id", "type", "mode", "cameo", "cameo_name", "quad_class", "goldstein",
               "source_code", "source_country", "source_sector", "source_name",
               "target_code", "target_country", "target_sector", "target_name",
               "date", "date_precision", "modality", "confidence", "location_name", "location_country",
               "location_resolution", "geonameid", "lat", "lon", "sentence", "trigger_text", "trigger_start",
               "trigger_end", "coder", "lang", "record", "mutual"),
    "event_actors": ("event_id", "side", "position", "text", "name", "code", "country", "sector", "kb_id",
                     "start_offset", "end_offset"),
    "actor_mentions": ("doc_id", "position", "text", "name", "code", "country", "sector", "role", "kind", "kb_id",
                       "start_offset", "end_offset"),
    "quotes": ("doc_id", "position", "text", "speaker_name", "speaker_code", "start_offset", "end_offset"),
    "places": ("doc_id", "position", "text", "name", "country_code", "resolution", "geonameid", "lat", "lon",
               "start_offset", "end_offset"),
}


def content_key(text: str, source: str | None, title: str | None) -> str:
    """sha256 of the whitespace-normalised text, the outlet and the headline.

    The same body under another headline or from another outlet (syndication) is a new document;
    the same body, outlet and headline is the same document, wherever the file came from.
    """
    body = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256("\x1f".join([body, source or "", title or ""]).encode("utf-8")).hexdigest()


def doc_id_for(key: str) -> str:
    return key[:DOC_ID_CHARS]


def to_date(value: str | None) -> dt.date | None:
    """An ISO value at any precision (day, ``YYYY-Www``, ``YYYY-MM``, ``YYYY``) → its first day."""
    if not value:
        return None
    try:
        if "-W" in value:
            year, week = value.split("-W")
            return dt.date.fromisocalendar(int(year), int(week[:2]), 1)
        parts = value[:10].split("-")
        if len(parts) == 1:
            return dt.date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1)
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def existing_keys(store: Store, keys: Iterable[str]) -> set[str]:
    """The content keys among ``keys`` that the store already holds."""
    keys = list(dict.fromkeys(keys))
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update(r[0] for r in store.fetchall(f"SELECT content_hash FROM documents WHERE content_hash IN ({marks})",
                                                  chunk))
    return found


def all_keys(store: Store) -> list[str]:
    """Every content key the store holds (the Ray engine ships them to its workers to skip known documents)."""
    return [r[0] for r in store.fetchall("SELECT content_hash FROM documents")]


def _first(actors: list[Actor]) -> tuple:
    actor = actors[0] if actors else None
    return (actor.code, actor.country, actor.sector, actor.name or actor.text) if actor else (None,) * 4


def _event_row(event: Event, event_id: str, doc_id: str, lang: str, pub_date: dt.date | None) -> tuple:
    loc = event.location
    trig = event.evidence.trigger
    return (event_id, doc_id, event.type, event.mode, event.cameo, event.cameo_name, event.quad_class,
            event.goldstein, *_first(event.source), *_first(event.target),
            to_date(event.date) or pub_date, event.date_precision or ("day" if pub_date else None),
            event.modality, event.confidence,
            loc.name or loc.text if loc else None, loc.country_code if loc else None,
            loc.resolution if loc else None, loc.geonameid if loc else None,
            loc.lat if loc else None, loc.lon if loc else None,
            event.evidence.sentence, trig.text, trig.start, trig.end, event.coder, lang, event.model_dump_json(),
            event.mutual)


def analysis_rows(analysis: DocumentAnalysis, key: str, source: str | None, url: str | None,
                  ingested_at: dt.datetime | None = None) -> dict[str, list[tuple]]:
    """The rows one analysed document contributes to each core table."""
    doc_id = doc_id_for(key)
    pub_date = to_date(analysis.date)
    now = ingested_at or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    rows: dict[str, list[tuple]] = defaultdict(list)
    rows["documents"].append((doc_id, key, source, url, analysis.title, analysis.lang, pub_date, analysis.text,
                              len(analysis.text), now))
    seen: set[str] = set()
    for event in analysis.events:
        # ids are hashed from the coder's document id; re-key them when that id is not ours
        event_id = event.event_id if analysis.id == doc_id else \
            hashlib.sha1(f"{doc_id}|{event.event_id}".encode()).hexdigest()[:16]
        if event_id in seen:
            continue
        seen.add(event_id)
        rows["events"].append(_event_row(event, event_id, doc_id, analysis.lang, pub_date))
        for side, actors in (("source", event.source), ("target", event.target)):
            rows["event_actors"].extend((event_id, side, i, a.text, a.name, a.code, a.country, a.sector, a.kb_id,
                                         a.start, a.end) for i, a in enumerate(actors))
    rows["actor_mentions"] = [(doc_id, i, a.text, a.name, a.code, a.country, a.sector, a.role, a.kind, a.kb_id,
                               a.start, a.end) for i, a in enumerate(analysis.actors)]
    rows["quotes"] = [(doc_id, i, q.text, q.speaker.name if q.speaker else q.speaker_text,
                       q.speaker.code if q.speaker else None, q.start, q.end) for i, q in enumerate(analysis.quotes)]
    rows["places"] = [(doc_id, i, p.text, p.name, p.country_code, p.resolution, p.geonameid, p.lat, p.lon,
                       p.start, p.end) for i, p in enumerate(analysis.places)]
    return rows


def write_rows(store: Store, rows: dict[str, list[tuple]]) -> None:
    for table, columns in COLUMNS.items():
        store.insert_rows(table, columns, rows.get(table, []))


def merge_rows(parts: Iterable[dict[str, list[tuple]]]) -> dict[str, list[tuple]]:
    merged: dict[str, list[tuple]] = defaultdict(list)
    for part in parts:
        for table, rows in part.items():
            merged[table].extend(rows)
    return merged


def add_analysis(store: Store, analysis: DocumentAnalysis, source: str | None = None, url: str | None = None) -> bool:
    """Store one analysed document in one transaction; False (nothing added) if its content is known."""
    key = content_key(analysis.text, source, analysis.title)
    with store.transaction():
        if existing_keys(store, [key]):
            return False
        write_rows(store, analysis_rows(analysis, key, source, url))
    return True
