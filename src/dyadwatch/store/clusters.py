"""Event clusters: one real-world event reported by several articles, counted once.

Two event mentions are the same event when all of these hold (docs/ANALYTICS.md):

* **type**: the same PLOVER type, or the same quad class and the same CAMEO root (first two digits);
* **actors**: the same (country, sector) on each side, in either order for the symmetric types
  (``mutual_types`` in ``data/lexicons/coding.yaml``); and on each side the actors they name (knowledge-base ids, else
  canonical names) overlap, or one of them names nobody specific;
* **date**: event dates (the document's publication date when the event has none) at most
  ``window_days`` apart;
* **evidence**, strongest first: both sides name the same actors; or the two documents are
  near-duplicates (MinHash, :mod:`.neardup`); or the same CAMEO code and trigger words.

Pairs are joined strongest and closest first (single linkage), but never into a group that would name
two different actors in the same (country, sector) slot — a vague mention may join one meeting, never
bridge two — nor one whose dates would span more than two windows (daily reports of a recurring
activity do not chain into a month-long "event"). Updating is incremental (only events without a cluster are placed, against the events of
their date range) and idempotent: a second call finds nothing to place and writes nothing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from ..lexicon import coding_rules
from ..patterns import norm
from . import Store
from .neardup import chunked, near_duplicate_pairs, update_signatures

DEFAULT_WINDOW_DAYS = 2
# best evidence: higher confidence, then this modality order, then the earliest document
_MODALITY_RANK = "CASE e.modality WHEN 'asserted' THEN 0 WHEN 'reported' THEN 1 WHEN 'planned' THEN 2 ELSE 3 END"


def symmetric_types() -> frozenset[str]:
    """PLOVER types without a direction: the coder's ``mutual_types`` (``lexicons/coding.yaml``)."""
    return frozenset(coding_rules()["mutual_types"])


@dataclass(frozen=True)
class ClusterStats:
    documents_signed: int      # documents given a MinHash signature in this call
    near_dup_pairs: int        # near-duplicate document pairs found in this call
    events_placed: int         # events given a cluster in this call
    clusters_created: int
    clusters_extended: int     # clusters that existed before and gained events
    clusters_merged: int       # existing clusters folded into another by a bridging event
    clusters_total: int


@dataclass
class _Mention:
    event_id: str
    doc_id: str
    type: str | None
    cameo: str | None
    quad_class: int | None
    source: tuple[str | None, str | None]      # (country, sector)
    target: tuple[str | None, str | None]
    day: dt.date | None
    cluster_id: str | None
    trigger: str
    source_ids: frozenset[str] = frozenset()
    target_ids: frozenset[str] = frozenset()
    mutual: bool = False       # a joint or reciprocal event: its sides may be read in either order


def _sides_agree(a_ids: frozenset[str], b_ids: frozenset[str]) -> bool:
    """Two sides may denote the same participants: they share an actor, or one names nobody specific."""
    return not a_ids or not b_ids or bool(a_ids & b_ids)


class _Rule:
    def __init__(self, window_days: int, near_dups: set[tuple[str, str]]):
        self.window = dt.timedelta(days=window_days)
        self.near_dups = near_dups
        self.symmetric = symmetric_types()

    def _orientations(self, a: _Mention, b: _Mention) -> list[tuple]:
        straight = (b.source, b.target, b.source_ids, b.target_ids)
        if (a.type in self.symmetric or a.mutual) and (b.type in self.symmetric or b.mutual):
            return [straight, (b.target, b.source, b.target_ids, b.source_ids)]
        return [straight]

    def match(self, a: _Mention, b: _Mention) -> int | None:
        """How strongly two mentions look like one event: 0 same actors, 1 near-duplicate texts, 2 same
        trigger; None when they are not the same event."""
        if a.day is None or b.day is None or abs(a.day - b.day) > self.window:
            return None
        if a.type != b.type and not (a.quad_class == b.quad_class and (a.cameo or "")[:2] == (b.cameo or "")[:2]):
            return None
        near_dup = tuple(sorted((a.doc_id, b.doc_id))) in self.near_dups
        same_trigger = bool(a.trigger) and a.trigger == b.trigger and a.cameo == b.cameo
        tiers = []
        for source, target, source_ids, target_ids in self._orientations(a, b):
            if (a.source, a.target) != (source, target):
                continue
            if not (_sides_agree(a.source_ids, source_ids) and _sides_agree(a.target_ids, target_ids)):
                continue
            same_actors = (a.source_ids, a.target_ids) == (source_ids, target_ids) and bool(source_ids | target_ids)
            tiers += [tier for tier, ok in enumerate((same_actors, near_dup, same_trigger)) if ok]
        return min(tiers, default=None)


def _block_key(m: _Mention) -> tuple:
    """Mentions that could be one event share this key (sides sorted: direction is checked per pair)."""
    return (m.quad_class, tuple(sorted((m.source, m.target), key=repr)))


_MENTION_SQL = ("SELECT e.event_id, e.doc_id, e.type, e.cameo, e.quad_class, e.source_country, e.source_sector, "
                "e.target_country, e.target_sector, COALESCE(e.date, d.pub_date), e.cluster_id, e.trigger_text, "
                "e.source_name, e.target_name, COALESCE(e.mutual, FALSE) "
                "FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id ")


