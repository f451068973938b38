"""Stage 3 — language identification with py3langid (offline, model shipped in the package).

py3langid knows about a hundred languages; on a headline or a single sentence its guess is often one
of them by a small margin ("Russia attacked Ukraine." scores Crimean Tatar 0.18, English 0.09), and a
language without a lexicon codes nothing. So when the guess is unsure, the text short and the
language not one we code, a coded language close behind it is taken instead, and the guess says so.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Collection

SAMPLE_CHARS = 3000
MIN_CHARS = 20
SHORT_CHARS = 300    # below this, py3langid's first guess is often wrong
UNSURE = 0.5         # ... and when its probability is under this,
CLOSE_BEHIND = 0.25  # a coded language with at least this share of the guess's probability is taken


@dataclass(frozen=True)
class LanguageGuess:
    lang: str
    confidence: float
    method: str    # "given" | "langid" | "langid-coded" (closest coded language) | "default"
    passed_over: tuple[str, float] | None = None   # the uncoded first guess, for "langid-coded"


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str, given: str | None = None, default: str = "en",
             coded: Collection[str] = ()) -> LanguageGuess:
    """Use the caller's language when given, else the identifier; very short texts get the default.
    ``coded``: the languages with a lexicon, preferred to an unsure guess of another on a short text."""
    if given and given != "auto":
        return LanguageGuess(given.lower(), 1.0, "given")
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return LanguageGuess(default, 0.0, "default")
    lang, prob = _identifier().classify(sample)
    if coded and lang not in coded and prob < UNSURE and len(sample.strip()) < SHORT_CHARS:
        rival, rival_prob = next((x for x in _identifier().rank(sample) if x[0] in coded), (None, 0.0))
        if rival is not None and rival_prob >= CLOSE_BEHIND * prob:
            return LanguageGuess(rival, float(rival_prob), "langid-coded", (lang, float(prob)))
    return LanguageGuess(lang, float(prob), "langid")
