"""The actor knowledge base: countries, organisations, persons with dated roles, agent words.

Language-independent facts come from ``data/kb/*.yaml``; names in each language from
``data/kb/<lang>/*.yaml``. Everything is validated at load, and the per-language name patterns are
compiled once into a :class:`~dyadwatch.patterns.PatternSet`.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import logging
import os
import pickle
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from .patterns import PatternSet, PatternSyntaxError, norm
from .resources import DATA_ROOT, DataFileError, load_yaml, require

NAME_FORMS = ("names", "adjectives", "demonyms", "metonyms")


@dataclass(frozen=True)
class Role:
    country: str
    sector: str | None
    role: str | None
    start: dt.date | None
    end: dt.date | None
    code: str | None = None        # an imported CAMEO code with sub-sectors (CODGOVBUS), when known

    def holds_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


def actor_code(country: str | None, sector: str | None) -> str | None:
    """CAMEO-style code: country + sector ("RUS" + "GOV"), without repeating a sector already in it."""
    if not country:
        return sector
    return country + (sector or "") if sector and not country.endswith(sector) else country


@dataclass(frozen=True)
class Coding:
    """How an entity is coded in a story of a given date, and why."""

    country: str | None
    sector: str | None
    role: str | None
    code: str | None
    why: str


@dataclass
class Entity:
    kb_id: str
    kind: str                      # country | organisation | person
    name: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    wikidata: str | None = None
    org_kind: str | None = None    # igo | ngo | armed_group | media | party | company | national_body
    roles: list[Role] = field(default_factory=list)
    surname_alone: bool = False
    start: dt.date | None = None   # a state's or organisation's existence, when it is bounded
    end: dt.date | None = None
    layer: str | None = None       # the imported layer it comes from (None: our own files)

    def coding_on(self, day: dt.date | None, form: str = "name") -> Coding:
        """Country, sector and code on ``day``: a capital or seat of power ("Pékin", "the Kremlin") is the
        government; a person is coded by the role held that day, and out of office as an elite (ELI)."""
        if self.kind == "country":
            sector = "GOV" if form == "metonym" else None
            why = "seat of power used for the government" if sector else f"country {form}"
            if day and ((self.start and day < self.start) or (self.end and day >= self.end)):
                why += f"; a state that existed {self.start or '…'} – {self.end or '…'} only"
            return Coding(self.country, sector, None, actor_code(self.country, sector), why)
        if self.kind == "organisation":
            return Coding(self.country, self.sector, None, self.code or actor_code(self.country, self.sector),
                          f"organisation ({self.org_kind or 'unspecified kind'})")
        role = self.role_on(day)
        if role is not None:
            held = f"{role.start or '…'} – {role.end or 'today'}"
            why = f"{role.role or 'role'} on {day} ({held})" if day else f"latest role {role.role or ''} ({held})"
            return Coding(role.country, role.sector, role.role, role.code or actor_code(role.country, role.sector),
                          why)
        if self.roles:   # out of office on the story date: an elite of their country, not its government
            ended = [r for r in self.roles if r.end and (day is None or r.end <= day)]
            if ended:
                last = max(ended, key=lambda r: r.end)
                return Coding(last.country, "ELI", f"former {last.role}" if last.role else None,
                              actor_code(last.country, "ELI"), f"no office on {day}; {last.role} until {last.end}")
            first = min(self.roles, key=lambda r: r.start or dt.date.min)
            return Coding(first.country, "ELI", None, actor_code(first.country, "ELI"),
                          f"no office yet on {day}; {first.role} from {first.start}")
        return Coding(None, None, None, None, "no role known")

    def role_on(self, day: dt.date | None) -> Role | None:
        """The role held on ``day`` (without a date: the latest one). Out of office on ``day`` → None."""
        held = [r for r in self.roles if r.holds_on(day)]
        if not held and day is None and self.roles:   # undated text: the latest role
            held = [self.latest_role()]
        return max(held, key=lambda r: r.start or dt.date.min) if held else None

    def latest_role(self) -> Role:
        """The role that ended last (an open-ended one counts as latest)."""
        return max(self.roles, key=lambda r: r.end or dt.date.max)

    @property
    def is_media(self) -> bool:
        return self.org_kind == "media"


@dataclass(frozen=True)
class NameRef:
    """Payload of a name pattern: which entity, through which form of its name."""

    kb_id: str
    form: str                      # name | adjective | demonym | metonym | acronym | fullname | surname
    case_sensitive: str | None     # the exact spelling when the alias must match case (acronyms, capitals)


@dataclass(frozen=True)
class AgentSpec:
    sector: str
    role: str | None
    pattern: str


def _date(value, path: str, entry: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise DataFileError(path, f"bad date {value!r} (use YYYY-MM-DD)", entry) from exc


def _str_list(value, path: str, entry: str, key: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(path, f"'{key}' must be a list of non-empty strings", entry)
    return value


def person_items():
    """(path, entry) for every person, from ``kb/persons/*.yaml`` (one file per region)."""
    for file in sorted((DATA_ROOT / "kb" / "persons").glob("*.yaml")):
        path = f"kb/persons/{file.name}"
        for item in load_yaml(path) or []:
            yield path, item


class KnowledgeBase:
    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self._load_countries()
        self._load_organisations()
        self._load_persons()
        self.layer_names: list[tuple[str, str]] = []    # (alias, kb_id) from imported layers
        for path in sorted((DATA_ROOT / "kb" / "layers").glob("*.jsonl")):
            self._load_layer(path)

    # -- loading -----------------------------------------------------------------------------
    def _add(self, entity: Entity, path: str) -> None:
        if entity.kb_id in self.entities:
            raise DataFileError(path, "duplicate kb_id", entity.kb_id)
        self.entities[entity.kb_id] = entity

    def _load_countries(self) -> None:
        path = "kb/countries.yaml"
        for item in load_yaml(path) or []:
            code = require(item, "code", path, str(item), str)
            self._add(Entity(f"country/{code}", "country", require(item, "name", path, code, str), country=code,
                             code=code, wikidata=item.get("wikidata"), start=_date(item.get("start"), path, code),
                             end=_date(item.get("end"), path, code)), path)

    def _load_organisations(self) -> None:
        path = "kb/organisations.yaml"
        for item in load_yaml(path) or []:
            kb_id = require(item, "kb_id", path, str(item), str)
            self._add(Entity(kb_id, "organisation", require(item, "name", path, kb_id, str),
                             country=item.get("country"), sector=item.get("sector"), code=item.get("code"),
                             wikidata=item.get("wikidata"), org_kind=item.get("kind")), path)

    def _load_persons(self) -> None:
        for path, item in person_items():
            kb_id = require(item, "kb_id", path, str(item), str)
            roles = []
            for r in item.get("roles") or []:
                country = require(r, "country", path, kb_id, str)
                if f"country/{country}" not in self.entities and country not in ("IGO", "NGO", "UNO", "EUR"):
                    raise DataFileError(path, f"role country {country!r} is not in kb/countries.yaml", kb_id)
                roles.append(Role(country, r.get("sector"), r.get("role"), _date(r.get("start"), path, kb_id),
                                  _date(r.get("end"), path, kb_id)))
            self._add(Entity(kb_id, "person", require(item, "name", path, kb_id, str), wikidata=item.get("wikidata"),
                             roles=roles, surname_alone=bool(item.get("surname_alone"))), path)

    def _load_layer(self, path) -> None:
        """An imported layer (``dyadwatch kb import-phoenix``): actors with dated CAMEO codes."""
        from .kb_import import read_layer

        try:
            actors = read_layer(path)["actors"]
        except (ValueError, KeyError, IndexError) as exc:
            raise DataFileError(path, f"not a knowledge-base layer ({exc})") from exc
        for item in actors:
            kb_id = item.get("kb_id")
            if not kb_id or kb_id in self.entities or not item.get("roles"):
                continue
            roles = [Role(r["country"], r.get("sector"), None, _date(r.get("start"), str(path), kb_id),
                          _date(r.get("end"), str(path), kb_id), r.get("code")) for r in item["roles"]]
            dated = any(r.start or r.end for r in roles) or len(roles) > 1
            if dated:
                entity = Entity(kb_id, "person", item["name"], roles=roles, layer=path.stem)
            else:
                only = roles[0]
                entity = Entity(kb_id, "organisation", item["name"], country=only.country, sector=only.sector,
                                code=only.code, org_kind="imported", layer=path.stem)
            self.entities[kb_id] = entity
            self.layer_names.extend((alias, kb_id) for alias in item.get("names") or [])

    @cached_property
    def _offices(self) -> dict[tuple[str, str], list[tuple[Role, Entity]]]:
        """(country, role label) → every role of that label held by one of our persons, and who held it."""
        offices: dict[tuple[str, str], list[tuple[Role, Entity]]] = {}
        for e in self.entities.values():
            if e.kind == "person" and e.layer is None:
                for r in e.roles:
                    if r.role:
                        offices.setdefault((r.country, r.role), []).append((r, e))
        return offices

    def office_holders(self, country: str, role: str, day: dt.date) -> list[Entity]:
        """Our persons holding ``role`` for ``country`` on ``day`` (imported layers carry no role labels)."""
        return [e for r, e in self._offices.get((country, role), ()) if r.holds_on(day)]

    # -- words per language ------------------------------------------------------------------
    def not_actor_entries(self, lang: str) -> tuple[list[str], set[str]]:
        """Spans that hold a name without denoting it, and country names that are also personal names."""
        path = f"kb/{lang}/not_actors.yaml"
        spec = load_yaml(path, required=False) or {}
        spans = _str_list(spec.get("spans"), path, "spans", "spans")
        personal = _str_list(spec.get("personal_names"), path, "personal_names", "personal_names")
        return spans, {norm(n) for n in personal}

    def agent_entries(self, lang: str):
        path = f"kb/{lang}/agents.yaml"
        spec = load_yaml(path, required=False) or {}
        for n, item in enumerate(spec.get("entries") or []):
            pattern = require(item, "pattern", path, f"entry {n}", str)
            yield pattern, AgentSpec(require(item, "sector", path, pattern, str), item.get("role"), pattern)


def case_rule(alias: str) -> str | None:
    """Aliases that collide with common words must match case: acronyms (US, UN, AU) exactly,
    capitalised names (Jordan, Turkey, Chad) only when capitalised in the text."""
    letters = [c for c in alias if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 6:
        return "exact"
    if alias[:1].isupper():
        return "capital"
    return None


FUZZY_MIN_LENGTH = 5


def _probes(word: str) -> set[str]:
    """The word and every one-letter deletion of it: two words within one edit share a probe."""
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """Damerau–Levenshtein distance ≤ 1 (one insertion, deletion, substitution or transposition)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@dataclass
class LanguageKB:
    """The knowledge base compiled for one language."""

    kb: KnowledgeBase
    names: PatternSet
    agents: PatternSet
    # one-edit neighbourhoods: single-word country names, and the last word of persons' full names
    fuzzy: dict[str, list[tuple[str, NameRef]]]
    fuzzy_persons: dict[str, list[tuple[tuple[str, ...], str, NameRef]]]
    not_actors: PatternSet           # "Washington state", "South China Sea": a name that is not the actor
    personal_names: set[str]         # country names that are also given names or surnames (Chad, Jordan)

    def fuzzy_country(self, word: str) -> NameRef | None:
        """"Afganistan", "Ethopia", "Quatar": a country name misspelt by one letter, if unambiguous."""
        key = norm(word)
        if len(key) < FUZZY_MIN_LENGTH:
            return None
        found = {ref.kb_id: ref for probe in _probes(key) for alias, ref in self.fuzzy.get(probe, ())
                 if within_one_edit(alias, key)}
        return next(iter(found.values())) if len(found) == 1 else None

    def fuzzy_person(self, before: list[str], word: str) -> tuple[int, NameRef] | None:
        """"Francois Mitterand": a full name whose first names match exactly and whose surname is one
        letter off. Returns (number of first-name tokens, reference) when unambiguous."""
        key = norm(word)
        if len(key) < FUZZY_MIN_LENGTH + 1:
            return None
        hits = {}
        for probe in _probes(key):
            for first, last, ref in self.fuzzy_persons.get(probe, ()):
                if len(first) <= len(before) and tuple(before[len(before) - len(first):]) == first \
                        and within_one_edit(last, key):
                    hits[ref.kb_id] = (len(first), ref)
        return next(iter(hits.values())) if len(hits) == 1 else None


@contextlib.contextmanager
def _bulk_allocation():
    """Pause the cyclic garbage collector while building or unpickling large acyclic structures
    (hundreds of thousands of small objects): it would otherwise rescan them many times over."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    with _bulk_allocation():
        return KnowledgeBase()


log = logging.getLogger(__name__)
CACHE_ENV = "DYADWATCH_CACHE_DIR"


def _cache_file(lang: str, tokenizer_id: str) -> Path | None:
    """Where the compiled names of ``lang`` are cached: a file named by a digest of every input
    (knowledge-base files, the compiling code, the tokenizer), so a stale cache is never read.
    ``DYADWATCH_CACHE_DIR=off`` disables the cache."""
    root = os.environ.get(CACHE_ENV) or os.path.join(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache",
                                                      "dyadwatch")
    if root == "off":
        return None
    digest = hashlib.sha256(f"{lang}\0{tokenizer_id}".encode())
    sources = sorted((DATA_ROOT / "kb").rglob("*")) + [Path(__file__), Path(__file__).with_name("patterns.py")]
    for path in sources:
        if path.is_file():
            digest.update(str(path.relative_to(path.parents[1])).encode() + path.read_bytes())
    return Path(root) / f"kb-{lang}-{digest.hexdigest()[:16]}.pickle"


@lru_cache(maxsize=None)
def language_kb(lang: str) -> LanguageKB:
    """The knowledge base compiled for ``lang``, from the disk cache when it is current."""
    from .pipeline.nlp import get_pipeline

    kb = load_kb()
    pipeline = get_pipeline(lang)
    tok = pipeline.nlp.tokenizer
    cache = _cache_file(lang, f"{pipeline.model} {pipeline.nlp.meta.get('version')}")
    if cache is not None and cache.exists():
        try:
            with cache.open("rb") as fh, _bulk_allocation():
                names, agents, fuzzy, fuzzy_persons, not_actors, personal = pickle.load(fh)
            names.tokenizer = agents.tokenizer = not_actors.tokenizer = tok
            return LanguageKB(kb, names, agents, fuzzy, fuzzy_persons, not_actors, personal)
        except Exception as exc:   # a damaged or foreign file: compile again and overwrite it
            log.warning("ignoring knowledge-base cache %s: %s", cache, exc)
    with _bulk_allocation():
        compiled = _compile(kb, lang, tok)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump((compiled.names, compiled.agents, compiled.fuzzy, compiled.fuzzy_persons,
                             compiled.not_actors, compiled.personal_names), fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(cache)
        except (OSError, pickle.PicklingError, RecursionError) as exc:
            log.info("knowledge-base cache not written (%s)", exc)
            tmp.unlink(missing_ok=True)
    return compiled


def _compile(kb: KnowledgeBase, lang: str, tok) -> LanguageKB:
    names = PatternSet(tok)
    fuzzy: dict[str, list[tuple[str, NameRef]]] = {}
    fuzzy_persons: dict[str, list[tuple[tuple[str, ...], str, NameRef]]] = {}
    for alias, ref in _all_names(kb, lang):
        names.add_phrase(alias, ref)
        key = norm(alias)
        if ref.kb_id.startswith("country/") and ref.form in ("name", "adjective", "demonym") \
                and key.isalpha() and len(key) >= FUZZY_MIN_LENGTH:
            for probe in _probes(key):
                fuzzy.setdefault(probe, []).append((key, ref))
        words = key.split()
        if ref.form == "fullname" and len(words) >= 2 and words[-1].isalpha() and len(words[-1]) > FUZZY_MIN_LENGTH:
            for probe in _probes(words[-1]):
                fuzzy_persons.setdefault(probe, []).append((tuple(words[:-1]), words[-1], ref))
    agents = PatternSet(tok)
    for pattern, spec in kb.agent_entries(lang):
        agents.add(pattern, spec)
    not_actors = PatternSet(tok)
    spans, personal = kb.not_actor_entries(lang)
    for pattern in spans:
        try:
            not_actors.add(pattern, pattern)
        except PatternSyntaxError as exc:
            raise DataFileError(f"kb/{lang}/not_actors.yaml", str(exc), pattern) from exc
    return LanguageKB(kb, names, agents, fuzzy, fuzzy_persons, not_actors, personal)


def _all_names(kb: KnowledgeBase, lang: str):
    """Yield (alias, NameRef) for every name the knowledge base knows in ``lang``."""
    path = f"kb/{lang}/countries.yaml"
    countries = load_yaml(path, required=False)
    if countries is None:   # a language nobody has written tables for: CLDR's country names alone
        path = f"kb/cldr/{lang}.yaml"
        countries = {code: {"names": names} for code, names in (load_yaml(path, required=False) or {}).items()}
    for code, forms in countries.items():
        kb_id = f"country/{code}"
        if kb_id not in kb.entities:
            raise DataFileError(path, "unknown country code", str(code))
        for key in NAME_FORMS:
            for alias in _str_list((forms or {}).get(key), path, str(code), key):
                yield alias, NameRef(kb_id, key[:-1], alias if case_rule(alias) else None)
    path = f"kb/{lang}/organisations.yaml"
    for kb_id, names in (load_yaml(path, required=False) or {}).items():
        if kb_id not in kb.entities:
            raise DataFileError(path, "unknown organisation kb_id", str(kb_id))
        for alias in _str_list(names, path, kb_id, "names"):
            form = "acronym" if case_rule(alias) == "exact" else "name"
            yield alias, NameRef(kb_id, form, alias if case_rule(alias) else None)
    known = set()
    for path, item in person_items():
        kb_id = item["kb_id"]
        for key, form in (("names", "fullname"), ("surnames", "surname")):
            for alias in _str_list(item.get(key), path, kb_id, key):
                known.add(alias.lower())
                yield alias, NameRef(kb_id, form, alias if case_rule(alias) else None)
    surnames: dict[str, set[str]] = {}
    for alias, kb_id in kb.layer_names:   # imported layers add names, never override ours
        words = alias.lower().split()
        # "Chancellor Angela Merkel" must not outrun our "Angela Merkel": no layer name ends with one of ours
        if len(words) < 2 or any(" ".join(words[i:]) in known for i in range(len(words))):
            continue
        person = kb.entities[kb_id].kind == "person"
        yield alias, NameRef(kb_id, "fullname" if person else "name", alias)
        if person and len(alias.split()[-1]) > 2:
            surnames.setdefault(alias.split()[-1], set()).add(kb_id)
    for surname, ids in surnames.items():
        # a surname alone is used only when all its bearers share a country ("President Bush")
        countries = {r.country for i in ids for r in kb.entities[i].roles}
        if surname.lower() not in known and len(countries) == 1:
            yield surname, NameRef(min(ids), "surname", surname)
