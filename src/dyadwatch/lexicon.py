"""Trigger and modality lexicons: load, validate and compile ``lexicons/<lang>/*.yaml``."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .ontology import Coding, load_ontology
from .patterns import PatternSet, PatternSyntaxError, norm
from .resources import DataFileError, data_path, load_yaml, require

MODALITIES = ("negation", "planned", "hypothetical", "reported", "alleged")
CUE_CLASSES = MODALITIES + ("intent", "obligation")
ROLE_NAMES = ("source", "target")


@dataclass(frozen=True)
class TriggerSpec:
    id: str
    pattern: str
    coding: Coding
    kind: str                 # verb | noun
    joint: bool
    intent: bool              # states an intention about its complement ("promised to …", "is ready to …")
    subject_role: str         # which side the grammatical subject is
    object_role: str
    needs: tuple[str, ...]
    exclude: frozenset[str]
    prior: float
    example: str


@dataclass
class Lexicon:
    lang: str
    triggers: PatternSet
    modality: PatternSet
    entries: dict[str, TriggerSpec]


def _trigger(item: dict, path: str, n: int, default_prior: float) -> TriggerSpec:
    ont = load_ontology()
    entry_id = require(item, "id", path, f"entry {n}", str)
    pattern = require(item, "pattern", path, entry_id, str)
    cameo = str(require(item, "cameo", path, entry_id, (str, int)))
    if not ont.is_cameo(cameo):
        raise DataFileError(path, f"unknown CAMEO code {cameo!r}", entry_id)
    ptype = item.get("type")
    if ptype is not None and ptype not in ont.types:
        raise DataFileError(path, f"unknown PLOVER type {ptype!r}", entry_id)
    if ptype is not None and ont.coding(cameo).type is not None and (ptype, item.get("mode")) in ont.reachable_modes():
        raise DataFileError(path, f"CAMEO {cameo} maps to {ont.coding(cameo).type} in the official table; 'type' "
                                  "may only be given for codes the table leaves unmapped, or with a PLOVER mode no "
                                  "CAMEO code reaches (RETREAT/resign, SANCTION/convict)", entry_id)
    context = item.get("context") or []
    bad = [c for c in context if c not in ont.contexts]
    if bad:
        raise DataFileError(path, f"unknown PLOVER context(s) {bad}", entry_id)
    coding = ont.coding(cameo, ptype, item.get("mode"), tuple(context))
    if coding.type is None:
        raise DataFileError(path, f"CAMEO {cameo} has no PLOVER type; give 'type' explicitly", entry_id)
    mode = coding.mode
    if mode is not None and mode not in ont.types[coding.type]["modes"]:
        raise DataFileError(path, f"mode {mode!r} is not a mode of {coding.type}", entry_id)
    kind = item.get("kind", "verb")
    if kind not in ("verb", "noun"):
        raise DataFileError(path, "'kind' must be verb or noun", entry_id)
    roles = item.get("roles") or {}
    if not isinstance(roles, dict) or any(k not in ("subject", "object") or v not in ROLE_NAMES for k, v in roles.items()):
        raise DataFileError(path, "'roles' maps subject/object to source/target", entry_id)
    needs = tuple(item.get("needs") or ())
    if any(n not in ROLE_NAMES for n in needs):
        raise DataFileError(path, "'needs' lists source and/or target", entry_id)
    prior = float(item.get("confidence", default_prior))
    if not 0 < prior <= 1:
        raise DataFileError(path, "'confidence' must be in (0, 1]", entry_id)
    example = require(item, "example", path, entry_id, str)
    subject_role = roles.get("subject", "source")
    object_role = roles.get("object", "target" if subject_role == "source" else "source")
    return TriggerSpec(entry_id, pattern, coding, kind, bool(item.get("joint", False)), bool(item.get("intent", False)),
                       subject_role, object_role,
                       needs, frozenset(norm(x) for x in item.get("exclude") or ()), prior, example)


@lru_cache(maxsize=1)
def coded_languages() -> frozenset[str]:
    """The languages with a trigger lexicon (``lexicons/<lang>/triggers.yaml``): the ones events are coded in."""
    return frozenset(path.parent.name for path in data_path("lexicons").glob("*/triggers.yaml"))


@lru_cache(maxsize=None)
def load_lexicon(lang: str) -> Lexicon:
    from .pipeline.nlp import tokenizer_for

    rules = coding_rules()
    tokenize = tokenizer_for(lang)
    path = f"lexicons/{lang}/triggers.yaml"
    spec = load_yaml(path, required=False) or {"entries": []}
    triggers, entries = PatternSet(tokenize), {}
    for n, item in enumerate(spec.get("entries") or []):
        trig = _trigger(item, path, n, rules["confidence"]["default_prior"])
        if trig.id in entries:
            raise DataFileError(path, "duplicate id", trig.id)
        try:
            triggers.add(trig.pattern, trig)
        except PatternSyntaxError as exc:
            raise DataFileError(path, str(exc), trig.id) from exc
        entries[trig.id] = trig
    mpath = f"lexicons/{lang}/modality.yaml"
    mspec = load_yaml(mpath, required=False) or {}
    modality = PatternSet(tokenize)
    for name in CUE_CLASSES:
        cues = mspec.get(name) or []
        if not isinstance(cues, list):
            raise DataFileError(mpath, f"'{name}' must be a list of patterns")
        for cue in cues:
            try:
                modality.add(str(cue), name)
            except PatternSyntaxError as exc:
                raise DataFileError(mpath, str(exc), name) from exc
    return Lexicon(lang, triggers, modality, entries)


@lru_cache(maxsize=1)
def coding_rules() -> dict:
    """``lexicons/coding.yaml``, with every ``*_types`` list and ``*_sectors`` mapping checked against the PLOVER types."""
    path = "lexicons/coding.yaml"
    rules = load_yaml(path)
    known = load_ontology().types
    for key, value in rules.items():
        if key.endswith(("_types", "_sectors")):
            if not isinstance(value, list if key.endswith("_types") else dict):
                raise DataFileError(path, f"'{key}' must be a {'list' if key.endswith('_types') else 'mapping'} of PLOVER types")
            unknown = [t for t in value if t not in known]
            if unknown:
                raise DataFileError(path, f"'{key}' names unknown PLOVER types: {', '.join(map(str, unknown))}")
    return rules
