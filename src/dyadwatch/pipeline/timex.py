"""Date expressions (timexes) in raw text, resolved to ISO values.

News dates are mostly relative ("mardi", "la semaine prochaine", "un jour plus tôt"), so every
expression is resolved against the publication date (the *anchor*) or, for "la veille" and
friends, against the last day-precision date found earlier in the text. Regexes compiled from
``lexicons/<lang>/timex.yaml`` find the candidates; dateparser only sees phrases that already
look like absolute day dates, and its answers are cached because it is slow.

Seasons resolve to their first month (month precision, northern hemisphere); without a year,
to the most recent such season starting on or before the anchor.
"""
from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, Iterator

import dateparser

from dyadwatch.resources import DataFileError, load_yaml

UNITS = ("day", "week", "month", "year")
SHIFTS = ("bare", "last", "next")
BASES = ("anchor", "previous")
DATE_FORMS = ("day_month", "month_day")


@dataclass(frozen=True)
class TimexMention:
    start: int  # char offsets in the text
    end: int
    text: str
    value: str | None  # 'YYYY-MM-DD', 'YYYY-Www' (ISO week), 'YYYY-MM', 'YYYY'; None when unresolvable
    precision: str | None  # 'day' | 'week' | 'month' | 'year' | None
    relative: bool  # the expression is relative to the anchor or an earlier date (not written in full)


@dataclass(frozen=True)
class _Resolved:
    value: str | None
    precision: str | None
    relative: bool


_UNRESOLVED_RELATIVE = _Resolved(None, None, True)


def _build_fold_table() -> dict[int, str]:
    """Map accented Latin letters to their base letter one-to-one, so offsets survive folding."""
    table = {ord("’"): "'", ord("ʼ"): "'"}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


_FOLD = _build_fold_table()


def fold(text: str) -> str:
    """Accent-fold without changing length (matching ignores accents, offsets stay valid)."""
    return text.translate(_FOLD)


def fold_lower(text: str) -> str:
    """Folded and lower-cased, still of the same length: rules are written in lower case and match
    without re.IGNORECASE, which keeps the regex engine's fast scan for a rule's first characters."""
    low = fold(text).lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in fold(text))   # "İ" lowers to two characters


def _key(phrase: str) -> str:
    """Lookup key of a matched phrase: folded, lower-cased, single spaces."""
    return " ".join(fold(phrase).lower().split())


# --------------------------------------------------------------------------- lexicon loading


def _field(data: dict, key: str, path: str, kind: type, default: Any = None) -> Any:
    """Fetch a key with a type check; a missing key is an error unless a default is given."""
    if data.get(key) is None:
        if default is not None:
            return default
        raise DataFileError(path, f"missing required key '{key}'")
    value = data[key]
    if not isinstance(value, kind):
        raise DataFileError(path, f"'{key}' must be {kind.__name__}, got {type(value).__name__}")
    if default is None and not value:  # an empty word list would compile to a regex matching everywhere
        raise DataFileError(path, f"'{key}' must not be empty")
    return value


def _str_list(data: dict, key: str, path: str, default: list | None = None) -> list[str]:
    value = _field(data, key, path, list, default)
    if not all(isinstance(item, str) and item.strip() for item in value):
        raise DataFileError(path, f"'{key}' must be a list of non-empty strings")
    return value


def _int_map(data: dict, key: str, path: str) -> dict[str, int]:
    value = _field(data, key, path, dict)
    for word, number in value.items():
        if not isinstance(word, str) or not isinstance(number, int) or isinstance(number, bool):
            raise DataFileError(path, f"'{key}' must map words to integers", f"{key}.{word}")
    return {_key(word): number for word, number in value.items()}


def _choice(entry: dict, key: str, path: str, where: str, allowed: tuple[str, ...], default: str | None = None) -> str:
    value = entry.get(key, default)
    if value not in allowed:
        raise DataFileError(path, f"'{key}' must be one of {', '.join(allowed)}, got {value!r}", where)
    return value


def _entries(data: dict, key: str, path: str) -> list[dict]:
    entries = _field(data, key, path, list)
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise DataFileError(path, "entry must be a mapping", f"{key}[{i}]")
    return entries


def _int_of(entry: dict, key: str, path: str, where: str) -> int:
    value = entry.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise DataFileError(path, f"'{key}' must be an integer", where)
    return value


