"""Token patterns: the one matching mechanism behind triggers, agents and modality cues.

A pattern (syntax in docs/DATA.md) is expanded into concrete token sequences, tokenised with the
language's own tokenizer so that "chef d'état-major" splits exactly as the text does, and stored in
a trie. Matching walks the trie from every token, comparing each item with the token's lemma and
surface form, accent- and case-insensitively.
"""
from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable

import numpy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, ORTH, SPACY

GAP = "\x00gap"
MAX_GAP = 3          # "..." : up to three tokens, no punctuation
MAX_LONG_GAP = 12    # "...N": up to N tokens (N ≤ 12), commas allowed (German middle field, appositions)
CLAUSE_COMMA = ","
CACHED_FORMS = 500_000   # word forms each FormCache keeps between documents
UMLAUT = "\u0308"


@lru_cache(maxsize=200_000)
def norm(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes: the key every comparison uses. The umlaut of
    ä, ö, ü is kept: it tells German words apart (würde/wurde, könnte/konnte, müsste/musste)."""
    text = text.replace("’", "'").replace("ʼ", "'").lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for i, c in enumerate(decomposed)
                   if not unicodedata.combining(c) or (c == UMLAUT and i and decomposed[i - 1] in "aou"))
    return unicodedata.normalize("NFC", kept)


class FormCache:
    """What a stage derives from each word form (string hash → value), kept between documents so
    that a form is worked out once: a corpus repeats most of its words. Emptied when it outgrows
    ``limit``, which bounds memory on a long run over an open vocabulary."""

    def __init__(self, limit: int = CACHED_FORMS):
        self.limit = limit
        self._values: dict[int, Any] = {}

    def map(self, hashes: list[int], derive: Callable[[int], Any]) -> list:
        """The value of each hash, computing with ``derive`` only those not seen before; known
        ones are read without a Python call per token."""
        values = self._values
        if len(values) > self.limit:
            values.clear()
        for h in set(hashes).difference(values):
            values[h] = derive(h)
        return list(map(values.__getitem__, hashes))


_NORMED = FormCache()   # string hash → norm(string)


@dataclass
class TokenView:
    """What the matcher needs from a spaCy Doc, computed once per document."""

    lemma: list[str]
    lower: list[str]
    is_punct: list[bool]
    idx: list[int]
    end: list[int]
    free: frozenset[int] = frozenset()   # tokens a gap passes over without counting them (dates, compound hyphens)
    text: str = ""                       # the document's text (``doc.text`` walks every token on each call)

    def __len__(self) -> int:
        return len(self.lower)

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens [start, end), as written."""
        return self.text[self.idx[start]:self.end[end - 1]]

    @classmethod
    def from_doc(cls, doc, text: str | None = None) -> "TokenView":
        """``text``: the string the document was made from, when the caller has it."""
        # one array export instead of a Token object per token and per stage, and normalised forms
        # kept between documents: the stages after the parse read these lists
        rows = doc.to_array([ORTH, LEMMA, IS_PUNCT, IS_SPACE, IDX, SPACY, LENGTH])
        orth, lemmas, spacy = rows[:, 0].tolist(), rows[:, 1].tolist(), rows[:, 5].tolist()
        strings = doc.vocab.strings
        normed = lambda h: norm(strings[h]) if h else ""
        lower, lemma = _NORMED.map(orth, normed), _NORMED.map(lemmas, normed)
        if 0 in lemmas:   # no lemma: the surface form stands for it
            lemma = [lem if h else low for lem, h, low in zip(lemma, lemmas, lower)]
        # the hyphen inside a compound ("a four-day strike", "the night-time curfew") joins one word:
        # a gap passes over it without stopping at it or counting it
        hyphen, last = strings["-"], len(orth) - 1
        joiners = frozenset(k for k in numpy.flatnonzero(rows[:, 0] == hyphen).tolist()
                            if 0 < k < last and not spacy[k - 1] and not spacy[k])
        punct = rows[:, 2] > 0
        punct[list(joiners)] = False
        punct |= rows[:, 3] > 0
        return cls(lemma, lower, punct.tolist(), rows[:, 4].tolist(), (rows[:, 4] + rows[:, 6]).tolist(),
                   joiners, doc.text if text is None else text)

    def __post_init__(self) -> None:
        # each token's lemma and surface form, once each and in a fixed order (runs are reproducible):
        # what every pattern walk compares, built once rather than per walk
        self.keys = [(lemma,) if lemma == low else (lemma, low) for lemma, low in zip(self.lemma, self.lower)]


@dataclass
class Match:
    start: int          # first token
    end: int            # one past the last token
    head: int           # token index of the head item
    payload: Any
    skipped: tuple[int, ...] = ()
    tokens: tuple[int, ...] = ()


@dataclass
class _Node:
    children: dict[str, "_Node"] = field(default_factory=dict)
    terminals: list[tuple[Any, int]] = field(default_factory=list)  # (payload, head item position)
    gaps: dict[str, "_Node"] = field(default_factory=dict)           # gap key -> node after the gap


class PatternSyntaxError(ValueError):
    pass


def _gap_key(width: int) -> str:
    return GAP if not width else f"{GAP}{width}"


def _split_items(pattern: str) -> list[tuple[list[str] | int, bool, bool]]:
    """Parse a pattern string into (alternatives | gap width, optional, head) items; width 0 is the
    plain "..." gap."""
    items = []
    for raw in pattern.split():
        if raw.startswith("...") and (raw == "..." or raw[3:].isdigit()):
            width = int(raw[3:]) if raw != "..." else 0
            if width > MAX_LONG_GAP or raw[3:] == "0":
                raise PatternSyntaxError(f"gap {raw!r} in pattern {pattern!r}: write ... or ...1 to ...{MAX_LONG_GAP}")
            items.append((width, False, False))
            continue
        head = raw.startswith("^")
        raw = raw.lstrip("^")
        optional = raw.startswith("(") and raw.endswith(")")
        raw = raw.strip("()")
        alts = [a for a in raw.split("|") if a]
        if not alts:
            raise PatternSyntaxError(f"empty item in pattern {pattern!r}")
        items.append((alts, optional, head))
    if not items or all(isinstance(alts, int) for alts, _, _ in items):
        raise PatternSyntaxError(f"pattern {pattern!r} has no words")
    if isinstance(items[0][0], int) or isinstance(items[-1][0], int):
        raise PatternSyntaxError(f"pattern {pattern!r} cannot start or end with a gap")
    return items


class PatternSet:
    """A compiled collection of patterns for one language."""

    def __init__(self, tokenizer: Callable[[str], Iterable[Any]]):
        self.tokenizer = tokenizer      # a spaCy tokenizer: text -> tokens with .text
        self._root = _Node()
        self.size = 0

    def __getstate__(self) -> dict:
        """Pickle the compiled trie without the tokenizer (reattached by whoever loads it)."""
        return {k: v for k, v in self.__dict__.items() if k != "tokenizer"}

    def _item_tokens(self, word: str) -> tuple[str, ...]:
        if word.isalpha():       # a plain word is one token in every tokenizer: skip the slow path
            return (norm(word),)
        return tuple(norm(t.text) for t in self.tokenizer(word) if t.text.strip())

    def add(self, pattern: str, payload: Any) -> None:
        items = _split_items(pattern)
        head_pos = next((i for i, (_, _, h) in enumerate(items) if h), None)
        if head_pos is None:
            head_pos = next(i for i, (alts, opt, _) in enumerate(items) if not isinstance(alts, int) and not opt)
        choices = []
        for pos, (alts, optional, _) in enumerate(items):
            if isinstance(alts, int):
                options = [((_gap_key(alts),), pos)]
            else:
                options = [(self._item_tokens(a), pos) for a in alts]
                if optional:
                    options.append(((), pos))
            choices.append(options)
        for combo in itertools.product(*choices):
            seq: list[str] = []
            head_index = 0
            for tokens, pos in combo:
                if pos == head_pos:
                    head_index = len(seq)
                seq.extend(tokens)
            while seq and seq[-1].startswith(GAP):
                seq.pop()
            if not seq or seq[0].startswith(GAP):
                continue
            node = self._root
            for key in seq:
                if key.startswith(GAP):
                    node = node.gaps.setdefault(key, _Node())
                else:
                    node = node.children.setdefault(key, _Node())
            head_index = min(head_index, len([k for k in seq if not k.startswith(GAP)]) - 1)
            node.terminals.append((payload, head_index))
        self.size += 1

    def add_phrase(self, text: str, payload: Any) -> None:
        """Add literal text (a name, no pattern syntax): the fast path for large gazetteers."""
        seq = [t for word in text.split() for t in self._item_tokens(word)]
        if not seq:
            raise PatternSyntaxError(f"phrase {text!r} has no words")
        node = self._root
        for key in seq:
            node = node.children.setdefault(key, _Node())
        node.terminals.append((payload, 0))
        self.size += 1

    def find(self, view: TokenView, start: int = 0, end: int | None = None,
             skippable: Callable[[int], bool] | None = None) -> list[Match]:
        """Every match in tokens [start, end); overlapping matches are all returned."""
        end = len(view) if end is None else end
        out: list[Match] = []
        lookup, keys = self._root.children.get, view.keys
        for i in range(start, end):
            for key in keys[i]:
                node = lookup(key)
                if node is None:
                    continue
                j = i + 1
                if not node.terminals and not node.gaps and skippable is None and \
                        (j >= end or j not in view.free and node.children.keys().isdisjoint(keys[j])):
                    continue   # most first words lead nowhere: spare the walk
                self._walk(view, node, j, end, (i,), (), skippable, out, i)
        return out

    def _walk(self, view, node, j, end, matched, skipped, skippable, out, start) -> None:
        for payload, head_index in node.terminals:
            out.append(Match(start, matched[-1] + 1, matched[min(head_index, len(matched) - 1)],
                             payload, skipped, matched))
        if (not node.children and not node.gaps) or j > end:
            return
        if j < end:
            after_date = j
            while after_date < end and after_date in view.free and not view.is_punct[after_date]:
                after_date += 1   # a date between two items: "offered on Friday to"
            for k in (j, after_date) if j < after_date < end else (j,):
                for key in view.keys[k]:
                    child = node.children.get(key)
                    if child is not None:
                        self._walk(view, child, k + 1, end, matched + (k,), skipped, skippable, out, start)
            if skippable is not None and not skipped and skippable(j):
                self._walk(view, node, j + 1, end, matched, (j,), skippable, out, start)
        for key, gap in node.gaps.items():
            width = int(key[len(GAP):] or MAX_GAP)
            commas = key != GAP
            used = 0
            for k in range(j, end + 1):
                if k > j:
                    prev = k - 1
                    if view.is_punct[prev] and not (commas and view.lower[prev] == CLAUSE_COMMA):
                        break
                    used += prev not in view.free     # "expulsó el lunes a …": the date is not counted
                    if used > width:
                        break
                if k < end:
                    for token_key in view.keys[k]:
                        child = gap.children.get(token_key)
                        if child is not None:
                            self._walk(view, child, k + 1, end, matched + (k,), skipped, skippable, out, start)


def longest_first(matches: Iterable[Match]) -> list[Match]:
    """Greedy non-overlapping selection preferring longer, then earlier matches."""
    chosen: list[Match] = []
    taken: set[int] = set()
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        span = set(range(m.start, m.end))
        if span & taken:
            continue
        taken |= span
        chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)
