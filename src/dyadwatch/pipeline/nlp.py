"""Stage 4 — NLP: one spaCy pipeline per language, trained when installed, blank otherwise.

The coder reads only what both kinds of pipeline provide (tokens, sentences, lemmas) and uses
the dependency parse and NER when `has_parse` / `has_ner` say they are there.
"""
from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language

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
    toks = list(doc)
    starts = numpy.array([{True: 1, False: -1, None: 0}[t.is_sent_start] for t in toks], dtype="int32")
    for i in range(1, len(toks)):
        prev, tok = toks[i - 1], toks[i]
        if "\n" in prev.text or (prev.text in SENTENCE_END and _opens(tok, toks[i + 1] if i + 1 < len(toks) else None)):
            starts[i] = 1
        elif prev.text not in SENTENCE_END and not prev.is_space:
            starts[i] = -1
    if len(toks):
        doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))   # -1 wraps, as spaCy stores it
    return doc


def _opens(tok, nxt) -> bool:
    """An opening quote or bracket: punctuation glued to the word after it („Die, «La, ¿Qué), which
    starts the sentence with that word rather than closing the sentence before it."""
    return tok.is_punct and not tok.whitespace_ and nxt is not None and not nxt.is_punct


def _add_line_breaks(nlp: Language) -> Language:
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("dyadwatch_line_breaks", before="parser")
    elif "senter" in nlp.pipe_names and "senter" not in nlp.disabled:
        nlp.add_pipe("dyadwatch_line_breaks", after="senter")
    elif "sentencizer" in nlp.pipe_names:
        nlp.add_pipe("dyadwatch_line_breaks", after="sentencizer")
    return nlp


LETTERS = re.compile(r"[^\W\d_]+")


@Language.factory("dyadwatch_caps_lemmas")
def caps_lemmas(nlp: Language, name: str):
    """Lookup lemmas for words in capitals ("CORTAN LA CARRETERA" in a headline): the lookup table
    is keyed by lower-case forms. A form with several lemmas (a list in some tables) takes the first."""
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")

    def component(doc):
        for found in LETTERS.finditer(doc.text):   # visit only the tokens of runs in capitals: few in most texts
            if not found.group().isupper():
                continue
            span = doc.char_span(*found.span(), alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                if len(tok.text) > 1 and tok.text.isupper():
                    low = tok.text.lower()
                    lemma = table.get(low, low)
                    tok.lemma_ = lemma if isinstance(lemma, str) else lemma[0]
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
        nlp.initialize()
        nlp.add_pipe("dyadwatch_caps_lemmas")
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
