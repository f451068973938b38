"""Checks over the data files: validation, lexicon coverage, and lexicon examples that must fire."""
from __future__ import annotations

from collections import defaultdict

from .resources import DATA_ROOT, DataFileError


def languages() -> list[str]:
    return sorted(p.name for p in (DATA_ROOT / "lexicons").iterdir() if p.is_dir())


def validate_all(langs: list[str] | None = None) -> list[str]:
    """Load everything; return the problems found (empty when all files are valid)."""
    from .kb import language_kb, load_kb
    from .lexicon import load_lexicon
    from .ontology import load_ontology
    from .pipeline.grammar import load_grammar
    from .pipeline.normalize import _boilerplate
    from .pipeline.references import load_references

    problems: list[str] = []
    steps = [load_ontology, load_kb, _boilerplate]
    for lang in langs or languages():
        steps += [lambda lang=lang: language_kb(lang), lambda lang=lang: load_lexicon(lang),
                  lambda lang=lang: load_grammar(lang), lambda lang=lang: load_references(lang)]
    for step in steps:
        try:
            step()
        except (DataFileError, ValueError) as exc:
            if str(exc) not in problems:
                problems.append(str(exc))
    return problems


def coverage(lang: str) -> dict:
    from .lexicon import load_lexicon
    from .ontology import load_ontology

    ont = load_ontology()
    by_type: dict[str, dict] = {t: {"entries": 0, "modes": set()} for t in ont.types}
    lex = load_lexicon(lang)
    for spec in lex.entries.values():
        row = by_type[spec.coding.type]
        row["entries"] += 1
        if spec.coding.mode:
            row["modes"].add(spec.coding.mode)
    out = {}
    for t, row in by_type.items():
        modes = ont.types[t]["modes"]
        out[t] = {"entries": row["entries"], "modes": sorted(row["modes"]),
                  "missing": [m for m in modes if m not in row["modes"]]}
    return {
        "lang": lang, "entries": len(lex.entries), "by_type": out,
        "types_total": len(out), "types_covered": sum(1 for r in out.values() if r["entries"]),
        "modes_total": sum(len(ont.types[t]["modes"]) for t in out),
        "modes_covered": sum(len(r["modes"]) for r in out.values()),
    }


def example_failures(lang: str) -> dict[str, str]:
    """Lexicon entries whose own example sentence does not trigger them: {entry id: example}."""
    from .lexicon import load_lexicon
    from .coder import date_tokens
    from .patterns import TokenView
    from .pipeline.nlp import get_pipeline
    from .pipeline.timex import find_timex

    lex = load_lexicon(lang)
    nlp = get_pipeline(lang).nlp
    specs = list(lex.entries.values())
    fired: dict[str, set[str]] = defaultdict(set)
    for spec, doc in zip(specs, nlp.pipe(s.example for s in specs)):
        view = TokenView.from_doc(doc)
        view.free = view.free | date_tokens(doc, find_timex(spec.example, lang, None))   # as the coder sees it
        for m in lex.triggers.find(view):
            fired[spec.id].add(m.payload.id)
    return {s.id: s.example for s in specs if s.id not in fired[s.id]}