def _mentions(store: Store, where: str, params: Iterable = ()) -> list[_Mention]:
    out = []
    for row in store.fetchall(_MENTION_SQL + where, list(params)):
        m = _Mention(row[0], row[1], row[2], row[3], row[4], (row[5], row[6]), (row[7], row[8]),
                     _as_date(row[9]), row[10], norm(" ".join((row[11] or "").split())), mutual=bool(row[14]))
        m.source_ids = frozenset({norm(row[12])} if row[12] else ())
        m.target_ids = frozenset({norm(row[13])} if row[13] else ())
        out.append(m)
    return out


def _as_date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _attach_actor_ids(store: Store, mentions: list[_Mention]) -> None:
    """Who each side names: knowledge-base ids, else normalised canonical names (all actors, not only the
    first); a mention left unresolved (no id, no name) names nobody."""
    by_id = {m.event_id: m for m in mentions}
    sides: dict[tuple[str, str], set[str]] = defaultdict(set)
    for chunk in chunked(sorted(by_id)):
        for event_id, side, kb_id, name in store.fetchall(
                "SELECT event_id, side, kb_id, name FROM event_actors "
                f"WHERE event_id IN ({', '.join('?' * len(chunk))})", chunk):
            ident = kb_id or norm(name or "")
            if ident:
                sides[(event_id, side)].add(ident)
    for (event_id, side), ids in sides.items():
        setattr(by_id[event_id], f"{side}_ids", frozenset(ids))


def _pairs_within(by_day: list[_Mention], window: dt.timedelta) -> Iterable[tuple[_Mention, _Mention]]:
    """Pairs of a date-sorted list at most ``window`` apart (a sliding window, not all pairs)."""
    for i, a in enumerate(by_day):
        for b in by_day[i + 1:]:
            if b.day - a.day > window:
                break
            yield a, b


class _Components:
    """Union-find over mentions that refuses to join two groups naming different actors in the same slot:
    a vague report ("the Russian government met the Chinese military") may join one meeting, never bridge
    two meetings of different persons."""

    def __init__(self, mentions: Iterable[_Mention], max_span: dt.timedelta):
        self.parent: dict[str, str] = {}
        self.named: dict[str, dict[tuple, frozenset[str]]] = {}    # root → (country, sector) → actors named
        self.days: dict[str, tuple[dt.date, dt.date]] = {}         # root → first and last event date
        self.max_span = max_span
        for m in mentions:
            self.parent[m.event_id] = m.event_id
            if m.day:
                self.days[m.event_id] = (m.day, m.day)
            named: dict[tuple, frozenset[str]] = defaultdict(frozenset)
            for slot, ids in ((m.source, m.source_ids), (m.target, m.target_ids)):
                named[slot] |= ids
            self.named[m.event_id] = named

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def _merged_days(self, ra: str, rb: str) -> tuple | None:
        spans = [self.days[r] for r in (ra, rb) if r in self.days]
        return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None

    def _conflict(self, ra: str, rb: str) -> bool:
        a, b = self.named[ra], self.named[rb]
        if any(a[slot] and b[slot] and not a[slot] & b[slot] for slot in a.keys() & b.keys()):
            return True
        days = self._merged_days(ra, rb)      # no chain of daily reports into a month-long "event"
        return days is not None and days[1] - days[0] > self.max_span

    def union(self, a: str, b: str, force: bool = False) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or (not force and self._conflict(ra, rb)):
            return
        keep, drop = min(ra, rb), max(ra, rb)
        days = self._merged_days(ra, rb)
        self.parent[drop] = keep
        for slot, ids in self.named.pop(drop).items():
            self.named[keep][slot] |= ids
        self.days.pop(drop, None)
        if days:
            self.days[keep] = days

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for x in list(self.parent):
            out[self.find(x)].append(x)
        return out


def new_cluster_id(event_ids: Iterable[str]) -> str:
    return "c" + hashlib.sha1(min(event_ids).encode("utf-8")).hexdigest()[:15]