def _text_of(entry: dict, key: str, path: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(path, f"'{key}' must be a non-empty string", where)
    return value


# --------------------------------------------------------------------------- regex building


def _phrase_regex(phrase: str, slots: dict[str, str]) -> str:
    """Regex for a lexicon phrase: spaces match any whitespace, {slot} words are sub-patterns."""
    out = ""
    for word in phrase.split():
        if out:
            out += r"\s*" if out.endswith(("'", "-")) else r"\s+"
        if word.startswith("{") and word.endswith("}"):
            if word[1:-1] not in slots:
                raise KeyError(word)
            out += slots[word[1:-1]]
        else:
            out += re.escape(fold(word).lower())
    return out


def _alternation(words: list[str]) -> str:
    """Alternation that prefers longer phrases (so 'avant-hier' beats 'hier')."""
    return "|".join(_phrase_regex(w, {}) for w in sorted(set(words), key=len, reverse=True))


def _prefix(words: list[str]) -> str:
    """Optional-free group of lead-in words, each followed by its separator."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        sep = r"\s*" if word.endswith(("'", "-")) else r"\s+"
        parts.append(_phrase_regex(word, {}) + sep)
    return "(?:" + "|".join(parts) + ")"


def _compile(body: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + body + r")(?!\w)")


# --------------------------------------------------------------------------- resolution helpers


@dataclass
class _Context:
    lex: _Lexicon
    text: str
    anchor: datetime.date | None
    previous_day: datetime.date | None = None


def _shift(base: datetime.date, unit: str, amount: int) -> _Resolved:
    """Move ``amount`` units from ``base`` and format at that unit's precision."""
    try:
        if unit == "day":
            return _Resolved((base + datetime.timedelta(days=amount)).isoformat(), "day", True)
        if unit == "week":
            iso = (base + datetime.timedelta(weeks=amount)).isocalendar()
            return _Resolved(f"{iso.year:04d}-W{iso.week:02d}", "week", True)
        if unit == "month":
            index = base.year * 12 + base.month - 1 + amount
            return _Resolved(f"{index // 12:04d}-{index % 12 + 1:02d}", "month", True)
        return _Resolved(f"{base.year + amount:04d}", "year", True)
    except OverflowError:
        return _UNRESOLVED_RELATIVE


def _base(ctx: _Context, base: str) -> datetime.date | None:
    if base == "previous" and ctx.previous_day is not None:
        return ctx.previous_day
    return ctx.anchor


@lru_cache(maxsize=8192)
def _dateparse(phrase: str, lang: str, order: str, anchor: datetime.date | None) -> datetime.date | None:
    """dateparser on one candidate phrase, cached because each call costs about a millisecond."""
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "DATE_ORDER": order}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime.datetime.combine(anchor, datetime.time())
    try:
        parsed = dateparser.parse(phrase, languages=[lang], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; treat as unparsable
        return None
    return parsed.date() if parsed else None


def _month_before(month: int, anchor: datetime.date) -> int:
    """Year of the most recent ``month`` starting on or before the anchor (news prefers the past)."""
    return anchor.year if month <= anchor.month else anchor.year - 1


# --------------------------------------------------------------------------- resolvers


def _resolve_day_date(m: re.Match[str], ctx: _Context) -> _Resolved:
    has_year = "year" not in m.re.groupindex or m.group("year") is not None  # numeric dates always have one
    if not has_year and ctx.anchor is None:
        return _UNRESOLVED_RELATIVE
    phrase = ctx.text[m.start("date"):m.end("date")]  # original spelling, accents included
    day = _dateparse(phrase, ctx.lex.lang, ctx.lex.date_order, ctx.anchor)
    if day is None:
        return _Resolved(None, None, not has_year)
    return _Resolved(day.isoformat(), "day", not has_year)


def _resolve_month_year(m: re.Match[str], ctx: _Context) -> _Resolved:
    month = ctx.lex.months[_key(m.group("month"))]
    return _Resolved(f"{int(m.group('year')):04d}-{month:02d}", "month", False)


def _resolve_month(m: re.Match[str], ctx: _Context) -> _Resolved:
    if ctx.anchor is None:
        return _UNRESOLVED_RELATIVE
    month = ctx.lex.months[_key(m.group("month"))]
    return _Resolved(f"{_month_before(month, ctx.anchor):04d}-{month:02d}", "month", True)


def _resolve_year(m: re.Match[str], ctx: _Context) -> _Resolved:
    return _Resolved(m.group("year"), "year", False)


def _resolve_season(m: re.Match[str], ctx: _Context) -> _Resolved:
    month = ctx.lex.seasons[_key(m.group("season"))]
    if m.groupdict().get("year"):
        return _Resolved(f"{m.group('year')}-{month:02d}", "month", False)
    if ctx.anchor is None:
        return _UNRESOLVED_RELATIVE
    return _Resolved(f"{_month_before(month, ctx.anchor):04d}-{month:02d}", "month", True)


def _resolve_weekday(m: re.Match[str], ctx: _Context, shift: str) -> _Resolved:
    """Bare weekday: most recent on/before the anchor; last: strictly before; next: strictly after."""
    if ctx.anchor is None:
        return _UNRESOLVED_RELATIVE
    target, today = ctx.lex.weekdays[_key(m.group("weekday"))], ctx.anchor.weekday()
    if shift == "next":
        delta = (target - today - 1) % 7 + 1
    elif shift == "last":
        delta = -((today - target - 1) % 7 + 1)
    else:
        delta = -((today - target) % 7)
    return _shift(ctx.anchor, "day", delta)


def _resolve_fixed(m: re.Match[str], ctx: _Context) -> _Resolved:
    unit, offset, base = ctx.lex.fixed[_key(m.group(0))]
    start = _base(ctx, base)
    return _UNRESOLVED_RELATIVE if start is None else _shift(start, unit, offset)


def _resolve_counted(m: re.Match[str], ctx: _Context, sign: int, base: str) -> _Resolved:
    count = m.group("count")
    amount = int(count) if count.isdigit() else ctx.lex.numbers[_key(count)]
    start = _base(ctx, base)
    return _UNRESOLVED_RELATIVE if start is None else _shift(start, ctx.lex.units[_key(m.group("unit"))], sign * amount)


def _resolve_vague(m: re.Match[str], ctx: _Context) -> _Resolved:
    return _UNRESOLVED_RELATIVE


Resolver = Callable[[re.Match[str], _Context], _Resolved]


DIGIT = "0"   # stands for any digit among a text's words


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Resolver
    needs: tuple[frozenset[str], ...] = ()   # word sets a match takes one word of each from

    def may_match(self, words: set[str]) -> bool:
        """False when the text lacks a word every match has: most rules are not run on most texts."""
        for need in self.needs:   # a loop, not all(): called for every rule and paragraph
            if need.isdisjoint(words):
                return False
        return True


WORD = re.compile(r"[^\W\d_]+")


def _words(folded: str) -> set[str]:
    """The words of a folded, lower-cased text, and DIGIT when it has a digit."""
    words = set(WORD.findall(folded))
    if re.search(r"\d", folded):
        words.add(DIGIT)
    return words


def _one_of(phrases) -> frozenset[str] | None:
    """The longest word of each phrase (DIGIT for one of digits only): a match of any of the phrases
    has one of them. None when a phrase has neither."""
    out = set()
    for phrase in phrases:
        words = WORD.findall(_key(phrase))
        if not words and not re.search(r"\d", phrase):
            return None
        out.add(max(words, key=len) if words else DIGIT)
    return frozenset(out)


def _needs(*sets: frozenset[str] | None) -> tuple[frozenset[str], ...]:
    return tuple(need for need in sets if need)


def _template_needs(pattern: str, slots: dict[str, frozenset[str] | None]) -> tuple[frozenset[str], ...]:
    """What a lexicon template needs: its longest literal word, and a word of each slot's set."""
    literal = [w for w in pattern.split() if not w.startswith("{")]
    slot_sets = [slots.get(w[1:-1]) for w in pattern.split() if w.startswith("{") and w.endswith("}")]
    return _needs(_one_of([max(literal, key=len)]) if literal else None, *slot_sets)


@dataclass(frozen=True)
class _Lexicon:
    lang: str
    date_order: str
    capitalised_months: bool
    weekdays: dict[str, int]
    months: dict[str, int]
    seasons: dict[str, int]
    numbers: dict[str, int]
    units: dict[str, str]
    fixed: dict[str, tuple[str, int, str]]
    rules: tuple[_Rule, ...]


# --------------------------------------------------------------------------- rule compilation


def _date_rules(data: dict, path: str, months_re: str, weekday_re: str) -> list[_Rule]:
    """Absolute dates: day dates (for dateparser), month + year, lone month/year/season after a cue."""
    suffixes = _str_list(data, "ordinal_suffixes", path, [])
    ordinal = f"(?:{_alternation(suffixes)})?" if suffixes else ""
    day = r"\d{1,2}(?!\d)" + ordinal
    year = r"(?P<year>\d{4})(?!\d)"
    lead = rf"(?:(?:{weekday_re})\s*,?\s+)?"
    forms = {
        "day_month": rf"{lead}(?P<date>{day}\s+(?P<month>{months_re})(?:\.?,?\s+{year})?)",
        "month_day": rf"{lead}(?P<date>(?P<month>{months_re})\.?\s+{day}(?:,?\s+{year})?)",
    }
    digit = frozenset({DIGIT})
    month_words, season_words = _one_of(_field(data, "months", path, dict)), _one_of(_field(data, "seasons", path, dict))
    rules = []
    for form in _str_list(data, "date_forms", path):
        if form not in forms:
            raise DataFileError(path, f"unknown date form {form!r}; use {', '.join(DATE_FORMS)}", "date_forms")
        rules.append(_Rule(_compile(forms[form]), _resolve_day_date, _needs(digit, month_words)))
    numeric = r"(?P<date>\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{4}-\d{2}-\d{2})(?![/-]?\d|\.\d)"
    date_prep = _prefix(_str_list(data, "date_prepositions", path))
    season_prep = _prefix(_str_list(data, "season_prepositions", path))
    seasons = _alternation(list(_field(data, "seasons", path, dict)))
    rules += [
        _Rule(re.compile(r"(?<![\w/.-])" + numeric), _resolve_day_date, _needs(digit)),
        _Rule(_compile(rf"(?P<month>{months_re})\.?\s+{year}"), _resolve_month_year, _needs(digit, month_words)),
        _Rule(_compile(rf"{date_prep}(?P<core>(?P<month>{months_re}))"), _resolve_month, _needs(month_words)),
        _Rule(_compile(rf"{date_prep}(?P<core>(?P<year>(?:1[5-9]|20)\d\d))"), _resolve_year, _needs(digit)),
        _Rule(_compile(rf"{season_prep}(?P<core>(?P<season>{seasons})(?:\s+{year})?)"), _resolve_season,
              _needs(season_words)),
        _Rule(_compile(rf"(?P<season>{seasons})\s+{year}"), _resolve_season, _needs(digit, season_words)),
    ]
    return rules


def _weekday_rules(data: dict, path: str, weekday_re: str) -> list[_Rule]:
    weekday_words = _one_of(_field(data, "weekdays", path, dict))
    rules = [_Rule(_compile(f"(?P<weekday>{weekday_re})"), partial(_resolve_weekday, shift="bare"), _needs(weekday_words))]
    for i, entry in enumerate(_entries(data, "weekday_phrases", path)):
        where = f"weekday_phrases[{i}]"
        pattern = _text_of(entry, "pattern", path, where)
        body = _template(pattern, {"weekday": f"(?P<weekday>{weekday_re})"}, path, where)
        shift = _choice(entry, "shift", path, where, SHIFTS)
        rules.append(_Rule(_compile(body), partial(_resolve_weekday, shift=shift),
                           _template_needs(pattern, {"weekday": weekday_words})))
    return rules


def _counted_rules(data: dict, path: str, numbers: dict[str, int], units: dict[str, str]) -> list[_Rule]:
    slots = {
        "count": r"(?P<count>\d{1,3}|" + _alternation(list(numbers)) + ")",
        "unit": "(?P<unit>" + _alternation(list(units)) + ")",
    }
    count_words = _one_of(list(numbers))
    needs = {"count": count_words | {DIGIT} if count_words is not None else None, "unit": _one_of(list(units))}
    rules = []
    for i, entry in enumerate(_entries(data, "counted", path)):
        where = f"counted[{i}]"
        pattern = _text_of(entry, "pattern", path, where)
        body = _template(pattern, slots, path, where)
        sign = _int_of(entry, "sign", path, where)
        base = _choice(entry, "base", path, where, BASES, "anchor")
        rules.append(_Rule(_compile(body), partial(_resolve_counted, sign=sign, base=base), _template_needs(pattern, needs)))
    return rules


def _template(pattern: str, slots: dict[str, str], path: str, where: str) -> str:
    try:
        return _phrase_regex(pattern, slots)
    except KeyError as exc:
        raise DataFileError(path, f"unknown slot {exc.args[0]} in pattern {pattern!r}", where) from exc


def _fixed_table(data: dict, path: str) -> dict[str, tuple[str, int, str]]:
    table = {}
    for i, entry in enumerate(_entries(data, "fixed", path)):
        where = f"fixed[{i}]"
        phrase = _text_of(entry, "phrase", path, where)
        unit = _choice(entry, "unit", path, where, UNITS)
        base = _choice(entry, "base", path, where, BASES, "anchor")
        table[_key(phrase)] = (unit, _int_of(entry, "offset", path, where), base)
    return table


def _units(data: dict, path: str) -> dict[str, str]:
    units = _field(data, "units", path, dict)
    for word, unit in units.items():
        if unit not in UNITS:
            raise DataFileError(path, f"unit must be one of {', '.join(UNITS)}, got {unit!r}", f"units.{word}")
    return {_key(word): unit for word, unit in units.items()}


@lru_cache(maxsize=None)
def _lexicon(lang: str) -> _Lexicon | None:
    """Load and compile ``lexicons/<lang>/timex.yaml``; None for a language without one."""
    path = f"lexicons/{lang}/timex.yaml"
    data = load_yaml(path, required=False)
    if data is None:
        return None
    if not isinstance(data, dict):
        raise DataFileError(path, "expected a mapping at the top level")
    weekdays, months = _int_map(data, "weekdays", path), _int_map(data, "months", path)
    numbers, units = _int_map(data, "numbers", path), _units(data, path)
    weekday_re, months_re = _alternation(list(weekdays)), _alternation(list(months))
    fixed = _fixed_table(data, path)
    rules = (
        _date_rules(data, path, months_re, weekday_re)
        + _weekday_rules(data, path, weekday_re)
        + [_Rule(_compile(_alternation(list(fixed))), _resolve_fixed, _needs(_one_of(fixed)))]
        + _counted_rules(data, path, numbers, units)
        + [_Rule(_compile(_alternation(vague := _str_list(data, "vague", path))), _resolve_vague, _needs(_one_of(vague)))]
    )
    date_order = _field(data, "date_order", path, str)
    # dateparser builds its time-zone and locale tables on its first call (most of a second): build
    # them now, with the other start-up work, so that no document pays for it and forked workers inherit them
    _dateparse(f"1 {next(iter(months), '')} 2000", lang, date_order, None)
    return _Lexicon(
        lang=lang,
        date_order=date_order,
        capitalised_months=_field(data, "capitalised_months", path, bool, False),
        weekdays=weekdays,
        months=months,
        seasons=_int_map(data, "seasons", path),
        numbers=numbers,
        units=units,
        fixed=fixed,
        rules=tuple(rules),
    )


# --------------------------------------------------------------------------- matching


def _span(m: re.Match[str]) -> tuple[int, int]:
    """The reported span: the ``core`` group when a lead-in word ("en", "in") is not part of it."""
    return m.span("core") if "core" in m.re.groupindex else m.span()


def _acceptable(m: re.Match[str], text: str, lex: _Lexicon) -> bool:
    """Drop lower-case month names where the language capitalises them ("may" is a verb)."""
    if not lex.capitalised_months or "month" not in m.re.groupindex or m.start("month") < 0:
        return True
    return text[m.start("month")].isupper()


PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def _paragraphs(folded: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each block between blank lines: no date expression crosses one, and a rule
    runs only on the blocks that hold the words it needs, rather than on the whole text."""
    start = 0
    for brk in PARAGRAPH_BREAK.finditer(folded):
        yield start, brk.start()
        start = brk.end()
    yield start, len(folded)


def _candidates(text: str, folded: str, lex: _Lexicon) -> list[tuple[int, int, _Rule, re.Match[str]]]:
    """All rule matches, longest first at each start, with overlaps removed left to right."""
    found = []
    for start, end in _paragraphs(folded):
        words = _words(folded[start:end])
        for rule in lex.rules:
            if not rule.may_match(words):
                continue
            for m in rule.pattern.finditer(folded, start, end):
                if _acceptable(m, text, lex):
                    found.append((*_span(m), rule, m))
    found.sort(key=lambda c: (c[0], -c[1]))
    kept, end = [], -1
    for cand in found:
        if cand[0] >= end:
            kept.append(cand)
            end = cand[1]
    return kept


def find_timex(text: str, lang: str, anchor: datetime.date | None) -> list[TimexMention]:
    """Date expressions of ``text`` in order; relative ones need ``anchor`` to get a value."""
    if not isinstance(text, str) or not text or not re.fullmatch(r"[a-z]{2,3}", lang or ""):
        return []
    lex = _lexicon(lang)
    if lex is None:
        return []
    ctx = _Context(lex, text, anchor)
    mentions = []
    for start, end, rule, m in _candidates(text, fold_lower(text), lex):
        resolved = rule.resolve(m, ctx)
        if resolved.precision == "day":
            ctx.previous_day = datetime.date.fromisoformat(resolved.value)
        mentions.append(TimexMention(start, end, text[start:end], resolved.value, resolved.precision, resolved.relative))
    return mentions
