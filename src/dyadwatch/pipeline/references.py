"""References across sentences: "the country", a subject pronoun, "the request".

A sentence often names a party only by pointing back: "Germany pledged the country 60 million euros"
(the country last named), "She also threatened Chisinau" (the previous sentence's subject), "Caracas
rejected the request" (whoever made the request). The words come from ``lexicons/<lang>/references.yaml``;
each resolution costs confidence (``coding.yaml``) and leaves a note on the candidate. Precision first:
an ambiguous antecedent resolves nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import coding_rules
from ..ontology import load_ontology
from ..patterns import Match, PatternSet, TokenView, norm
from ..resources import DataFileError, load_yaml
from .actors import Mention, state_mention
from .grammar import Grammar, load_grammar


@dataclass
class ReferenceWords:
    lang: str
    country_nouns: PatternSet        # "the country", "dem Land"
    event_nouns: PatternSet          # "the request": payload, the PLOVER types of the events it names
    singular: frozenset[str]         # subject pronouns, lower-case surface forms: Spanish "él" is not "el"
    plural: frozenset[str]           # (German "sie" is both)
    drops_subject: bool              # "Rechazó la petición": a verb without a subject is the previous subject's
    impersonal: frozenset[str]       # "se rechazó": no dropped subject before these


@lru_cache(maxsize=None)
def load_references(lang: str) -> ReferenceWords:
    """``lexicons/<lang>/references.yaml``, checked: lists of strings, event types known to PLOVER."""
    from .nlp import tokenizer_for

    path = f"lexicons/{lang}/references.yaml"
    spec = load_yaml(path, required=False) or {}
    if not isinstance(spec, dict):
        raise DataFileError(path, "expected a mapping")

    def words(key: str, value) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
            raise DataFileError(path, f"'{key}' must be a list of words or patterns")
        return value

    tokenize = tokenizer_for(lang)
    country = PatternSet(tokenize)
    for w in words("country_nouns", spec.get("country_nouns", [])):
        country.add(w, "country")
    event_spec = spec.get("event_nouns", {})
    if not isinstance(event_spec, dict):
        raise DataFileError(path, "'event_nouns' must map a PLOVER type to a list of nouns")
    known = load_ontology().types
    events = PatternSet(tokenize)
    for ptype, nouns in event_spec.items():
        if ptype not in known:
            raise DataFileError(path, f"'event_nouns' names unknown PLOVER type {ptype!r}")
        for w in words(f"event_nouns.{ptype}", nouns):
            events.add(w, ptype)
    drops = spec.get("drops_subject", False)
    if not isinstance(drops, bool):
        raise DataFileError(path, "'drops_subject' must be true or false")
    pronouns = spec.get("subject_pronouns", {})
    if not isinstance(pronouns, dict) or set(pronouns) - {"singular", "plural"}:
        raise DataFileError(path, "'subject_pronouns' must map 'singular' and 'plural' to lists of pronouns")
    singular, plural = (frozenset(w.lower() for w in words(f"subject_pronouns.{n}", pronouns.get(n, [])))
                        for n in ("singular", "plural"))
    impersonal = frozenset(norm(w) for w in words("impersonal", spec.get("impersonal", [])))
    return ReferenceWords(lang, country, events, singular, plural, drops, impersonal)


class References:
    """Resolves the references of one language's event candidates, in document order."""

    def __init__(self, lang: str):
        self.words = load_references(lang)
        self.grammar: Grammar = load_grammar(lang)
        self.rules = coding_rules()

    def is_subject_pronoun(self, view: TokenView, i: int) -> bool:
        word = view.span_text(i, i + 1).lower()
        return word in self.words.singular or word in self.words.plural

    def _agrees(self, word: str, antecedent: list[Mention]) -> bool:
        """Number agreement where it is sure: "they" is not one person, "she" not two parties (a
        government or a country may be either)."""
        several = len(antecedent) > 1 or any(m.members for m in antecedent)
        if word not in self.words.singular:
            return several or antecedent[0].kind != "person"
        return word in self.words.plural or not several

    def resolve(self, view: TokenView, sents, mentions: list[Mention], cands, subjects: dict[int, list[Mention]]) -> None:
        """Fill sides of ``cands`` (in document order) that point back; ``subjects`` gives each sentence's
        subject actors (computed when read), and a subject found here becomes its sentence's for the next one."""
        for k, cand in enumerate(cands):
            if cand.background:
                continue
            if not cand.sources and cand.pronoun is not None:
                self._previous_subject(view, sents, mentions, cand, subjects)
            if cand.sources and not cand.targets and not self._the_country(view, sents, mentions, cand):
                self._the_event(view, sents, cand, cands[:k])

    # -- a subject pronoun, or no subject at all --------------------------------------------------
    def _previous_subject(self, view, sents, mentions, cand, subjects) -> None:
        """"Sacharowa nannte sie haltlos. Zugleich drohte sie Chisinau …": a subject pronoun with no
        actor before it in its sentence is the subject of the previous sentence of its paragraph."""
        sent, pronoun = sents[cand.sent_index], cand.pronoun
        zero = pronoun == cand.match.start     # a dropped subject: the verb itself marks it
        if not zero and not self.is_subject_pronoun(view, pronoun):
            return
        if any(sent.start <= m.start and m.end <= pronoun and not m.is_place and not m.is_media for m in mentions):
            return   # "Japón dijo que ella …": the reporting clause's subject, or nobody
        prev = next((j for j in range(cand.sent_index - 1, -1, -1) if sents[j].text.strip()), None)
        if prev is None:
            return
        gap = view.text[view.idx[sents[prev].start]:view.idx[sent.start]]
        if "\n" in gap[len(gap.rstrip()):]:
            return   # a new paragraph (or line) starts a new topic
        antecedent = subjects[prev]
        targets = {c for m in cand.targets for c in m.countries()}
        if not antecedent or {c for m in antecedent for c in m.countries()} & targets:
            return
        if not zero and not self._agrees(view.span_text(pronoun, pronoun + 1).lower(), antecedent):
            return
        cand.sources = list(antecedent)
        subjects[cand.sent_index] = subjects[cand.sent_index] or cand.sources   # "… Sie drohte … Sie forderte …"
        cand.factors["pronoun"] = self.rules["confidence"]["subject_from_previous_sentence"]
        word = "dropped subject" if zero else f"'{view.span_text(pronoun, pronoun + 1)}'"
        cand.notes.append(f"{word} is the previous sentence's subject: {' and '.join(m.text for m in antecedent)}")

    # -- "the country" ----------------------------------------------------------------------------
    def _the_country(self, view, sents, mentions, cand) -> bool:
        """"Deutschland sagte dem Land 60 Millionen Euro zu": "the country" as the event's object is the
        country last named before it (within the discourse window) other than the source's own, unless
        another such country is named in the same sentence as that one."""
        own = {c for m in cand.sources for c in m.countries()}
        noun = self._object_noun(view, sents, mentions, cand, self.words.country_nouns) if own else None
        if noun is None:
            return False
        lo = sents[max(0, cand.sent_index - self.rules["discourse_window"])].start
        named = [m for m in mentions if lo <= m.start and m.end <= noun.start and not m.is_media
                 and len(m.countries()) == 1 and not m.countries() <= own]
        if not named:
            return False
        last = named[-1]
        sentence = next(s for s in sents if s.start <= last.start < s.end)
        if any(m.countries() != last.countries() for m in named if sentence.start <= m.start):
            return False
        country = last.country or next(iter(last.countries()))
        text = view.span_text(noun.start, noun.end)
        cand.targets = [state_mention(country, noun.start, noun.end, view.idx[noun.start], view.end[noun.end - 1], text,
                                      f"the country → {last.text}")]
        cand.factors["reference"] = self.rules["confidence"]["country_from_discourse"]
        cand.notes.append(f"'{text}' is {country}, named as {last.text}")
        return True

    # -- "the request" ----------------------------------------------------------------------------
    def _the_event(self, view, sents, cand, earlier) -> bool:
        """"Caracas rejected the request": a reply (``reply_types``) whose object names an earlier event
        addressed to the replier takes that event's source as its target; the latest such event within
        the discourse window counts."""
        if cand.final_coding.type not in self.rules["reply_types"]:
            return False
        noun = self._object_noun(view, sents, [], cand, self.words.event_nouns, inside=True)
        if noun is None:
            return False
        own = {c for m in cand.sources for c in m.countries()}
        first = cand.sent_index - self.rules["discourse_window"]
        for prior in reversed(earlier):
            if prior.sent_index < first or prior.final_coding.type != noun.payload or prior.modality == "negated":
                continue
            sources = {c for m in prior.sources for c in m.countries()}
            if sources and not sources & own and {c for m in prior.targets for c in m.countries()} & own:
                cand.targets = list(prior.sources)
                cand.factors["reference"] = self.rules["confidence"]["target_from_prior_event"]
                text = view.span_text(noun.start, noun.end)
                by = " and ".join(m.text for m in sorted(prior.sources, key=lambda m: m.start))
                cand.notes.append(f"'{text}' refers to the earlier {noun.payload} by {by}")
                return True
        return False

    def _object_noun(self, view, sents, mentions, cand, nouns: PatternSet, inside: bool = False) -> Match | None:
        """The first of ``nouns`` in the trigger's gap or right after it in its clause, with no actor and no
        locative or "of" word before it ("in the country" is a place); ``inside``: the pattern's own words
        may be the noun ("rechazó … la petición")."""
        sent, m = sents[cand.sent_index], cand.match
        limit = min(sent.end, m.end + 12)
        own = set(m.tokens)
        for found in sorted(nouns.find(view, m.start + 1, limit), key=lambda x: x.start):
            if not inside and own & set(range(found.start, found.end)):
                continue
            between = range(m.end, found.start)
            if any(view.is_punct[i] for i in between) or any(m.end <= x.start < found.start for x in mentions):
                return None
            if self.grammar.ends_at(view, "locative", found.start) is not None \
                    or self.grammar.ends_at(view, "of", found.start) is not None:
                return None
            return found
        return None
