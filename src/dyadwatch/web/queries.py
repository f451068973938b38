"""Read queries the web API needs and the store does not offer: filtered event pages, one document,
event or cluster with everything shown next to it, and overall volume per period.

Dyad series, top dyads and alerts are *not* here: the API calls :mod:`dyadwatch.store.analytics`.
SQL is portable (DuckDB and PostgreSQL) with ``?`` placeholders, like the rest of the store.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..store import Store
from ..store.analytics import QUADS, UNITS, ActorSpec, date_condition, dyad_condition, period_range

EVENT_COLUMNS = ("event_id", "doc_id", "cluster_id", "type", "mode", "cameo", "cameo_name", "quad_class",
                 "goldstein", "source_code", "source_country", "source_name", "target_code", "target_country",
                 "target_name", "date", "date_precision", "modality", "confidence", "location_name",
                 "location_country", "lat", "lon", "sentence", "trigger_text", "lang")
DOCUMENT_COLUMNS = ("doc_id", "source", "url", "title", "lang", "pub_date", "n_chars", "ingested_at")


@dataclass(frozen=True)
class EventFilter:
    """Conditions on the events table; every field is optional and they combine with AND."""

    actor: str | None = None          # CAMEO code prefix on either side (RUSMIL, CHN)
    country: str | None = None        # ISO alpha-3 on either side
    dyad: tuple[str, str] | None = None   # two sides, either direction; a side is a country or a code prefix
    type: str | None = None
    quad_class: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    lang: str | None = None
    place: str | None = None          # location name (substring) or its country code
    q: str | None = None              # substring of the evidence sentence
    min_confidence: float | None = None
    located: bool | None = None       # only events with coordinates
    cluster_id: str | None = None
    named: str | None = None          # knowledge-base id of an actor the event names (either side)

    def where(self) -> tuple[str, list]:
        parts: list[str] = []
        params: list = []

        def add(sql: str, *values) -> None:
            parts.append(sql)
            params.extend(values)

        if self.actor:
            add("(source_code LIKE ? OR target_code LIKE ?)", self.actor + "%", self.actor + "%")
        if self.country:
            add("(source_country = ? OR target_country = ?)", self.country, self.country)
        if self.dyad:
            a, b = (_side(x) for x in self.dyad)
            add(f"(({a.format('source')} AND {b.format('target')}) OR ({b.format('source')} AND {a.format('target')}))",
                *_side_params(self.dyad[0]), *_side_params(self.dyad[1]),
                *_side_params(self.dyad[1]), *_side_params(self.dyad[0]))
        for column, value in (("type", self.type), ("quad_class", self.quad_class), ("lang", self.lang),
                              ("cluster_id", self.cluster_id)):
            if value is not None:
                add(f"{column} = ?", value)
        if self.since:
            add("date >= ?", self.since)
        if self.until:
            add("date <= ?", self.until)
        if self.place:
            add("(location_name ILIKE ? ESCAPE '\\' OR location_country = ?)", f"%{_escape(self.place)}%", self.place.upper())
        if self.q:
            add("sentence ILIKE ? ESCAPE '\\'", f"%{_escape(self.q)}%")
        if self.min_confidence is not None:
            add("confidence >= ?", self.min_confidence)
        if self.named:
            add("event_id IN (SELECT event_id FROM event_actors WHERE kb_id = ?)", self.named)
        if self.located:
            add("lat IS NOT NULL AND lon IS NOT NULL")
        return (" AND ".join(parts) or "TRUE"), params


def _side(code: str) -> str:
    """A three-letter side is a country; a longer one a CAMEO code prefix."""
    return "{}_country = ?" if len(code) == 3 else "{}_code LIKE ?"


def _side_params(code: str) -> list[str]:
    return [code] if len(code) == 3 else [code + "%"]


def _escape(text: str) -> str:
    """LIKE wildcards typed by a user are matched literally (the queries declare backslash as the escape)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _rows(store: Store, sql: str, params: list, columns: tuple[str, ...]) -> list[dict]:
    return [dict(zip(columns, row)) for row in store.fetchall(sql, params)]


