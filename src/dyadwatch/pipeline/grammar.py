"""Function words per language (``lexicons/<lang>/grammar.yaml``) compiled for the rule path."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..patterns import PatternSet, TokenView, norm
from ..resources import DataFileError, load_yaml

WORD_CLASSES = ("coordination", "locative", "locative_bare", "of", "genitive", "by", "with", "target", "between",
                "passive_noun", "articles", "negators", "relative", "passive_aux", "plural_refs", "speech_verbs",
                "occasion", "personal", "former", "clause_aux", "street", "street_after", "reflexive", "be_verbs",
                "comparative", "reason")


@dataclass
class Grammar:
    lang: str
    sets: dict[str, PatternSet]
    words: dict[str, frozenset[str]]     # single-word entries per class, normalised, for parse checks
    participle_endings: tuple[str, ...] = ()
    genitive_suffixes: tuple[str, ...] = ()   # a name carrying one right after a title is its owner ("Minister Irans")
    verb_second: bool = False    # a fronted adverbial puts the subject after the verb ("Am Dienstag griff Russland … an")
    infinitive_endings: tuple[str, ...] = ()   # a lower-case word whose lemma has one is a verb form (blank pipelines)

    def has(self, word_class: str, token) -> bool:
        """Does a spaCy token's lemma or form belong to ``word_class``?"""
        return norm(token.lemma_) in self.words[word_class] or norm(token.text) in self.words[word_class]

    def is_word(self, word_class: str, text: str) -> bool:
        return norm(text) in self.words[word_class]

    def ends_at(self, view: TokenView, word_class: str, end: int, start: int = 0) -> int | None:
        """Start token of a ``word_class`` match ending right before token ``end``, if any."""
        best = None
        for m in self.sets[word_class].find(view, max(start, end - 4), end):
            if m.end == end and (best is None or m.start < best):
                best = m.start
        return best

    def starts_at(self, view: TokenView, word_class: str, start: int, end: int | None = None) -> int | None:
        """End token of a ``word_class`` match starting at token ``start``, if any."""
        if start >= len(view):
            return None
        stop = min(len(view), start + 4) if end is None else end
        ends = [m.end for m in self.sets[word_class].find(view, start, stop) if m.start == start]
        return max(ends) if ends else None

    def find(self, view: TokenView, word_class: str, start: int = 0, end: int | None = None):
        return self.sets[word_class].find(view, start, end)


@lru_cache(maxsize=None)
def load_grammar(lang: str) -> Grammar:
    from .nlp import tokenizer_for

    path = f"lexicons/{lang}/grammar.yaml"
    spec = load_yaml(path, required=False) or load_yaml("lexicons/en/grammar.yaml")
    tokenize = tokenizer_for(lang)
    sets, single = {}, {}
    endings = spec.get("participle_endings") or []
    for cls in WORD_CLASSES:
        words = spec.get(cls) or []
        if not isinstance(words, list):
            raise DataFileError(path, f"'{cls}' must be a list of patterns")
        ps = PatternSet(tokenize)
        for w in words:
            ps.add(str(w), cls)
        sets[cls] = ps
        single[cls] = frozenset(norm(str(w)) for w in words if " " not in str(w))
    verb_second = spec.get("verb_second", False)
    if not isinstance(verb_second, bool):
        raise DataFileError(path, "'verb_second' must be true or false")
    suffixes = {}
    for key in ("genitive_suffixes", "infinitive_endings"):
        value = spec.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise DataFileError(path, f"'{key}' must be a list of word endings")
        suffixes[key] = tuple(value)
    return Grammar(lang, sets, single, tuple(endings), suffixes["genitive_suffixes"], verb_second,
                   suffixes["infinitive_endings"])
