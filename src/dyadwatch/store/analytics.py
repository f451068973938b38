"""Dyad analytics pushed to the database: trends of one dyad, the most active dyads, volume spikes.

Every query counts *units*: one row per event cluster (its best mention stands for it) plus one row per
event that has no cluster yet. Once ``dyadwatch cluster`` has run, a meeting reported by forty outlets
counts once, so syndication does not inflate a trend; before, each mention counts. All grouping happens
in SQL (DuckDB or PostgreSQL); Python only fills empty periods and formats the few aggregated rows.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import Store
from .clusters import symmetric_types
from .neardup import chunked

PERIODS = ("day", "week", "month")
QUADS = (1, 2, 3, 4)

# One row per cluster, plus one per event not (yet) clustered: the unit every count below counts.
UNITS = """units AS (
    SELECT c.cluster_id AS unit_id, c.best_event_id AS event_id, c.date_start AS day, c.type, c.quad_class,
           c.goldstein, c.source_country, c.source_code, c.target_country, c.target_code, c.num_articles, c.mutual
    FROM event_clusters c
    UNION ALL
    SELECT e.event_id, e.event_id, e.date, e.type, e.quad_class, e.goldstein, e.source_country, e.source_code,
           e.target_country, e.target_code, 1, e.mutual
    FROM events e WHERE e.cluster_id IS NULL
)"""


class AnalyticsError(ValueError):
    """A question the store cannot answer as asked (unknown actor, bad period)."""


@dataclass(frozen=True)
class ActorSpec:
    """How one side of a dyad is matched: a country code, a CAMEO code prefix, or a knowledge-base id."""

    label: str
    kind: str            # country | code | kb_id
    value: str
    why: str

    def condition(self, side: str) -> tuple[str, list]:
        if self.kind == "country":
            return f"{side}_country = ?", [self.value]
        if self.kind == "code":
            return f"{side}_code LIKE ?", [self.value + "%"]
        return ("unit_id IN (SELECT COALESCE(e.cluster_id, e.event_id) FROM events e JOIN event_actors a "
                "ON a.event_id = e.event_id WHERE a.side = ? AND a.kb_id = ?)", [side, self.value])


def resolve_actor(text: str, day: dt.date | None = None) -> ActorSpec:
    """RUS → country; RUSMIL → CAMEO code prefix; anything else → the knowledge base (id or name):
    a country by its code, a person or organisation by its id, so only events naming it count."""
    if re.fullmatch(r"[A-Z]{3}", text):
        return ActorSpec(text, "country", text, "country code")
    if re.fullmatch(r"(?:[A-Z]{3}){2,}", text):
        return ActorSpec(text, "code", text, "CAMEO actor code (and its sub-codes)")
    from ..kb import load_kb
    from ..kb_query import lookup

    entity = load_kb().entities.get(text)
    if entity is not None:
        coding = entity.coding_on(day)
    else:
        found = lookup(text, day)
        if not found:
            raise AnalyticsError(f"{text!r} is neither a country code, a CAMEO code nor a knowledge-base name")
        entity, coding = found[0].entity, found[0].coding
    if entity.kind != "country":
        return ActorSpec(text, "kb_id", entity.kb_id, f"{entity.name} ({entity.kb_id}): events naming them")
    if coding.sector:     # a seat of power ("Pékin", "the Kremlin") is the government
        return ActorSpec(text, "code", coding.code, f"{entity.name}, {coding.why} ({coding.code})")
    return ActorSpec(text, "country", entity.country, f"{entity.name} ({entity.kb_id})")


def dyad_condition(a: ActorSpec, b: ActorSpec, directed: bool) -> tuple[str, list]:
    """A→B or B→A; with ``directed`` A→B only, except symmetric types and mutual (joint) events,
    which have no direction."""
    sa, sa_p = a.condition("source")
    tb, tb_p = b.condition("target")
    sb, sb_p = b.condition("source")
    ta, ta_p = a.condition("target")
    reverse, reverse_p = f"({sb} AND {ta})", sb_p + ta_p
    if directed:
        types = sorted(symmetric_types())
        reverse = f"((mutual OR type IN ({', '.join('?' * len(types))})) AND {reverse})"
        reverse_p = types + reverse_p
    return f"(({sa} AND {tb}) OR {reverse})", sa_p + tb_p + reverse_p


def _period(by: str, column: str = "day") -> str:
    if by not in PERIODS:
        raise AnalyticsError(f"period must be one of {', '.join(PERIODS)}, got {by!r}")
    return f"CAST(date_trunc('{by}', {column}) AS DATE)"


def period_start(day: dt.date, by: str) -> dt.date:
    if by == "day":
        return day
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def next_period(start: dt.date, by: str) -> dt.date:
    if by == "day":
        return start + dt.timedelta(days=1)
    if by == "week":
        return start + dt.timedelta(days=7)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def period_range(first: dt.date, last: dt.date, by: str) -> list[dt.date]:
    out, cur = [], period_start(first, by)
    while cur <= last:
        out.append(cur)
        cur = next_period(cur, by)
    return out


def date_condition(since: dt.date | None, until: dt.date | None) -> tuple[str, list]:
    """The SQL condition for a date span; undated events never enter a time series."""
    parts, params = ["day IS NOT NULL"], []
    if since:
        parts.append("day >= ?")
        params.append(since)
    if until:
        parts.append("day <= ?")
        params.append(until)
    return " AND ".join(parts), params


@dataclass
class PeriodRow:
    period: dt.date
    events: int = 0
    quads: dict[int, int] = field(default_factory=lambda: dict.fromkeys(QUADS, 0))
    goldstein_mean: float | None = None
    goldstein_total: float = 0.0
    types: dict[str, int] = field(default_factory=dict)


@dataclass
class DyadReport:
    a: ActorSpec
    b: ActorSpec
    by: str
    directed: bool
    rows: list[PeriodRow]

    @property
    def total(self) -> int:
        return sum(r.events for r in self.rows)

    def type_mix(self) -> dict[str, int]:
        mix: dict[str, int] = {}
        for r in self.rows:
            for t, n in r.types.items():
                mix[t] = mix.get(t, 0) + n
        return dict(sorted(mix.items(), key=lambda kv: (-kv[1], kv[0])))


def dyad(store: Store, a: ActorSpec, b: ActorSpec, by: str = "week", since: dt.date | None = None,
         until: dt.date | None = None, directed: bool = False) -> DyadReport:
    """Per period: units by quad class, mean and total Goldstein, PLOVER type mix; empty periods filled."""
    period = _period(by)
    cond, cond_p = dyad_condition(a, b, directed)
    span, span_p = date_condition(since, until)
    quads = ", ".join(f"SUM(CASE WHEN quad_class = {q} THEN 1 ELSE 0 END)" for q in QUADS)
    rows = store.fetchall(
        f"WITH {UNITS} SELECT {period} AS p, type, COUNT(*), {quads}, SUM(goldstein), COUNT(goldstein) "
        f"FROM units WHERE {cond} AND {span} GROUP BY 1, 2 ORDER BY 1, 2", cond_p + span_p)
    by_period: dict[dt.date, PeriodRow] = {}
    scored: dict[dt.date, int] = {}      # units with a Goldstein score, per period
    for p, ptype, n, q1, q2, q3, q4, g_sum, g_n in rows:
        row = by_period.setdefault(p, PeriodRow(p))
        row.events += n
        for q, k in zip(QUADS, (q1, q2, q3, q4)):
            row.quads[q] += int(k)
        row.goldstein_total += float(g_sum or 0)
        scored[p] = scored.get(p, 0) + int(g_n)
        row.types[ptype or "?"] = n
    for p, row in by_period.items():
        row.goldstein_mean = row.goldstein_total / scored[p] if scored[p] else None
    if not by_period:
        return DyadReport(a, b, by, directed, [])
    first, last = since or min(by_period), until or max(by_period)
    return DyadReport(a, b, by, directed, [by_period.get(p) or PeriodRow(p)
                                           for p in period_range(first, last, by)])


_PAIR = ("LEAST(source_country, target_country) AS a, GREATEST(source_country, target_country) AS b")
_INTERNATIONAL = "source_country IS NOT NULL AND target_country IS NOT NULL AND source_country <> target_country"


@dataclass(frozen=True)
class DyadActivity:
    a: str
    b: str
    events: int
    goldstein_mean: float | None
    conflict: int           # quad classes 3 and 4


@dataclass(frozen=True)
class DyadChange:
    a: str
    b: str
    previous: int
    last: int

    @property
    def change(self) -> int:
        return self.last - self.previous


def top(store: Store, since: dt.date | None = None, until: dt.date | None = None, limit: int = 20
        ) -> list[DyadActivity]:
    """The most active country dyads (undirected, between two different countries)."""
    span, span_p = date_condition(since, until)
    rows = store.fetchall(
        f"WITH {UNITS} SELECT {_PAIR}, COUNT(*) AS n, AVG(goldstein), "
        f"SUM(CASE WHEN quad_class >= 3 THEN 1 ELSE 0 END) FROM units WHERE {_INTERNATIONAL} AND {span} "
        f"GROUP BY 1, 2 ORDER BY n DESC, a, b LIMIT {int(limit)}", span_p)
    return [DyadActivity(a, b, n, g, int(c)) for a, b, n, g, c in rows]


def last_day(store: Store, until: dt.date | None = None) -> dt.date | None:
    span, span_p = date_condition(None, until)
    return store.fetchall(f"WITH {UNITS} SELECT MAX(day) FROM units WHERE {span}", span_p)[0][0]


def biggest_changes(store: Store, by: str = "week", until: dt.date | None = None, limit: int = 20
                    ) -> tuple[dt.date | None, list[DyadChange]]:
    """Dyads whose volume moved most between the last period (the one holding the latest event, or
    ``until``) and the period before it."""
    end = until or last_day(store)
    if end is None:
        return None, []
    last = period_start(end, by)
    previous = period_start(last - dt.timedelta(days=1), by)
    period = _period(by)
    rows = store.fetchall(
        f"WITH {UNITS} SELECT a, b, SUM(CASE WHEN p = ? THEN 1 ELSE 0 END) AS prev, "
        f"SUM(CASE WHEN p = ? THEN 1 ELSE 0 END) AS cur FROM (SELECT {_PAIR}, {period} AS p FROM units "
        f"WHERE {_INTERNATIONAL} AND day >= ? AND day <= ?) t GROUP BY a, b "
        f"ORDER BY ABS(SUM(CASE WHEN p = ? THEN 1 ELSE 0 END) - SUM(CASE WHEN p = ? THEN 1 ELSE 0 END)) DESC, "
        f"a, b LIMIT {int(limit)}", [previous, last, previous, end, last, previous])
    return last, [DyadChange(a, b, int(p), int(c)) for a, b, p, c in rows]


@dataclass(frozen=True)
class AlertEvent:
    event_id: str
    day: dt.date
    type: str | None
    sentence: str | None
    doc_id: str
    num_articles: int


@dataclass
class Alert:
    a: str
    b: str
    period: dt.date
    count: int
    baseline_mean: float
    baseline_sd: float
    z: float
    events: list[AlertEvent] = field(default_factory=list)


def alerts(store: Store, window: int = 28, threshold: float = 3.0, by: str = "day", conflict: bool = False,
           min_count: int = 3, since: dt.date | None = None, until: dt.date | None = None, limit: int = 20,
           events_per_alert: int = 5) -> list[Alert]:
    """Periods where a dyad's volume jumps above its rolling baseline.

    Spikes are reported from ``since`` (default: the last ``window`` periods up to the latest event).
    Baseline = the ``window`` periods before, empty ones counting as zero (from the first period in the
    store); score z = (count − mean) / max(sd, 1). An alert needs z ≥ ``threshold``, count ≥ ``min_count``
    and at least half a window of history. The floor of 1 on the deviation keeps a quiet dyad's first two or
    three events from looking like a spike. Only periods that have events are scored: the window sums come
    from a RANGE frame over dates, so empty periods cost nothing.
    """
    if by not in ("day", "week"):
        raise AnalyticsError(f"alerts work by day or week, got {by!r}")
    period = _period(by)
    step = 1 if by == "day" else 7
    span, span_p = date_condition(None, until)
    kind = " AND quad_class >= 3" if conflict else ""
    first, latest = store.fetchall(f"WITH {UNITS} SELECT MIN(day), MAX(day) FROM units "
                                   f"WHERE {_INTERNATIONAL} AND {span}{kind}", span_p)[0]
    if first is None:
        return []
    first = period_start(first, by)
    # by default, what is spiking now: the last `window` periods
    report_from = period_start(since, by) if since else \
        max(first, period_start(latest, by) - dt.timedelta(days=(int(window) - 1) * step))
    # only the baseline of the reported periods is needed: older events are not read at all
    span, span_p = date_condition(report_from - dt.timedelta(days=int(window) * step), until)
    rows = store.fetchall(f"""
        WITH {UNITS},
        counts AS (SELECT {_PAIR}, {period} AS p, COUNT(*) AS n FROM units
                   WHERE {_INTERNATIONAL} AND {span}{kind} GROUP BY 1, 2, 3),
        sums AS (SELECT a, b, p, n, COALESCE(SUM(n) OVER w, 0) AS s1, COALESCE(SUM(n * n) OVER w, 0) AS s2,
                        LEAST({int(window)}, (p - CAST(? AS DATE)) / {step}) AS history
                 FROM counts WINDOW w AS (PARTITION BY a, b ORDER BY p RANGE BETWEEN
                     INTERVAL '{int(window) * step} days' PRECEDING AND INTERVAL '{step} days' PRECEDING)),
        scored AS (SELECT a, b, p, n, history, CAST(s1 AS DOUBLE PRECISION) / history AS mu,
                          SQRT(GREATEST(CAST(s2 AS DOUBLE PRECISION) / history
                                        - POWER(CAST(s1 AS DOUBLE PRECISION) / history, 2), 0)) AS sd
                   FROM sums WHERE n >= ? AND history >= ? AND p >= ?)
        SELECT a, b, p, n, mu, sd, (n - mu) / GREATEST(sd, 1.0) AS z FROM scored
        WHERE (n - mu) / GREATEST(sd, 1.0) >= ?
        ORDER BY z DESC, p DESC, a, b LIMIT {int(limit)}""",
        span_p + [first, min_count, max(1, window // 2), report_from, threshold])
    found = [Alert(a, b, p, int(n), float(mu), float(sd or 0), float(z)) for a, b, p, n, mu, sd, z in rows]
    _attach_events(store, found, by, conflict, events_per_alert)
    return found


def _attach_events(store: Store, found: list[Alert], by: str, conflict: bool, limit: int) -> None:
    """The units behind each spike (one query for all), most reported first, then the evidence sentence of
    their best mention (a second query by event id, so the large events table is not scanned for text)."""
    if not found:
        return
    spans = [(al.a, al.b, al.period, next_period(al.period, by) - dt.timedelta(days=1)) for al in found]
    countries = sorted({c for al in found for c in (al.a, al.b)})
    marks = ", ".join("?" * len(countries))
    # the bounds let the database skip most units before joining them to the spikes
    bounds = (" AND u.quad_class >= 3" if conflict else "") + \
        f" AND u.day BETWEEN ? AND ? AND u.source_country IN ({marks}) AND u.target_country IN ({marks})"
    rows = store.fetchall(f"""
        WITH {UNITS}, spikes(a, b, first_day, last_day) AS (
            VALUES {", ".join("(?, ?, CAST(? AS DATE), CAST(? AS DATE))" for _ in spans)}),
        ranked AS (
            SELECT k.a, k.b, k.first_day, u.event_id, u.day, u.type, u.num_articles,
                   ROW_NUMBER() OVER (PARTITION BY k.a, k.b, k.first_day
                                      ORDER BY u.num_articles DESC, u.day, u.event_id) AS rank
            FROM units u JOIN spikes k ON LEAST(u.source_country, u.target_country) = k.a
                 AND GREATEST(u.source_country, u.target_country) = k.b AND u.day BETWEEN k.first_day AND k.last_day
            WHERE u.source_country <> u.target_country{bounds})
        SELECT a, b, first_day, event_id, day, type, num_articles FROM ranked
        WHERE rank <= {int(limit)} ORDER BY a, b, first_day, rank""",
        [x for span in spans for x in span] + [min(sp[2] for sp in spans), max(sp[3] for sp in spans),
                                               *countries, *countries])
    evidence = {}
    for chunk in chunked(sorted({r[3] for r in rows})):
        evidence |= {r[0]: r[1:] for r in store.fetchall(
            f"SELECT event_id, sentence, doc_id FROM events WHERE event_id IN ({', '.join('?' * len(chunk))})", chunk)}
    by_key = {(al.a, al.b, al.period): al for al in found}
    for a, b, first_day, event_id, day, ptype, num_articles in rows:
        sentence, doc_id = evidence.get(event_id, (None, None))
        by_key[(a, b, first_day)].events.append(AlertEvent(event_id, day, ptype, sentence, doc_id, num_articles))


def sparkline(values: list[float]) -> str:
    """Unicode block sparkline, scaled to the largest value."""
    bars = "▁▂▃▄▅▆▇█"
    high = max(values, default=0)
    if high <= 0:
        return bars[0] * len(values)
    return "".join(bars[min(len(bars) - 1, int(v / high * (len(bars) - 1) + 0.5))] for v in values)