def list_events(store: Store, flt: EventFilter, limit: int, offset: int) -> tuple[int, list[dict]]:
    """One page of events, newest first, and how many match in all."""
    where, params = flt.where()
    total = store.fetchall(f"SELECT COUNT(*) FROM events WHERE {where}", params)[0][0]
    items = _rows(store, f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE {where} "
                         f"ORDER BY date DESC NULLS LAST, event_id LIMIT {int(limit)} OFFSET {int(offset)}",
                  params, EVENT_COLUMNS)
    return int(total), items


def list_documents(store: Store, limit: int, offset: int, lang: str | None = None,
                   source: str | None = None) -> tuple[int, list[dict]]:
    given = [(f"{column} = ?", value) for column, value in (("lang", lang), ("source", source)) if value]
    where = " AND ".join(sql for sql, _ in given) or "TRUE"
    params = [value for _, value in given]
    total = store.fetchall(f"SELECT COUNT(*) FROM documents WHERE {where}", params)[0][0]
    items = _rows(store, f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents WHERE {where} "
                         f"ORDER BY pub_date DESC NULLS LAST, doc_id LIMIT {int(limit)} OFFSET {int(offset)}",
                  params, DOCUMENT_COLUMNS)
    return int(total), items


def _with_record(event: dict, record: str | None) -> dict:
    """The stored event JSON carries the evidence spans (trigger, actors, date, place) the views highlight."""
    event["record"] = json.loads(record) if record else None
    return event


def get_event(store: Store, event_id: str) -> dict | None:
    rows = store.fetchall(f"SELECT {', '.join(EVENT_COLUMNS)}, record FROM events WHERE event_id = ?", [event_id])
    if not rows:
        return None
    event = _with_record(dict(zip(EVENT_COLUMNS, rows[0][:-1])), rows[0][-1])
    event["document"] = _document_head(store, event["doc_id"])
    event["cluster"] = get_cluster(store, event["cluster_id"]) if event["cluster_id"] else None
    return event


def _document_head(store: Store, doc_id: str) -> dict | None:
    found = _rows(store, f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents WHERE doc_id = ?", [doc_id],
                  DOCUMENT_COLUMNS)
    return found[0] if found else None


def get_document(store: Store, doc_id: str) -> dict | None:
    """A document with its text and everything coded in it."""
    head = _document_head(store, doc_id)
    if head is None:
        return None
    head["text"] = store.fetchall("SELECT text FROM documents WHERE doc_id = ?", [doc_id])[0][0]
    head["events"] = [_with_record(dict(zip(EVENT_COLUMNS, r[:-1])), r[-1]) for r in store.fetchall(
        f"SELECT {', '.join(EVENT_COLUMNS)}, record FROM events WHERE doc_id = ? ORDER BY trigger_start, event_id",
        [doc_id])]
    head["quotes"] = _rows(store, "SELECT text, speaker_name, speaker_code, start_offset, end_offset FROM quotes "
                                  "WHERE doc_id = ? ORDER BY position", [doc_id],
                           ("text", "speaker_name", "speaker_code", "start", "end"))
    head["places"] = _rows(store, "SELECT text, name, country_code, resolution, lat, lon, start_offset, end_offset "
                                  "FROM places WHERE doc_id = ? ORDER BY position", [doc_id],
                           ("text", "name", "country_code", "resolution", "lat", "lon", "start", "end"))
    head["actors"] = _rows(store, "SELECT text, name, code, role, kind, kb_id, start_offset, end_offset "
                                  "FROM actor_mentions WHERE doc_id = ? ORDER BY position", [doc_id],
                           ("text", "name", "code", "role", "kind", "kb_id", "start", "end"))
    return head


