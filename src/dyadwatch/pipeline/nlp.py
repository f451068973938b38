"""Stage 4 — NLP: one spaCy pipeline per language, trained when installed, blank otherwise.

The coder reads only what both kinds of pipeline provide (tokens, sentences, lemmas) and uses
the dependency parse and NER when `has_parse` / `has_ner` say they are there.
"""
from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, ORTH, SENT_START, SPACY
from spacy.language import Language

from ..patterns import FormCache
from ..resources import DataFileError, load_yaml

log = logging.getLogger(__name__)


class ModelIntegrityError(RuntimeError):
    """An installed model's files do not match the digests we pinned for it."""


@dataclass(frozen=True)
class LanguagePipeline:
    lang: str
    nlp: Language
    model: str            # package name, path, or "blank"
    has_parse: bool
    has_ner: bool


def _profile(lang: str) -> dict:
    profiles = load_yaml("languages.yaml")
    return profiles.get(lang) or {}


def _verify(package: str, spec: dict) -> Path:
    """Check every pinned file of an installed model package; return its data directory."""
    module = importlib.import_module(package)
    root = Path(module.__file__).parent / f"{package}-{spec['version']}"
    for rel, digest in spec["files"].items():
        path = root / rel
        if not path.exists():
            raise ModelIntegrityError(f"{package}: expected file {rel} is missing")
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != digest:
            raise ModelIntegrityError(f"{package}: {rel} has SHA-256 {actual}, expected {digest}")
    return root


SENTENCE_END = {".", "!", "?", "…", ";", "»", "\"", "”", "'", ")"}


@Language.component("dyadwatch_line_breaks")
def line_breaks(doc):
    """Sentence bounds the parser must respect: a line break always ends a sentence (headings never
    merge with the text), and no sentence starts unless the previous token could end one (the
    parser otherwise splits "Pékin | a défendu …"); an opening quote after a full stop starts the next one.

    Written through ``Doc.from_array``: setting ``Token.is_sent_start`` one token at a time rescans
    the whole document on every call."""
    if len(doc) < 2:
        return doc
    rows = doc.to_array([ORTH, IS_PUNCT, IS_SPACE, SPACY])
    strings = doc.vocab.strings
    kind = numpy.array(_KINDS.map(rows[:, 0].tolist(), lambda orth: _word_kind(strings[orth])))
    punct, space, glued = rows[:, 1] > 0, rows[:, 2] > 0, rows[:, 3] == 0
    prev_break, prev_end = kind[:-1] == BREAK, kind[:-1] == END
    # an opening quote or bracket: punctuation glued to a word after it („Die, «La, ¿Qué), which starts
    # the sentence with that word rather than closing the sentence before it
    opens = punct[1:] & glued[1:] & numpy.append(~punct[2:], False)
    starts = doc.to_array(SENT_START).astype("int64")   # 1 starts a sentence, -1 does not, 0 unknown
    follow = starts[1:]
    follow[~prev_end & ~prev_break & ~space[:-1]] = -1
    follow[prev_break | (prev_end & opens)] = 1
    doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))   # -1 wraps, as spaCy stores it
    return doc


BREAK, END, OTHER = 1, 2, 3
_KINDS = FormCache()   # word form (hash) → BREAK (has a line break), END (can end a sentence) or OTHER


def _word_kind(text: str) -> int:
    return BREAK if "\n" in text else END if text in SENTENCE_END else OTHER


def _add_line_breaks(nlp: Language) -> Language:
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("dyadwatch_line_breaks", before="parser")
    elif "senter" in nlp.pipe_names and "senter" not in nlp.disabled:
        nlp.add_pipe("dyadwatch_line_breaks", after="senter")
    elif "sentencizer" in nlp.pipe_names:
        nlp.add_pipe("dyadwatch_line_breaks", after="sentencizer")
    return nlp


@Language.factory("dyadwatch_lookup_lemmas")
def lookup_lemmas(nlp: Language, name: str):
    """spaCy's lookup lemmas, read through a cache of word form → lemma kept across documents: the
    blank pipeline's lemmatizer otherwise makes a Token object and a table lookup per token, a
    large share of the fast profile. Words in capitals ("CORTAN LA CARRETERA" in a headline) are
    looked up in lower case, as the table is keyed; a form with several lemmas takes the first."""
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    strings = nlp.vocab.strings
    cache = FormCache()

    def lemma_of(orth: int) -> int:
        text = strings[orth]
        key = text.lower() if len(text) > 1 and text.isupper() else text
        lemma = table.get(key, key)
        return strings.add(lemma if isinstance(lemma, str) else lemma[0])

    def component(doc):
        if not len(doc):
            return doc
        lemmas = cache.map(doc.to_array(ORTH).tolist(), lemma_of)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc
    return component


def _blank(lang: str) -> Language:
    try:
        nlp = spacy.blank(lang)
    except Exception:  # spaCy has no tokenizer rules for this code: fall back to the multilingual one
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    try:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()   # loads the lookup table, which our cached component then reads
        nlp.add_pipe("dyadwatch_lookup_lemmas", after="lemmatizer")
        nlp.remove_pipe("lemmatizer")
    except Exception as exc:  # no lookup table for this language: surface forms are the lemmas
        log.info("no lookup lemmas for %s (%s); using surface forms", lang, exc)
        if "lemmatizer" in nlp.pipe_names:
            nlp.remove_pipe("lemmatizer")
    return nlp


def _load_named(name: str, verify: dict) -> Language:
    return spacy.load(_verify(name, verify[name]) if name in verify else name)


@lru_cache(maxsize=None)
def get_pipeline(lang: str, model: str | None = None, fast: bool = False) -> LanguagePipeline:
    """The pipeline for ``lang``: ``model`` if given (name or path; "blank" forces the rule path),
    else $DYADWATCH_MODEL_<LANG>, else the first installed model of the language profile.
    ``fast`` (triage) is the blank pipeline in every language: tokenizer, sentences and lookup lemmas,
    no neural component at all, roles from word order."""
    profile = _profile(lang)
    verify = profile.get("verify", {})
    requested = "blank" if fast else model or os.environ.get(f"DYADWATCH_MODEL_{lang.upper()}")
    candidates = [requested] if requested else list(profile.get("models", []))
    for name in candidates:
        if name == "blank":
            break
        if not (Path(name).exists() or importlib.util.find_spec(name)):
            if requested:
                raise DataFileError(name, f"spaCy model for '{lang}' is not installed")
            continue
        nlp = _add_line_breaks(_load_named(name, verify))
        return LanguagePipeline(lang, nlp, name, "parser" in nlp.pipe_names, "ner" in nlp.pipe_names)
    return LanguagePipeline(lang, _add_line_breaks(_blank(lang)), "blank", False, False)


@lru_cache(maxsize=None)
def tokenizer_for(lang: str):
    """A tokenizer-only callable used to compile lexicon patterns exactly as texts are split."""
    return get_pipeline(lang).nlp.tokenizer