def update_clusters(store: Store, doc_ids: list[str] | None = None,
                    window_days: int = DEFAULT_WINDOW_DAYS) -> ClusterStats:
    """Place every event that has no cluster yet (only those of ``doc_ids`` when given) and refresh the
    counts of the clusters that changed."""
    signed = update_signatures(store, doc_ids)
    if doc_ids is None:
        new = _mentions(store, "WHERE e.cluster_id IS NULL")
    else:
        new = [m for chunk in chunked(sorted(set(doc_ids))) for m in _mentions(
            store, f"WHERE e.cluster_id IS NULL AND e.doc_id IN ({', '.join('?' * len(chunk))})", chunk)]
    if not new:
        return ClusterStats(signed.signed, signed.pairs, 0, 0, 0, 0, _count(store))
    window = dt.timedelta(days=window_days)
    days = [m.day for m in new if m.day]
    context = _mentions(store, "WHERE e.cluster_id IS NOT NULL AND COALESCE(e.date, d.pub_date) BETWEEN ? AND ?",
                        (min(days) - window, max(days) + window)) if days else []
    mentions = new + context
    _attach_actor_ids(store, mentions)
    rule = _Rule(window_days, near_duplicate_pairs(store, {m.doc_id for m in mentions}))

    parts = _Components(mentions, max_span=2 * window)
    first_in_cluster: dict[str, str] = {}
    for m in mentions:
        if m.cluster_id:   # events already together stay together
            parts.union(m.event_id, first_in_cluster.setdefault(m.cluster_id, m.event_id), force=True)
    blocks: dict[tuple, list[_Mention]] = defaultdict(list)
    for m in sorted((m for m in mentions if m.day), key=lambda m: m.day):
        blocks[_block_key(m)].append(m)
    edges = []
    for block in blocks.values():
        for a, b in _pairs_within(block, window):
            if a.cluster_id is None or b.cluster_id is None:
                tier = rule.match(a, b)
                if tier is not None:
                    edges.append((tier, abs(a.day - b.day), a.event_id, b.event_id))
    for _, _, a, b in sorted(edges):    # strongest and closest evidence first
        parts.union(a, b)
    return _write(store, parts, {m.event_id: m for m in mentions}, signed)


def _write(store: Store, parts: _Components, by_id: dict[str, _Mention], signed) -> ClusterStats:
    assign: list[tuple[str, str]] = []      # (cluster_id, event_id) for new events
    folded: list[tuple[str, str]] = []      # (kept cluster_id, folded cluster_id)
    touched: set[str] = set()
    created = extended = 0
    for members in parts.groups().values():
        fresh = [e for e in members if by_id[e].cluster_id is None]
        if not fresh:
            continue
        existing = sorted({by_id[e].cluster_id for e in members} - {None})
        cluster_id = existing[0] if existing else new_cluster_id(members)
        created += not existing
        extended += bool(existing)
        folded += [(cluster_id, other) for other in existing[1:]]
        assign += [(cluster_id, e) for e in fresh]
        touched.add(cluster_id)
    with store.transaction():
        for chunk in chunked(assign, 1000):    # one statement per thousand rows: row-by-row is slow in DuckDB
            store.execute("UPDATE events SET cluster_id = v.cluster_id FROM (VALUES "
                          f"{', '.join(['(?, ?)'] * len(chunk))}) AS v(cluster_id, event_id) "
                          "WHERE events.event_id = v.event_id", [x for pair in chunk for x in pair])
        store.executemany("UPDATE events SET cluster_id = ? WHERE cluster_id = ?", folded)
        refresh_cluster_rows(store, sorted(touched | {other for _, other in folded}))
    return ClusterStats(signed.signed, signed.pairs, len(assign), created, extended, len(folded), _count(store))


def refresh_cluster_rows(store: Store, cluster_ids: list[str] | None = None) -> None:
    """Recompute the ``event_clusters`` rows of these clusters (all when None) from their events; a cluster
    left without events loses its row."""
    if cluster_ids is None:
        store.execute("DELETE FROM event_clusters")
        _insert_cluster_rows(store, "e.cluster_id IS NOT NULL", [])
        return
    for chunk in chunked(cluster_ids):
        marks = ", ".join("?" * len(chunk))
        store.execute(f"DELETE FROM event_clusters WHERE cluster_id IN ({marks})", chunk)
        _insert_cluster_rows(store, f"e.cluster_id IN ({marks})", chunk)


def _insert_cluster_rows(store: Store, where: str, params: list) -> None:
    """Counts and best evidence of the selected clusters, computed by the database."""
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    store.execute(f"""
        INSERT INTO event_clusters (cluster_id, type, quad_class, source_code, source_country, target_code,
            target_country, date_start, date_end, num_mentions, num_sources, num_articles, best_event_id,
            goldstein, mutual, updated_at)
        WITH m AS (
            SELECT e.*, COALESCE(e.date, d.pub_date) AS day, COALESCE(d.source, e.doc_id) AS outlet,
                   ROW_NUMBER() OVER (PARTITION BY e.cluster_id ORDER BY e.confidence DESC NULLS LAST,
                       {_MODALITY_RANK}, d.pub_date ASC NULLS LAST, e.doc_id, e.event_id) AS rank
            FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id
            WHERE {where}
        ), counts AS (
            SELECT cluster_id, MIN(day) AS date_start, MAX(day) AS date_end, COUNT(*) AS num_mentions,
                   COUNT(DISTINCT outlet) AS num_sources, COUNT(DISTINCT doc_id) AS num_articles
            FROM m GROUP BY cluster_id
        )
        SELECT b.cluster_id, b.type, b.quad_class, b.source_code, b.source_country, b.target_code, b.target_country,
               c.date_start, c.date_end, c.num_mentions, c.num_sources, c.num_articles, b.event_id, b.goldstein,
               COALESCE(b.mutual, FALSE), ?
        FROM m b JOIN counts c ON c.cluster_id = b.cluster_id
        WHERE b.rank = 1""", [*params, now])


def _count(store: Store) -> int:
    return store.fetchall("SELECT COUNT(*) FROM event_clusters")[0][0]