CLUSTER_COLUMNS = ("cluster_id", "type", "quad_class", "source_code", "source_country", "target_code",
                   "target_country", "date_start", "date_end", "num_mentions", "num_sources", "num_articles",
                   "best_event_id", "goldstein")
MENTION_COLUMNS = ("event_id", "doc_id", "date", "type", "sentence", "trigger_text", "confidence", "modality",
                   "lang", "title", "source", "url")


def get_cluster(store: Store, cluster_id: str) -> dict | None:
    """A cluster row with every mention and the article it comes from (the evidence)."""
    found = _rows(store, f"SELECT {', '.join(CLUSTER_COLUMNS)} FROM event_clusters WHERE cluster_id = ?",
                  [cluster_id], CLUSTER_COLUMNS)
    if not found:
        return None
    cluster = found[0]
    cluster["mentions"] = _rows(
        store, "SELECT e.event_id, e.doc_id, e.date, e.type, e.sentence, e.trigger_text, e.confidence, e.modality, "
               "e.lang, d.title, d.source, d.url FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id "
               "WHERE e.cluster_id = ? ORDER BY e.date, e.event_id", [cluster_id], MENTION_COLUMNS)
    return cluster


def volume(store: Store, by: str, since: dt.date | None, until: dt.date | None) -> list[dict]:
    """Units (clusters, plus unclustered events) per period and quad class, empty periods filled.
    ``by`` is checked by the caller (day, week or month)."""
    where, params = date_condition(since, until)
    rows = store.fetchall(f"WITH {UNITS} SELECT CAST(date_trunc('{by}', day) AS DATE) AS p, quad_class, COUNT(*) "
                          f"FROM units WHERE day IS NOT NULL AND {where} GROUP BY 1, 2 ORDER BY 1", params)
    counts: dict[dt.date, dict[int, int]] = {}
    for period, quad, n in rows:
        counts.setdefault(period, dict.fromkeys(QUADS, 0))
        if quad in QUADS:
            counts[period][quad] += int(n)
    if not counts:
        return []
    return [{"period": p, "quads": {str(q): n for q, n in counts.get(p, dict.fromkeys(QUADS, 0)).items()}}
            for p in period_range(since or min(counts), until or max(counts), by)]


def dyad_units(store: Store, a: ActorSpec, b: ActorSpec, since: dt.date | None, until: dt.date | None,
               directed: bool, limit: int) -> tuple[int, list[dict]]:
    """The units a dyad series counts in a span (what one of its bars stands for), most reported first: each
    is its best mention, with the unit's own day and number of articles. Same units, same conditions as
    :func:`dyadwatch.store.analytics.dyad`, so a bar's count and its list agree."""
    cond, cond_p = dyad_condition(a, b, directed)
    span, span_p = date_condition(since, until)
    units = store.fetchall(f"WITH {UNITS} SELECT unit_id, event_id, day, num_articles FROM units WHERE {cond} AND {span} "
                           f"ORDER BY num_articles DESC, day, event_id", cond_p + span_p)
    shown = units[:limit]
    if not shown:
        return len(units), []
    by_id = {row["event_id"]: row for row in _rows(
        store, f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE event_id IN ({', '.join('?' * len(shown))})",
        [u[1] for u in shown], EVENT_COLUMNS)}
    return len(units), [by_id[event_id] | {"unit_id": unit_id, "unit_day": day, "num_articles": int(n)}
                        for unit_id, event_id, day, n in shown if event_id in by_id]


def actor_activity(store: Store, kb_ids: list[str]) -> dict[str, int]:
    """Events naming each knowledge-base actor."""
    if not kb_ids:
        return {}
    rows = store.fetchall(f"SELECT kb_id, COUNT(DISTINCT event_id) FROM event_actors WHERE kb_id IN "
                          f"({', '.join('?' * len(kb_ids))}) GROUP BY kb_id", kb_ids)
    return {k: int(n) for k, n in rows}
