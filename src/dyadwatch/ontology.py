"""CAMEO ↔ PLOVER: code names, Goldstein scores and the official conversion table.

The shipped tables are the source of truth; lexicon entries name a CAMEO code and this module
derives type, mode, context, quad class and Goldstein score from it, so that one fact is never
written twice.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .resources import DataFileError, data_path, load_yaml

_LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*,?\s*([^,#]*)(?:,([^#]*))?(?:#(.*))?$")


@dataclass(frozen=True)
class Coding:
    """Everything the ontology says about one CAMEO code."""

    cameo: str
    cameo_name: str | None
    type: str | None
    mode: str | None
    context: tuple[str, ...]
    quad_class: int | None
    goldstein: float | None


@dataclass
class Ontology:
    types: dict[str, dict]
    contexts: set[str]
    quad_names: dict[int, str]
    context_aliases: dict[str, str] = field(default_factory=dict)
    cameo_names: dict[str, str] = field(default_factory=dict)
    goldstein: dict[str, float] = field(default_factory=dict)
    plover: dict[str, tuple[str, str | None, tuple[str, ...]]] = field(default_factory=dict)

    def reachable_modes(self) -> set[tuple[str, str | None]]:
        """(type, mode) pairs some CAMEO code maps to; the others can only be coded natively."""
        return {(t, m) for t, m, _ in self.plover.values()} | {(t, None) for t in self.types}

    def is_cameo(self, code: str) -> bool:
        return code in self.cameo_names

    def _walk_up(self, code: str, table: dict):
        """Most specific entry for ``code`` or one of its parents (0314 → 031 → 03)."""
        for cut in range(len(code), 1, -1):
            if code[:cut] in table:
                return table[code[:cut]]
        return None

    def coding(self, cameo: str, type_override: str | None = None, mode_override: str | None = None,
               extra_context: tuple[str, ...] = ()) -> Coding:
        entry = self._walk_up(cameo, self.plover)
        ptype, mode, context = entry if entry else (None, None, ())
        if type_override:
            ptype, mode, context = type_override, None, context
        if mode_override is not None:
            mode = mode_override or None
        ctx = tuple(dict.fromkeys(context + tuple(extra_context)))
        quad = self.types[ptype]["quad"] if ptype else None
        return Coding(cameo, self.cameo_names.get(cameo), ptype, mode, ctx, quad, self._walk_up(cameo, self.goldstein))


def _parse_conversion(ont: Ontology) -> None:
    path = data_path("ontology/CAMEO2PLOVER-2021.txt")
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(("#", "~")):
            continue
        m = _LINE.match(line)
        if not m:
            raise DataFileError(path, f"unreadable line {lineno}: {raw!r}")
        code, ptype, mode, context = m.group(1), m.group(2), m.group(3).strip(), (m.group(4) or "")
        if ptype not in ont.types:
            raise DataFileError(path, f"unknown PLOVER type {ptype} on line {lineno}")
        if len(code) == 2:  # a root header: its own entry, overridden by 0x0 lines
            ont.plover.setdefault(code, (ptype, None, ()))
            continue
        ctx = []
        for c in re.split(r"[;\s]+", context.strip()):
            c = ont_alias(ont, c)
            if c and c in ont.contexts:
                ctx.append(c)
        mode = mode.replace(" ", "")
        if mode and mode not in ont.types[ptype]["modes"]:
            mode_as_context = ont_alias(ont, mode)
            if mode_as_context in ont.contexts:  # the table sometimes puts a context in the mode column
                ctx.append(mode_as_context)
            mode = ""
        ont.plover[code] = (ptype, mode or None, tuple(ctx))


def ont_alias(ont: Ontology, context: str) -> str:
    return ont.context_aliases.get(context, context)


def _read_tsv(relpath: str) -> dict[str, str]:
    path = data_path(relpath)
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    if not rows or len(rows[0]) != 2:
        raise DataFileError(path, "expected a two-column TSV with a header")
    return {r[0].strip(): r[1].strip() for r in rows[1:] if len(r) == 2}


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    spec = load_yaml("ontology/plover.yaml")
    ont = Ontology(types=spec["types"], contexts=set(spec["contexts"]),
                   quad_names={int(k): v for k, v in spec["quad_names"].items()},
                   context_aliases=spec.get("context_aliases", {}))
    ont.cameo_names = _read_tsv("ontology/CAMEO.eventcodes.tsv")
    ont.goldstein = {k: float(v) for k, v in _read_tsv("ontology/CAMEO.goldsteinscale.tsv").items()}
    _parse_conversion(ont)
    return ont
