"""Direct quotations and who said them, on raw text.

A quotation is attributed from, in order: an inversion right after it ("« … », a déclaré X à Y",
'"…," said X', '"…," X said'), a speech verb earlier in its sentence ("X a déclaré : « … »", which
also covers scare quotes), then a source cue anywhere in the sentence ("selon X", "according to X").
Machine translations often drop a closing mark ('de "renforcer …, a ajouté X.'); such a quote is
closed at the comma that starts a speech-verb inversion, and dropped when there is none.
Quotes never cross a line break. Single quotes are ignored: they are indistinguishable from
apostrophes. Verbs, cues and stop words come from ``lexicons/<lang>/speech.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dyadwatch.pipeline.timex import fold
from dyadwatch.resources import DataFileError, load_yaml

# Opening mark → the marks that close it, for a speech.yaml without ``quote_marks``.
DEFAULT_PAIRS = {"«": "»", "“": "”", "„": "“”", "‹": "›", '"': '"'}
_LINE = re.compile(r"[^\n]+")
_COMMA_NEXT = re.compile(r"\s*,")
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")
_STRAIGHT_OPEN_AFTER = "([{—–-/:'’"
MAX_SPEAKER_WORDS = 12
MAX_SPEAKER_CHARS = 200  # a speaker phrase longer than this has no stop: it is not a name
SENTENCE_WINDOW = 500  # how far a sentence boundary is looked for, so long lines stay linear


@dataclass(frozen=True)
class QuoteMention:
    start: int  # the quoted words, without the quote marks
    end: int
    text: str
    speaker_start: int | None  # the phrase naming the speaker
    speaker_end: int | None
    speaker_text: str | None
    cue: str | None  # the speech verb or cue ("a déclaré", "said", "according to")


@dataclass(frozen=True)
class _Attribution:
    speaker: tuple[int, int] | None
    cue: tuple[int, int]


@dataclass(frozen=True)
class _Speech:
    after_verb: re.Pattern[str]
    after_inverted: re.Pattern[str] | None
    after_cue: re.Pattern[str]
    after_subject: re.Pattern[str]
    verbs: re.Pattern[str]
    cues: re.Pattern[str]
    stops: re.Pattern[str]
    skip: re.Pattern[str] | None
    verb_keys: frozenset[str]
    abbreviations: frozenset[str]
    pairs: dict[str, str]           # opening mark -> the marks that close it
    marks: re.Pattern[str]          # any opening or closing mark


# --------------------------------------------------------------------------- lexicon loading


def _key(phrase: str) -> str:
    return " ".join(fold(phrase).lower().split())


def _str_list(data: dict, key: str, path: str, allow_empty: bool = False) -> list[str]:
    """A required list of non-empty strings, or a DataFileError naming the key."""
    value = data.get(key)
    if value is None:
        raise DataFileError(path, f"missing required key '{key}'")
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(path, f"'{key}' must be a list of non-empty strings")
    if not value and not allow_empty:
        raise DataFileError(path, f"'{key}' must not be empty")
    return value


def _words(phrase: str) -> str:
    """Regex for a phrase: folded, lower-cased words separated by any whitespace."""
    return r"\s+".join(re.escape(word) for word in _key(phrase).split())


def _alternation(phrases: list[str]) -> str:
    return "(?:" + "|".join(_words(p) for p in sorted(set(phrases), key=len, reverse=True)) + ")"


def _stop_regex(stops: list[str]) -> re.Pattern[str]:
    """Words end a speaker only as whole words after a space; marks end it anywhere."""
    words = [s for s in stops if re.fullmatch(r"[\w' -]+", s)]
    marks = [re.escape(s) for s in stops if s not in words]
    parts = marks + ([rf"\s+{_alternation(words)}(?!\w)"] if words else [])
    return re.compile("|".join(parts), re.IGNORECASE)


def _skip_regex(words: list[str]) -> re.Pattern[str] | None:
    """Leading words that sit between a verb and its speaker ("a déclaré hier X")."""
    return re.compile(rf"\s*(?:{_alternation(words)}(?!\w)\s*)+", re.IGNORECASE) if words else None


def _inverted_regex(pronouns: list[str]) -> re.Pattern[str] | None:
    """'a-t-il ajouté', 'déclare-t-elle': verb, optional -t-, pronoun, optional participle."""
    if not pronouns:
        return None
    body = rf"(?P<v1>[^\W\d_]+)(?:-t)?-(?P<pron>{_alternation(pronouns)})(?!\w)(?:\s+(?P<v2>[^\W\d_]+))?"
    return re.compile(rf"\s*,?\s*(?P<cue>{body})", re.IGNORECASE)


@lru_cache(maxsize=None)
def _speech(lang: str) -> _Speech | None:
    """Load and compile ``lexicons/<lang>/speech.yaml``; None for a language without one."""
    path = f"lexicons/{lang}/speech.yaml"
    data: Any = load_yaml(path, required=False)
    if data is None:
        return None
    if not isinstance(data, dict):
        raise DataFileError(path, "expected a mapping at the top level")
    if not isinstance(data.get("language"), str):
        raise DataFileError(path, "missing required key 'language' (a string)")
    verbs = _str_list(data, "verbs", path)
    verb_re, cue_re = _alternation(verbs), _alternation(_str_list(data, "cues", path))
    flags = re.IGNORECASE
    pairs = _quote_pairs(data, path)
    return _Speech(
        after_verb=re.compile(rf"\s*,?\s*(?P<cue>{verb_re})\s+", flags),
        after_inverted=_inverted_regex(_str_list(data, "inverted_pronouns", path, allow_empty=True)),
        after_cue=re.compile(rf"\s*,?\s*(?P<cue>{cue_re})\s+", flags),
        after_subject=re.compile(rf"\s*,?\s*(?P<speaker>[^,.;:!?«»“”\"\n]{{1,80}}?)\s+(?P<cue>{verb_re})(?!\w)", flags),
        verbs=re.compile(rf"(?<![\w-]){verb_re}(?!\w)", flags),
        cues=re.compile(rf"(?<![\w-]){cue_re}(?!\w)", flags),
        stops=_stop_regex(_str_list(data, "speaker_stops", path)),
        skip=_skip_regex(_str_list(data, "speaker_skip", path, allow_empty=True)),
        verb_keys=frozenset(_key(v) for v in verbs),
        abbreviations=frozenset(a.lower() for a in _str_list(data, "abbreviations", path, allow_empty=True)),
        pairs=pairs,
        marks=re.compile("[" + re.escape("".join(sorted(set("".join(pairs)) | set("".join(pairs.values()))))) + "]"),
    )


def _quote_pairs(data: dict, path: str) -> dict[str, str]:
    """``quote_marks`` ({opener: closers}): German „…“ and »…«, Spanish «…», English “…”."""
    pairs = data.get("quote_marks", DEFAULT_PAIRS)
    if not isinstance(pairs, dict) or not pairs or not all(
            isinstance(k, str) and len(k) == 1 and isinstance(v, str) and v for k, v in pairs.items()):
        raise DataFileError(path, "'quote_marks' must map one opening mark to the marks that close it")
    return pairs


# --------------------------------------------------------------------------- speakers


def _is_abbreviation(folded: str, start: int, dot: int, sp: _Speech) -> bool:
    """A period after an initial ("U.S.", "John F.") or a title ("M.", "Dr.") does not end a name."""
    word = re.search(r"(\w+)$", folded[start:dot])
    if word is None:
        return False
    return (len(word.group(1)) == 1 and word.group(1).isupper()) or word.group(1).lower() in sp.abbreviations


def _trimmed(folded: str, start: int, end: int) -> tuple[int, int] | None:
    """Span without surrounding whitespace; None when empty or too long to be a name."""
    while start < end and folded[start].isspace():
        start += 1
    while end > start and folded[end - 1].isspace():
        end -= 1
    if end <= start or len(folded[start:end].split()) > MAX_SPEAKER_WORDS:
        return None
    return start, end


def _speaker_from(folded: str, start: int, limit: int, sp: _Speech) -> tuple[int, int] | None:
    """The speaker phrase starting at ``start``, up to the first stop word or mark."""
    if sp.skip and (skipped := sp.skip.match(folded, start, limit)):
        start = skipped.end()
    window = min(limit, start + MAX_SPEAKER_CHARS)
    for stop in sp.stops.finditer(folded, start, window):
        if folded[stop.start()] == "." and _is_abbreviation(folded, start, stop.start(), sp):
            continue
        return _trimmed(folded, start, stop.start())
    return _trimmed(folded, start, limit) if window == limit else None


def _inverted(m: re.Match[str], sp: _Speech) -> _Attribution | None:
    """'a-t-il ajouté' counts when 'a ajouté' (or 'déclare' for 'déclare-t-il') is a speech verb."""
    if m.group("v2") and _key(f"{m.group('v1')} {m.group('v2')}") in sp.verb_keys:
        return _Attribution(m.span("pron"), m.span("cue"))
    if _key(m.group("v1")) in sp.verb_keys:
        return _Attribution(m.span("pron"), (m.start("cue"), m.end("pron")))
    return None


def _after(folded: str, pos: int, limit: int, sp: _Speech, separated: bool) -> _Attribution | None:
    """Attribution right after a quote; 'X said' order only when a comma or mark separates it."""
    if m := sp.after_verb.match(folded, pos, limit):
        if speaker := _speaker_from(folded, m.end(), limit, sp):
            return _Attribution(speaker, m.span("cue"))
    if sp.after_inverted and (m := sp.after_inverted.match(folded, pos, limit)):
        if found := _inverted(m, sp):
            return found
    if m := sp.after_cue.match(folded, pos, limit):
        if speaker := _speaker_from(folded, m.end(), limit, sp):
            return _Attribution(speaker, m.span("cue"))
    if separated and (m := sp.after_subject.match(folded, pos, limit)):
        if speaker := _trimmed(folded, *m.span("speaker")):
            return _Attribution(speaker, m.span("cue"))
    return None


def _clause_start(folded: str, start: int, end: int) -> int:
    """Position after the last clause boundary (comma, colon, quote mark) in [start, end)."""
    cut = max(folded.rfind(ch, start, end) for ch in ",;:«»“”\"(")
    return start if cut < 0 else cut + 1


def _before(folded: str, sent_start: int, open_pos: int, sp: _Speech) -> _Attribution | None:
    """'X a déclaré : « … »': the subject of the last speech verb before the quote in its sentence."""
    verbs = list(sp.verbs.finditer(folded, sent_start, open_pos))
    if not verbs:
        return None
    verb = verbs[-1]
    speaker = (
        _trimmed(folded, _clause_start(folded, sent_start, verb.start()), verb.start())
        or _speaker_from(folded, verb.end(), open_pos, sp)  # ", a dit X, « … »": inverted
        or _speaker_from(folded, sent_start, verb.start(), sp)  # "X, qui …, a dit : « … »"
    )
    return _Attribution(speaker, verb.span())


def _cue_in_sentence(folded: str, span: tuple[int, int], quote: tuple[int, int], sp: _Speech) -> _Attribution | None:
    """'selon X' / 'according to X' anywhere in the sentence outside the quote itself."""
    for cue in sp.cues.finditer(folded, *span):
        if quote[0] <= cue.start() < quote[1]:
            continue
        if speaker := _speaker_from(folded, cue.end(), span[1], sp):
            return _Attribution(speaker, cue.span())
    return None


def _sentence(folded: str, line: tuple[int, int], open_pos: int, after_pos: int) -> tuple[int, int]:
    """Bounds of the sentence around a quote, within its line and a window around the quote."""
    low, high = max(line[0], open_pos - SENTENCE_WINDOW), min(line[1], after_pos + SENTENCE_WINDOW)
    ends_before = [m.end() for m in _SENTENCE_END.finditer(folded, low, open_pos)]
    end_after = _SENTENCE_END.search(folded, after_pos, high)
    return (ends_before[-1] if ends_before else low), (end_after.end() if end_after else high)


# --------------------------------------------------------------------------- quote marks


def _opens(text: str, pos: int) -> bool:
    """Typographic openers always open; a straight quote opens before a word and after a space."""
    if text[pos] != '"':
        return True
    before = text[pos - 1] if pos else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return (before.isspace() or before in _STRAIGHT_OPEN_AFTER) and not after.isspace()


def _closes(text: str, pos: int, opener: str, sp: _Speech) -> bool:
    return text[pos] in sp.pairs[opener] and (opener != '"' or not text[pos - 1].isspace())


def _inversion(folded: str, start: int, limit: int, sp: _Speech) -> tuple[int, _Attribution] | None:
    """The first comma in [start, limit) that starts a speech-verb inversion (", a ajouté X")."""
    comma = folded.find(",", start, limit)
    while comma >= 0:
        if found := _after(folded, comma, limit, sp, separated=False):
            return comma, found
        comma = folded.find(",", comma + 1, limit)
    return None


def _later_inversion(folded: str, start: int, limit: int, sp: _Speech) -> _Attribution | None:
    """'la « vision commune » du pays, a dit X': a scare quote attributed later in its sentence."""
    found = _inversion(folded, start, limit, sp)
    return found[1] if found else None


def _repair(folded: str, start: int, limit: int, sp: _Speech) -> tuple[int, int] | None:
    """Close an unclosed quote at the comma that starts a speech-verb inversion."""
    found = _inversion(folded, start, limit, sp)
    return (found[0], found[0]) if found else None


def _pair(text: str, folded: str, marks: list[int], i: int, line_end: int, sp: _Speech) -> tuple[int, int] | None:
    """(content end, attribution start) of the quote opened at ``marks[i]``, or None."""
    pos = marks[i]
    opener = text[pos]
    if opener not in sp.pairs or not _opens(text, pos):
        return None
    for j in range(i + 1, len(marks)):  # no slicing: a line of many marks must stay linear
        q = marks[j]
        if _closes(text, q, opener, sp):
            return q, q + 1
        if text[q] == opener and _opens(text, q):
            return _repair(folded, pos + 1, q, sp)
    return _repair(folded, pos + 1, line_end, sp)


def _content(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Quoted words without edge spaces or a trailing comma; None when nothing is said."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return (start, end) if any(c.isalnum() for c in text[start:end]) else None


def _mention(text: str, folded: str, line: tuple[int, int], quote: tuple[int, int, int], sp: _Speech) -> QuoteMention | None:
    open_pos, close_pos, after_pos = quote
    content = _content(text, open_pos + 1, close_pos)
    if content is None:
        return None
    separated = text[close_pos - 1] in ",!?.…" or bool(_COMMA_NEXT.match(text, after_pos, line[1]))
    sentence = _sentence(folded, line, open_pos, after_pos)
    found = (
        _after(folded, after_pos, line[1], sp, separated)
        or _before(folded, sentence[0], open_pos, sp)
        or _later_inversion(folded, after_pos, sentence[1], sp)
        or _cue_in_sentence(folded, sentence, (open_pos, after_pos), sp)
    )
    speaker = found.speaker if found else None
    return QuoteMention(
        content[0],
        content[1],
        text[content[0]:content[1]],
        speaker[0] if speaker else None,
        speaker[1] if speaker else None,
        text[speaker[0]:speaker[1]] if speaker else None,
        text[found.cue[0]:found.cue[1]] if found else None,
    )


def _line_quotes(text: str, folded: str, line: tuple[int, int], sp: _Speech) -> list[QuoteMention]:
    marks = [m.start() for m in sp.marks.finditer(text, *line)]
    mentions, resume = [], line[0]
    for i, pos in enumerate(marks):
        if pos < resume:
            continue
        paired = _pair(text, folded, marks, i, line[1], sp)
        if paired is None:
            continue
        resume = paired[1]
        if mention := _mention(text, folded, line, (pos, *paired), sp):
            mentions.append(mention)
    return mentions


def find_quotes(text: str, lang: str) -> list[QuoteMention]:
    """Direct quotations of ``text`` in order, each with its speaker phrase and cue when found."""
    if not isinstance(text, str) or not text or not re.fullmatch(r"[a-z]{2,3}", lang or ""):
        return []
    sp = _speech(lang)
    if sp is None:
        return []
    folded = fold(text)
    mentions = []
    for line in _LINE.finditer(text):
        mentions += _line_quotes(text, folded, line.span(), sp)
    return mentions
