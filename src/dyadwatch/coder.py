"""The pipeline, end to end: raw document → :class:`~dyadwatch.model.DocumentAnalysis`.

ingest → normalise → language → NLP (spaCy) → actors → events → dates / places / quotes → output.
Each stage lives in ``dyadwatch.pipeline``; this module only wires them and turns event candidates
into evidence-carrying :class:`~dyadwatch.model.Event` records.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from .lexicon import coded_languages, coding_rules
from .model import DocumentAnalysis, Event, Evidence, Quote, Span, Timex
from .patterns import TokenView
from .pipeline.actors import ActorFinder, Mention, state_mention
from .pipeline.events import Candidate, EventFinder, home_country
from .pipeline.ingest import RawDocument
from .pipeline.language import identify
from .pipeline.nlp import LanguagePipeline, get_pipeline
from .pipeline.normalize import is_heading, normalize
from .pipeline.places import event_location, find_places
from .pipeline.quotes import QuoteMention, find_quotes
from .pipeline.timex import TimexMention, find_timex


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass
class Prepared:
    raw: RawDocument
    text: str
    title: str | None
    lang: str
    day: dt.date | None
    warnings: list[str]


@lru_cache(maxsize=None)
def _finders(lang: str) -> tuple[ActorFinder, EventFinder]:
    return ActorFinder(lang), EventFinder(lang)


class Coder:
    """Codes documents; one instance can serve many languages and documents."""

    def __init__(self, lang: str | None = None, date: str | None = None, models: dict[str, str] | None = None,
                 fast: bool = False):
        self.lang = lang if lang and lang != "auto" else None
        self.date = date
        self.models = models or {}
        self.fast = fast   # blank pipelines (no neural model): roles from word order, for triage at higher throughput
        self.rules = coding_rules()

    def options(self) -> dict:
        """The arguments that rebuild an equal coder elsewhere (a worker process, a Ray actor)."""
        return {"lang": self.lang, "date": self.date, "models": self.models, "fast": self.fast}

    def pipeline(self, lang: str) -> LanguagePipeline:
        return get_pipeline(lang, self.models.get(lang), self.fast)

    # -- stages 2–3 ----------------------------------------------------------------------------
    def prepare(self, raw: RawDocument) -> Prepared:
        norm = normalize(raw.text)
        coded = coded_languages()
        guess = identify(norm.text, self.lang or raw.lang, coded=coded)
        warnings = list(raw.warnings)
        if guess.passed_over:
            other, p = guess.passed_over
            warnings.append(f"language unsure: identified as {other!r} (p={p:.2f}), which has no lexicon; coded as "
                            f"{guess.lang!r} (p={guess.confidence:.2f}), the closest coded language; --lang overrides")
        elif guess.lang not in coded:
            warnings.append(f"no lexicon for language {guess.lang!r} ({guess.method}, p={guess.confidence:.2f}): "
                            f"no events coded; --lang overrides")
        day = parse_date(self.date or raw.date)
        if (self.date or raw.date) and day is None:
            warnings.append(f"unreadable date {self.date or raw.date!r}; relative dates left unresolved")
        return Prepared(raw, norm.text, raw.title or norm.title, guess.lang, day, warnings)

    # -- public API ----------------------------------------------------------------------------
    def analyze(self, raw: RawDocument | str) -> DocumentAnalysis:
        if isinstance(raw, str):
            raw = RawDocument("doc", raw, "<text>")
        prep = self.prepare(raw)
        return self._analyze_doc(prep, self.pipeline(prep.lang).nlp(prep.text))

    def pipe(self, raws: Iterable[RawDocument], batch_size: int = 16) -> Iterator[DocumentAnalysis]:
        """Stream documents through ``nlp.pipe`` in batches, keeping input order."""
        batch: list[Prepared] = []
        for raw in raws:
            batch.append(self.prepare(raw))
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Prepared]) -> Iterator[DocumentAnalysis]:
        docs: dict[int, object] = {}
        for lang in dict.fromkeys(p.lang for p in batch):
            idx = [i for i, p in enumerate(batch) if p.lang == lang]
            for i, doc in zip(idx, self.pipeline(lang).nlp.pipe(batch[i].text for i in idx)):
                docs[i] = doc
        for i, prep in enumerate(batch):
            yield self._analyze_doc(prep, docs[i])

    # -- stages 5–7 and output -------------------------------------------------------------------
    def _analyze_doc(self, prep: Prepared, doc) -> DocumentAnalysis:
        pipe = self.pipeline(prep.lang)
        view = TokenView.from_doc(doc, prep.text)
        actor_finder, event_finder = _finders(prep.lang)
        mentions = actor_finder.find(doc, view, prep.day, pipe.has_ner)
        timexes = find_timex(prep.text, prep.lang, prep.day)
        view.free = view.free | date_tokens(doc, timexes)
        quotes = find_quotes(prep.text, prep.lang)
        sents = list(doc.sents)
        candidates = event_finder.find(doc, view, mentions, pipe.has_parse, _heading_sentences(sents, view))
        places = find_places(doc, view, mentions, pipe.has_ner, actor_finder.grammar)
        events = self._events(prep, doc, sents, candidates, mentions, timexes, quotes, places)
        actors = [a.to_actor() for m in mentions if not m.is_place for a in m.expand()]
        return DocumentAnalysis(
            id=prep.raw.id, lang=prep.lang, date=prep.day.isoformat() if prep.day else None, title=prep.title,
            text=prep.text, model=pipe.model, events=events, actors=actors,
            quotes=[self._quote(q, mentions) for q in quotes],
            places=[p for _, p in places],
            timex=[Timex(text=t.text, value=t.value, precision=t.precision, start=t.start, end=t.end) for t in timexes],
            warnings=prep.warnings)

    @staticmethod
    def _quote(q: QuoteMention, mentions: list[Mention]) -> Quote:
        speaker = None
        if q.speaker_start is not None:
            inside = [m for m in mentions if q.speaker_start <= m.start_char and m.end_char <= q.speaker_end
                      and not m.is_place and not m.is_media]
            best = max(inside, key=lambda m: (m.kind == "person", m.end_char - m.start_char), default=None)
            speaker = best.to_actor() if best else None
        return Quote(text=q.text, start=q.start, end=q.end, speaker=speaker, speaker_text=q.speaker_text, cue=q.cue)

    def _events(self, prep, doc, sents, candidates: list[Candidate], mentions, timexes, quotes, places) -> list[Event]:
        conf = self.rules["confidence"]
        events: dict[tuple, Event] = {}
        for cand in candidates:
            sent = sents[cand.sent_index]
            self._complete(cand, sents, mentions, places)
            self._unattributed(cand, sents, places)
            sources = _unique([a for m in cand.sources for a in m.expand()])
            targets = _unique([a for m in cand.targets for a in m.expand()])
            for src, tgt, mutual in self._dyads(cand, sources, targets):
                if not src and not tgt:
                    continue
                if any(n == "source" for n in cand.spec.needs) and not src or \
                        any(n == "target" for n in cand.spec.needs) and not tgt:
                    continue
                if src and tgt and {m.code or m.text for m in src} & {m.code or m.text for m in tgt}:
                    continue   # an actor on both sides: a misread phrase, not an event
                if cand.background and not (src and tgt):
                    continue   # a passing mention with half a dyad: too unsure to report
                modality, cue = self._final_modality(cand, doc, sent, quotes, prep, timexes)
                factors = dict(cand.factors)
                factors["roles"] = conf["role_from_parse"] if cand.method == "parse" else conf["role_from_order"]
                if not src or not tgt:
                    factors["one_side"] = conf["one_side_missing"]
                factors["modality"] = conf["modality"][modality]
                confidence = cand.spec.prior
                for f in factors.values():
                    confidence *= f
                if confidence < self.rules["min_confidence"]:
                    continue
                event = self._event(prep, doc, sent, cand, src, tgt, modality, cue, round(confidence, 3),
                                    timexes, places, mutual)
                key = (event.type, tuple(a.code or a.text for a in event.source),
                       tuple(a.code or a.text for a in event.target), event.modality, event.date)
                if key not in events or events[key].confidence < event.confidence:
                    events[key] = event
        kept = _drop_subsumed(list(events.values()))
        return sorted(kept, key=lambda e: (e.evidence.trigger.start, e.type))

    def _unattributed(self, cand: Candidate, sents, places) -> None:
        """A bombing or shooting nobody is named for is coded, as GDELT and PLOVER data do, to the
        unidentified armed forces (UAF) of the country where it happened; a protest to its civilians (CVL)."""
        sector = self.rules["unattributed_sectors"].get(cand.final_coding.type)
        if cand.sources or cand.background or sector is None:
            return
        sent = sents[cand.sent_index]
        place = next((p for i, p in places if sent.start <= i < sent.end and p.country_code), None)
        if place is None:
            return
        cand.sources = [Mention(0, 0, place.start, place.end, place.text, "group", country=place.country_code,
                                sector=sector, code=f"{place.country_code}{sector}", name=None,
                                resolved_by=f"unidentified, where it happened ({place.text})")]
        cand.factors["unattributed"] = self.rules["confidence"]["place_as_target"]
        cand.notes.append(f"unattributed: source from place {place.text}")

    def _complete(self, cand: Candidate, sents, mentions: list[Mention], places) -> None:
        """Fill a missing side where the document makes it clear, at a confidence cost: a visit's
        host from its destination, a directed action's target from the place it aims at, a meeting's
        partner from the preceding sentences; and a side of countryless agents its home country."""
        sent = sents[cand.sent_index]
        home_country(cand, [(i, p.country_code) for i, p in places if sent.start <= i < sent.end and p.country_code])
        if cand.targets or cand.background:   # a passing mention gets no inferred participants
            return
        conf = self.rules["confidence"]
        coding = cand.final_coding
        if len({m.country for m in cand.sources}) >= 2 and (cand.spec.joint or coding.type in self.rules["mutual_types"]):
            return   # "Greece and Turkey met in New York": both parties are named; the place is only where
        own = {m.country for m in cand.sources}
        if coding.type in self.rules["place_target_types"] and cand.sources:   # a place alone makes no event
            domestic = coding.type in self.rules["domestic_place_target_types"]
            nearby = [(i < cand.match.end, p) for i, p in places if sent.start <= i < sent.end
                      and p.country_code and (domestic or p.country_code not in own)]
            host = next((p for before, p in sorted(nearby, key=lambda bp: bp[0])), None)
            if host is not None:
                cand.targets = [state_mention(host.country_code, 0, 0, host.start, host.end, host.text,
                                              "place→host government", sector="GOV")]
                cand.factors["place"] = conf["place_as_target"]
                cand.notes.append(f"target from place {host.text}")
                return
        if coding.type == "CONSULT" and coding.mode is None and cand.spec.kind == "noun" \
                and any(m.kind == "person" for m in cand.sources):
            lo = sents[max(0, cand.sent_index - self.rules["discourse_window"])].start
            partner = next((m for m in reversed(mentions) if lo <= m.start < cand.match.start and m.kind == "person"
                            and m.country and m.country not in own), None)
            if partner is not None:
                cand.targets = [partner]
                cand.factors["partner"] = conf["partner_from_discourse"]
                cand.notes.append(f"partner from discourse: {partner.text}")

    def _dyads(self, cand: Candidate, sources: list[Mention], targets: list[Mention]):
        """(sources, targets, mutual) triples. A joint event, and one of the mutual types with several
        subjects and no object ("Kazakhstan and Uzbekistan agreed …"), is one event between each pair of
        parties, flagged mutual: it holds both ways, and analytics count it both ways."""
        mutual = not targets and len(sources) >= 2 and cand.final_coding.type in self.rules["mutual_types"]
        if not (cand.spec.joint or mutual):
            return [(sources, targets, False)]
        if targets:
            return [(sources, targets, bool(sources))] if sources else [(targets, [], False)]
        pairs = [([a], [b], True) for k, a in enumerate(sources) for b in sources[k + 1:]
                 if a.country != b.country or a.code != b.code]
        return pairs or [(sources, [], False)]

    def _final_modality(self, cand: Candidate, doc, sent, quotes: list[QuoteMention], prep: Prepared, timexes):
        modality, cue = cand.modality, cand.modality_cue
        start = doc[cand.head].idx
        if modality == "asserted" and cand.coding is None:   # a statement of intent is made now
            for q in quotes:
                if q.start <= start < q.end:
                    return "reported", None
            tx = self._date_for(cand, doc, sent, timexes)
            if tx is not None and prep.day and tx.value \
                    and tx.precision in ("day", "week", "month") and _after(tx, prep.day):
                return "planned", None
        return modality, cue

    @staticmethod
    def _date_for(cand: Candidate, doc, sent, timexes: list[TimexMention]) -> TimexMention | None:
        """The date expression that belongs to this event: attached to its trigger (or the trigger's
        clause) in the parse; without a parse, the nearest one in the sentence."""
        head = doc[cand.head]
        inside = [t for t in timexes if sent.start_char <= t.start < sent.end_char and t.value]
        if not inside:
            return None
        if not doc.has_annotation("DEP"):
            return min(inside, key=lambda t: abs(t.start - head.idx))
        anchors = {head.i}
        if head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("obj", "dobj", "obl", "obl:mod", "pobj", "nmod"):
            anchors.add(head.head.i)
            anchors.update(a.i for a in list(head.ancestors)[:2] if a.pos_ in ("VERB", "AUX"))
        for t in sorted(inside, key=lambda t: abs(t.start - head.idx)):
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is not None and _attached(span.root, anchors):
                return t
        return None

    def _event(self, prep, doc, sent, cand, src, tgt, modality, cue, confidence, timexes, places, mutual) -> Event:
        spec, coding = cand.spec, cand.final_coding
        trig = doc[cand.match.start:cand.match.end]
        tx = self._date_for(cand, doc, sent, timexes)
        date, precision, date_text = (tx.value, tx.precision, tx.text) if tx else \
            ((prep.day.isoformat(), "day", None) if prep.day else (None, None, None))
        location, located_by = event_location(doc, sent, cand.head, places, coding.type, modality,
                                              {m.country for m in src + tgt})
        src_actors = [m.to_actor() for m in src]
        tgt_actors = [m.to_actor() for m in tgt]
        notes = f" ({'; '.join(cand.notes)})" if cand.notes else ""
        notes += f" (location: {located_by})" if located_by else ""
        evidence = Evidence(
            sentence=sent.text, sentence_index=cand.sent_index, sentence_start=sent.start_char,
            trigger=Span(start=trig.start_char, end=trig.end_char, text=trig.text),
            source_spans=[Span(start=a.start, end=a.end, text=a.text) for a in src_actors],
            target_spans=[Span(start=a.start, end=a.end, text=a.text) for a in tgt_actors],
            modality_cue=_span(doc, cue) if cue else None,
            date_span=Span(start=tx.start, end=tx.end, text=tx.text) if tx else None,
            location_span=Span(start=location.start, end=location.end, text=location.text) if location else None)
        return Event(
            event_id=Event.make_id(prep.raw.id, trig.start_char, coding.type, src_actors, tgt_actors),
            doc_id=prep.raw.id, type=coding.type, mode=coding.mode, context=list(coding.context),
            cameo=coding.cameo, cameo_name=coding.cameo_name, quad_class=coding.quad_class, goldstein=coding.goldstein,
            source=src_actors, target=tgt_actors, date=date, date_precision=precision, date_text=date_text,
            location=location, modality=modality, confidence=confidence, evidence=evidence,
            coder=f"{spec.id} [{cand.method}]{notes}", mutual=mutual)

def _after(tx: TimexMention, day: dt.date) -> bool:
    """A week or month value counts as future only when it starts after the story date."""
    if tx.precision == "week":
        year, week = tx.value.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1) > day
    return tx.value > day.isoformat()[:len(tx.value)]


def _heading_sentences(sents, view: TokenView) -> set[int]:
    """Section headings of a multi-line text summarise what the body says: not coded twice.
    Read from the text and token offsets: sentence texts are built only for whole lines."""
    text, idx, n = view.text, view.idx, len(view)
    def line(s) -> str | None:
        starts = s.start == 0 or "\n" in text[idx[s.start - 1]:idx[s.start]]
        ends = s.end == n or "\n" in text[idx[s.end - 1]:idx[s.end] + 1]
        return view.span_text(s.start, s.end).strip() if starts and ends else None

    out = {k for k, s in enumerate(sents) if (t := line(s)) is not None and is_heading(t)}
    if out and len({view.span_text(s.start, s.end).strip() for s in sents}) < 2:
        return set()
    return out


CLAUSE_BOUNDARIES = {"relcl", "acl:relcl", "acl", "advcl", "ccomp", "parataxis"}


def _attached(tok, anchors: set[int], depth: int = 3) -> bool:
    """Is ``tok`` within ``depth`` heads of an anchor, without leaving its own clause on the way?
    ("arrested protesters who had blocked the gate last week": last week is the blocking's date)."""
    for _ in range(depth):
        if tok.head.i in anchors:
            return True
        if tok.dep_ in CLAUSE_BOUNDARIES or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _unique(actors: list[Mention]) -> list[Mention]:
    """One actor per code and mention: "Armenians … Armenian" in one phrase is one side."""
    seen, out = set(), []
    for a in actors:
        key = (a.code or a.text, a.start_char)
        if key not in seen and (a.code is None or a.code not in {o.code for o in out}):
            seen.add(key)
            out.append(a)
    return out


def date_tokens(doc, timexes: list[TimexMention]) -> frozenset[int]:
    """Tokens of date expressions, which trigger gaps pass over ("a accepté lundi de …")."""
    out: set[int] = set()
    for t in timexes:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return frozenset(out)


def _drop_subsumed(events: list[Event]) -> list[Event]:
    """"A roadside bomb killed two soldiers": the bomb and the killing are one attack. In a sentence,
    an event whose type and modality another shares, and whose actors that other one includes, goes."""
    def sides(e: Event) -> tuple[set, set]:
        return {a.code or a.text for a in e.source}, {a.code or a.text for a in e.target}

    kept = []
    for e in events:
        src, tgt = sides(e)
        covered = any(o is not e and o.type == e.type and o.modality == e.modality
                      and o.evidence.sentence_index == e.evidence.sentence_index
                      and src <= sides(o)[0] and tgt <= sides(o)[1] and (src, tgt) != sides(o)
                      for o in events)
        if not covered:
            kept.append(e)
    return kept


def _span(doc, tokens: tuple[int, int]) -> Span:
    span = doc[tokens[0]:tokens[1]]
    return Span(start=span.start_char, end=span.end_char, text=span.text)
