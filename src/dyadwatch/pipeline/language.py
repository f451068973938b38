"""Stage 3 — language identification with py3langid (offline, model shipped in the package)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

SAMPLE_CHARS = 3000
MIN_CHARS = 20


@dataclass(frozen=True)
class LanguageGuess:
    lang: str
    confidence: float
    method: str    # "given" | "langid" | "default"


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str, given: str | None = None, default: str = "en") -> LanguageGuess:
    """Use the caller's language when given, else the identifier; very short texts get the default."""
    if given and given != "auto":
        return LanguageGuess(given.lower(), 1.0, "given")
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return LanguageGuess(default, 0.0, "default")
    lang, prob = _identifier().classify(sample)
    return LanguageGuess(lang, float(prob), "langid")
