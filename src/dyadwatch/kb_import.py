"""Import Phoenix / PETRARCH actor dictionaries into a dyadwatch knowledge-base layer.

The Phoenix dictionaries (openeventdata, MIT) list actors as an upper-case name with ``+`` synonyms
and CAMEO codes, optionally date-bounded: ``[DZAGOV 940131-990427]``, ``[FRAGOV >950517]``,
``[ZWEELI]``. We keep persons, organisations and groups (codes with a sector); bare country codes are
mostly place names (KABUL_, HERAT_ …) and are left out, so that a city is never promoted to an actor.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from .resources import load_yaml

ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
_CODE = re.compile(r"\[([A-Z~]+)(?:\s+([<>]?)(\d{6,8})(?:-(\d{6,8}))?)?\]")
SMALL_WORDS = {"of", "the", "and", "for", "de", "la", "le", "du", "des", "al", "el", "bin", "ibn", "von", "van", "da"}


def _date(raw: str | None) -> str | None:
    """Phoenix dates are yymmdd (sometimes yyyymmdd); years ≥ 25 are 19xx."""
    if not raw:
        return None
    try:
        if len(raw) == 8:
            return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:])).isoformat()
        yy, mm, dd = int(raw[:2]), int(raw[2:4]), int(raw[4:6])
        return dt.date(1900 + yy if yy >= 25 else 2000 + yy, max(mm, 1), max(dd, 1)).isoformat()
    except ValueError:
        return None


def _name(raw: str) -> str | None:
    """"ROBERT_GABRIEL_MUGABE_" → "Robert Gabriel Mugabe" (capitalised for case-aware matching)."""
    text = re.sub(r"\(.*?\)", "", raw).replace("_", " ").strip(" +")
    text = re.sub(r"\s+", " ", text)
    if len(text) < 3 or not re.search(r"[A-Za-z]{2}", text) or re.search(r"[{}<>\[\]]", text):
        return None
    words = []
    for w in text.split():
        lw = w.lower()
        if lw in SMALL_WORDS and words:
            words.append(lw)
        elif len(w) <= 5 and w.isupper() and not re.search(r"[AEIOU]", w[1:]):
            words.append(w)        # an acronym: keep it upper-case
        else:
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(words)


NON_STATE = {"IGO", "NGO", "IMG", "MNC", "UNO", "EUR", "ISM"}


def _role(code: str, sign: str, first: str | None, second: str | None, country_map: dict) -> dict:
    country = country_map.get(code[:3], code[:3])
    sector = None if country in NON_STATE else (code[3:6] or None)   # after IGO/IMG come body names, not sectors
    role = {"code": country + code[3:], "country": country, "sector": sector, "start": None, "end": None}
    if sign == ">":
        role["start"] = _date(first)
    elif sign == "<":
        role["end"] = _date(first)
    elif first:
        role["start"], role["end"] = _date(first), _date(second)
    return role


def parse_file(path: Path, country_map: dict) -> list[dict]:
    entries: list[dict] = []
    current: dict | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        stripped = line.strip()
        codes = [_role(m.group(1).lstrip("~"), m.group(2) or "", m.group(3), m.group(4), country_map)
                 for m in _CODE.finditer(stripped)]
        if stripped.startswith("["):
            if current is not None:
                current["roles"] += codes
            continue
        name = _name(_CODE.sub("", stripped))
        if stripped.startswith("+"):
            if current is not None and name:
                current["names"].append(name)
            continue
        current = {"names": [name] if name else [], "roles": codes}
        entries.append(current)
    return entries


def import_phoenix(directory: Path) -> dict:
    """Read the Phoenix actor dictionaries of ``directory`` into a knowledge-base layer (a dict)."""
    country_map = load_yaml("kb/cameo_countries.yaml") or {}
    actors, seen = [], set()
    for filename in ACTOR_FILES:
        path = directory / filename
        if not path.exists():
            continue
        for entry in parse_file(path, country_map):
            roles = [r for r in entry["roles"] if r["sector"] or r["country"] in NON_STATE]
            names = list(dict.fromkeys(n for n in entry["names"] if n))
            if not roles or not names:
                continue        # a bare country code: a place name or a country synonym, not an actor
            slug = re.sub(r"[^a-z0-9]+", "-", names[0].lower()).strip("-")
            kb_id = f"phoenix/{slug}"
            if kb_id in seen:
                continue
            seen.add(kb_id)
            actors.append({"kb_id": kb_id, "name": names[0], "names": names, "roles": roles, "source": filename})
    return {"layer": "phoenix", "source": "Phoenix/PETRARCH2 actor dictionaries (openeventdata)",
            "licence": "MIT, Copyright (c) 2014 Open Event Data (see LICENSE-phoenix.txt)", "actors": actors}


def write_layer(layer: dict, out: Path) -> None:
    """JSON Lines: a header line (layer, licence), then one actor a line, so diffs stay reviewable."""
    out.parent.mkdir(parents=True, exist_ok=True)
    header = {k: v for k, v in layer.items() if k != "actors"}
    with out.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps(header, ensure_ascii=False) + "\n")
        for actor in layer["actors"]:
            fh.write(json.dumps(actor, ensure_ascii=False, separators=(",", ":")) + "\n")


def read_layer(path: Path) -> dict:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["actors"] = [json.loads(line) for line in lines[1:] if line.strip()]
    return header
