"""Questions about the knowledge base itself: who answers to a name, what it holds, whether it is consistent.

Behind ``dyadwatch kb lookup | stats | validate``. Lookups go through the same compiled name tables and
the same date-aware coding as the coder, so what they print is what coding a story would produce.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from .kb import (FUZZY_MIN_LENGTH, Coding, Entity, KnowledgeBase, _all_names, load_kb, person_items,
                 within_one_edit)
from .patterns import norm
from .resources import DATA_ROOT

# Offices of which a country has one holder at a time: two holders on one day is a data error.
SINGLE_HOLDER_ROLES = ("prime minister", "foreign minister", "defence minister", "chancellor")


def kb_languages() -> list[str]:
    """Languages with name files in the knowledge base."""
    return sorted(p.name for p in (DATA_ROOT / "kb").iterdir() if p.is_dir() and (p / "countries.yaml").exists())


def cldr_languages() -> list[str]:
    """Languages known only by CLDR's country names (``kb/cldr/<lang>.yaml``)."""
    return sorted(p.stem for p in (DATA_ROOT / "kb" / "cldr").glob("*.yaml"))


@dataclass(frozen=True)
class Candidate:
    entity: Entity
    coding: Coding
    matched: str          # the alias that matched
    form: str             # name | adjective | demonym | metonym | acronym | fullname | surname
    langs: tuple[str, ...]
    exact: bool           # False: one letter off (a misspelling)


def _alias_index(kb: KnowledgeBase, langs: list[str]) -> dict[str, list[tuple[str, str, str, str]]]:
    index: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for lang in langs:
        for alias, ref in _all_names(kb, lang):
            index[norm(alias)].append((alias, ref.kb_id, ref.form, lang))
    return index


def lookup(query: str, day: dt.date | None = None, langs: list[str] | None = None) -> list[Candidate]:
    """Every entity a name can denote, coded for ``day``: exact (accent- and case-insensitive) matches
    first; when there are none, names one letter away."""
    kb = load_kb()
    index = _alias_index(kb, langs or kb_languages())
    key = norm(" ".join(query.split()))
    hits = index.get(key, [])
    exact = bool(hits)
    if not hits and len(key) >= FUZZY_MIN_LENGTH:
        hits = [h for alias, found in index.items() if within_one_edit(alias, key) for h in found]
    rank = {"fullname": 0, "name": 0, "acronym": 0, "metonym": 1, "adjective": 2, "demonym": 2, "surname": 3}
    grouped: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for hit in hits:
        grouped[hit[1]].append(hit)
    out = []
    for kb_id, group in grouped.items():
        # the spelling typed, when the entity has it, else the best-ranked form
        alias, _, form, _ = min(group, key=lambda h: (h[0] != query, rank.get(h[2], 4)))
        entity = kb.entities[kb_id]
        out.append(Candidate(entity, entity.coding_on(day, form), alias, form,
                             tuple(sorted({h[3] for h in group})), exact))
    return sorted(out, key=lambda c: (rank.get(c.form, 4), c.entity.kind != "person", c.entity.kb_id))


def stats() -> dict:
    """Counts by kind, by organisation kind, roles, and names per language."""
    kb = load_kb()
    own = [e for e in kb.entities.values() if e.layer is None]
    kinds = Counter(e.kind for e in own)
    layers = Counter(e.layer for e in kb.entities.values() if e.layer)
    org_kinds = Counter(e.org_kind or "unspecified" for e in own if e.kind == "organisation")
    persons = [e for e in own if e.kind == "person"]
    per_lang = {}
    for lang in kb_languages():
        forms = Counter(ref.form for _, ref in _all_names(kb, lang))
        per_lang[lang] = {"names": sum(forms.values()), "agents": sum(1 for _ in kb.agent_entries(lang)),
                          **dict(sorted(forms.items()))}
    countries_with_leaders = {r.country for p in persons for r in p.roles}
    return {
        "entities": len(kb.entities), "own_by_kind": dict(kinds), "imported_layers": dict(layers),
        "organisations_by_kind": dict(org_kinds), "own_persons": len(persons),
        "own_roles": sum(len(p.roles) for p in persons), "countries_with_persons": len(countries_with_leaders),
        "former_states": sum(1 for e in kb.entities.values() if e.kind == "country" and e.end),
        "languages": per_lang,
    }


def consistency_warnings(kb: KnowledgeBase | None = None) -> list[str]:
    """Problems a load cannot see: roles ending before they start, two holders of a single-holder office
    on the same day, one full name given to two persons."""
    kb = kb or load_kb()
    warnings = []
    holders: dict[tuple[str, str], list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
    names: dict[str, set[str]] = defaultdict(set)
    for _, item in person_items():
        for alias in item.get("names") or []:
            names[norm(alias)].add(item["kb_id"])
    for alias, ids in sorted(names.items()):
        if len(ids) > 1:
            warnings.append(f"full name {alias!r} given to {', '.join(sorted(ids))}")
    for e in kb.entities.values():
        if e.kind != "person" or e.layer:
            continue
        for r in e.roles:
            if r.start and r.end and r.end <= r.start:
                warnings.append(f"{e.kb_id}: {r.role} ({r.country}) ends {r.end} before it starts {r.start}")
            if r.role in SINGLE_HOLDER_ROLES and r.start:
                holders[(r.country, r.role)].append((r.start, r.end or dt.date.max, e.kb_id))
    for (country, role), spans in sorted(holders.items()):
        spans.sort()
        for (s1, e1, p1), (s2, e2, p2) in zip(spans, spans[1:]):
            overlap = (min(e1, e2) - s2).days
            if p1 != p2 and overlap > 31:   # a month of slack for handovers and approximate dates
                warnings.append(f"{country} {role}: {p1} (to {e1 if e1 != dt.date.max else 'today'}) "
                                f"and {p2} (from {s2}) overlap by {overlap} days")
    return warnings
