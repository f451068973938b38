"""Stage 7 — places: find the place names of a document, resolve them, and locate events.

Recognition. Country names and capitals come from the actor stage, which already tells "à Pékin" (a
place) from "Pékin a défendu…" (the government, an actor: never a place). Other names come from NER
where the model has it (fr, en) and from the gazetteer otherwise (the blank de/es pipelines): a run of
tokens the gazetteer knows, after a locative ("in", "à", "en", "bei") unless it names a region, a
state or a large city. A wire dateline ("BOGOTA, Jun 11 (Reuters) -") is a place. A city name inside
a street name ("avenue de Paris", "Moskauer Straße", "calle Bogotá") is not.

Resolution. Among places of the same name the score of ``data/gazetteer/resolution.yaml`` decides:
population, the countries of the document's actors and other places, its dateline; "X, Y" (Paris,
Texas; Kazan, en Russie) pins X inside Y.

Event location (:func:`event_location`): the place attached to the event in the parse (or, without a
parse, the nearest place of its sentence), else the article's lead city for meetings, else the
dateline when the sentence names no place, else none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Place
from ..resources import DataFileError, load_yaml
from .gazetteer import GeoEntry, fold, fold_normed, load_gazetteer

RULES_FILE = "gazetteer/resolution.yaml"
NER_PLACE_LABELS = ("LOC", "GPE")
NER_OTHER_LABELS = ("PER", "PERSON", "ORG", "DATE")   # NORP and MISC mislabel towns ("Samarra")
APPOSITION_GAP = 6        # "Kazan, en Russie", "Tripoli, dans le nord du Liban": a few words after the comma
# Words that end a place phrase before a name: "in talks with Nigeria" is no place.
NOT_IN_PLACE_PHRASE = ("with", "target", "by", "between", "coordination")
# An event noun in these roles happened where its verb did ("a car bomb exploded in Tbilisi").
CLAUSE_ARGUMENTS = ("obj", "dobj", "nsubj", "nsubj:pass", "nsubjpass")
CLAUSE_BOUNDARIES = ("relcl", "acl:relcl", "advcl", "ccomp", "parataxis")


@dataclass(frozen=True)
class Rules:
    weights: dict[str, float]
    strong_population: int
    host_city_types: frozenset[str]
    lead_sentences: int
    dateline_lines: int
    dateline: re.Pattern


@lru_cache(maxsize=1)
def rules() -> Rules:
    spec = load_yaml(RULES_FILE)
    try:
        weights = {k: float(spec["weights"][k])
                   for k in ("actor_country", "place_country", "place_admin1", "dateline", "primary_name",
                             "seat_country")}
        return Rules(weights, int(spec["strong_population"]), frozenset(spec["host_city_types"]),
                     int(spec["lead_sentences"]), int(spec["dateline_lines"]),
                     re.compile(spec["dateline_pattern"], re.M))
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise DataFileError(RULES_FILE, f"invalid or missing setting: {exc}") from exc


@dataclass
class Toponym:
    """A place name found in the document, with the places it may denote."""

    start: int                      # token offsets
    end: int
    start_char: int
    end_char: int
    text: str
    candidates: list[GeoEntry]
    how: str                        # kb | ner | gazetteer | dateline
    within: set[str] = field(default_factory=set)   # countries it must lie in, when known
    chosen: GeoEntry | None = None
    seat: str | None = None         # the country whose capital the knowledge base says this name is


class DocumentPlaces(list):
    """The document's places as (token index, Place), in text order; plus its dateline and lead city."""

    dateline: Place | None = None
    lead: Place | None = None


def lookup_city(name: str) -> GeoEntry | None:
    """The most populous city called ``name`` (case- and accent-insensitive), if any."""
    return next((e for e in load_gazetteer().candidates(name) if e.resolution == "city"), None)


# -- recognition ---------------------------------------------------------------------------------------
def find_places(doc, view, mentions, has_ner: bool, grammar) -> DocumentPlaces:
    """Every place mention of ``doc``, resolved. Marks as places (``is_place``) the actor-stage
    mentions that turn out to be locations: a dateline city, the country in "Atlanta, Georgia", a
    city inside a street name."""
    gaz = load_gazetteer()
    taken = {i for m in mentions for i in range(m.start, m.end)}
    toponyms: list[Toponym] = []
    dateline = _dateline(doc, view.text, gaz, mentions)
    if dateline is not None:
        toponyms.append(dateline)
        taken.update(range(dateline.start, dateline.end))
    for m in mentions:
        if m.is_place and not (dateline and dateline.start <= m.start < dateline.end):
            top = _from_mention(m, gaz)
            if top is not None:
                toponyms.append(top)
    named = {t.i for e in doc.ents if e.label_ in NER_OTHER_LABELS for t in e} if has_ner else set()
    toponyms.extend(_from_gazetteer(doc, view, gaz, taken | named, grammar, mentions, strict=has_ner))
    if has_ner:   # after the gazetteer, whose listed names are longer ("nord-ouest de l'océan Pacifique")
        toponyms.extend(_from_ner(doc, view, gaz, taken | {i for t in toponyms for i in range(t.start, t.end)},
                                  grammar))
    for m in mentions:
        if m.kind == "country" and not m.is_place and m.form in ("name", "metonym") \
                and (_located_mention(doc, view, m, grammar) or _coordinated(view, m, toponyms, grammar)):
            m.is_place = True
            top = _from_mention(m, gaz)
            if top is not None:
                toponyms.append(top)
    toponyms = [t for t in _longest(toponyms) if not _in_street(view, t, grammar, mentions)]
    for m in mentions:   # "Paris Street": the capital there is neither a place nor a government
        if m.kind == "country" and not m.is_place:
            _in_street(view, Toponym(m.start, m.end, m.start_char, m.end_char, m.text, [], "kb"), grammar, [m])
    toponyms.sort(key=lambda t: t.start)
    _appositions(doc, toponyms, mentions, gaz)
    _resolve(toponyms, mentions, dateline)
    out = DocumentPlaces((t.start, _place(t)) for t in toponyms)
    out.dateline = next((p for (_, p), t in zip(out, toponyms) if t is dateline), None)
    out.lead = _lead_city(doc, out)
    return out


def _longest(toponyms: list[Toponym]) -> list[Toponym]:
    """One toponym per stretch of text: the longest ("Gaza Strip" the region over the country name),
    the gazetteer's over the actor stage's on a tie."""
    kept: list[Toponym] = []
    for t in sorted(toponyms, key=lambda t: (t.start - t.end, t.how == "kb")):
        if all(t.end <= k.start or k.end <= t.start for k in kept):
            kept.append(t)
    return kept


def _dateline(doc, text: str, gaz, mentions) -> Toponym | None:
    """"BOGOTA, Jun 11 (Reuters) -": the place the story was filed from, when the gazetteer knows it."""
    r = rules()
    head = "\n".join(text.split("\n", r.dateline_lines)[:r.dateline_lines])
    m = r.dateline.search(head)
    if m is None:
        return None
    cands = gaz.candidates(m.group("place"))
    if not cands:
        return None
    span = doc.char_span(m.start("place"), m.end("place"), alignment_mode="expand")
    if span is None:
        return None
    top = Toponym(span.start, span.end, span.start_char, span.end_char, span.text, cands, "dateline")
    extra = gaz.candidates(m.group("extra") or "")
    top.within = {e.country for e in extra if e.resolution in ("country", "admin1") and e.country}
    for mention in mentions:   # the dateline city is where the story was filed, not a government
        if span.start <= mention.start < span.end:
            mention.is_place = True
    return top


def _from_mention(m, gaz) -> Toponym | None:
    """A country or capital the actor stage found used as a place ("en Russie", "à Pékin")."""
    if not any(c.isupper() for c in m.text):   # "in the north" is a direction, not North Korea
        return None
    if m.kind == "country" and m.form != "metonym":
        country = gaz.country(m.country)
        others = [e for e in gaz.candidates(m.text) if e.resolution == "admin1"]   # Georgia, the US state
        cands = ([country] if country else []) + others
        return Toponym(m.start, m.end, m.start_char, m.end_char, m.text, cands, "kb",
                       chosen=None if others else country, within=set() if others else {m.country})
    # a capital: its namesakes compete ("in Tripoli, near Beirut" is the Lebanese city)
    cands = [e for e in gaz.candidates(m.text) if e.resolution == "city"]
    top = Toponym(m.start, m.end, m.start_char, m.end_char, m.text, cands, "kb",
                  seat=m.country if m.kind == "country" else None)
    if m.kind == "country" and not any(e.country == m.country for e in cands):   # "au Kremlin": the capital
        top.candidates, top.chosen = [], gaz.capital(m.country)
    return top


def _coordinated(view, m, toponyms: list[Toponym], grammar) -> bool:
    """"in Cairo and Doha", "in Cairo, Doha and Amman": a capital in a list of places is a place too
    (but not "In Moscow, the Kremlin said")."""
    k = grammar.ends_at(view, "coordination", m.start)
    listed = m.end < len(view) and (view.lower[m.end] == "," or grammar.starts_at(view, "coordination", m.end))
    if k is None and m.start > 0 and view.lower[m.start - 1] == "," and listed:
        k = m.start - 1
    return k is not None and any(t.end == k for t in toponyms)


def _from_ner(doc, view, gaz, taken: set[int], grammar) -> list[Toponym]:
    """NER places the gazetteer knows, or that follow a locative (kept unresolved then)."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in NER_PLACE_LABELS or any(i in taken for i in range(ent.start, ent.end)):
            continue
        if not any(t.text[:1].isupper() for t in ent):
            continue
        cands = gaz.candidates(ent.text)
        if cands or after_locative(doc, view, ent.start, grammar):
            out.append(Toponym(ent.start, ent.end, ent.start_char, ent.end_char, ent.text, cands, "ner"))
    return out


def _from_gazetteer(doc, view, gaz, claimed: set[int], grammar, mentions, strict: bool) -> list[Toponym]:
    """Runs of tokens the gazetteer knows, longest first, after a locative, or anywhere when they
    name a listed region, a state, a country or a large city (with a tagger: a proper noun). A
    listed name may contain an actor's name ("Taiwan Strait", "mar de la China Meridional"): that
    mention is then part of a place."""
    out, n, resume = [], len(doc), 0
    strong = rules().strong_population
    text = view.text
    folded = [fold_normed(w) for w in view.lower]
    span_tokens = gaz.span_tokens
    for i in [k for k, first in enumerate(folded) if first in span_tokens]:   # words that can open a name
        if i < resume:
            continue   # inside the place found last
        first = folded[i]
        upper = text[view.idx[i]:view.idx[i] + 1].isupper()
        limit = span_tokens[first] if upper or first in gaz.lower_first else 0
        if not limit or view.is_punct[i]:
            continue
        found, key = None, first
        for j in range(i + 1, min(n, i + limit) + 1):   # the longest known run wins
            if j > i + 1:
                key += text[view.end[j - 2]:view.idx[j - 1]] + folded[j - 1]
            if view.is_punct[j - 1] or key not in gaz.folded or not (upper or key in gaz.lower_ok):
                continue
            if not any(k in claimed for k in range(i, j)) or (j - i > 1 and gaz.is_listed(key)):
                found = j, key
        tok = doc[i]
        if found is None or (found[0] == i + 1 and (tok.is_stop or strict and tok.pos_ != "PROPN")):
            continue
        j, key = found
        cands = gaz.candidates(doc[i:j].text)
        located = after_locative(doc, view, i, grammar)
        # a large city anywhere, but not as a noun with its article ("das Essen") nor inside a longer
        # name ("Borussia Dortmund", "Real Madrid", "Paris Saint-Germain")
        common = j == i + 1 and i > 0 and grammar.has("articles", doc[i - 1])
        inside_name = (i > 0 and _capitalised(doc[i - 1]) and not doc[i].is_sent_start) or \
            (j < n and _capitalised(doc[j]))
        if located or gaz.is_listed(key) or (not common and not inside_name and cands[0].population >= strong):
            span = doc[i:j]
            out.append(Toponym(i, j, span.start_char, span.end_char, span.text, cands, "gazetteer"))
            for m in mentions:
                if i <= m.start < j:
                    m.is_place = True
        resume = j
    return out


def _capitalised(tok) -> bool:
    return tok.text[:1].isupper() and not tok.is_punct


def after_locative(doc, view, start: int, grammar) -> bool:
    """A locative (one or more words) ending at most four words before, with no verb or punctuation
    in between: "in Kabul", "near the town of Samarra", "cerca de Jersón", "dans le nord-ouest de
    l'océan Pacifique"."""
    for k in range(start, max(-1, start - 5), -1):
        if grammar.ends_at(view, "locative", k) is not None:
            return True
        if k == 0 or doc[k - 1].is_punct or doc[k - 1].pos_ in ("VERB", "AUX"):
            return False
    return False


def _located_mention(doc, view, m, grammar) -> bool:
    """A country or capital the actor stage left as an actor, yet in a locative phrase with a few
    modifiers between: "in northeastern Nigeria", "in the capital Abuja", "en el centro de Chile"
    (not "in talks with Nigeria", nor the French dative "à la Russie", nor the owner in "in Pakistan's
    energy sector")."""
    if grammar.starts_at(view, "genitive", m.end) is not None:
        return False
    for k in range(m.start, max(-1, m.start - 4), -1):
        stop = grammar.ends_at(view, "locative", k)
        if stop is not None:
            return k == m.start or not grammar.has("locative_bare", doc[stop])
        if k == 0:
            return False
        tok = doc[k - 1]
        if not (tok.is_alpha and tok.text.islower()) or tok.pos_ in ("VERB", "AUX") \
                or any(grammar.has(cls, tok) for cls in NOT_IN_PLACE_PHRASE):
            return False
    return False


def _in_street(view, top: Toponym, grammar, mentions) -> bool:
    """"avenue de Paris", "calle Bogotá", "Paris Street": a street, so no place of that city; a capital
    matched there by the actor stage is a location too, not a government."""
    before = grammar.ends_at(view, "street", top.start) is not None
    after = top.end < len(view) and grammar.starts_at(view, "street_after", top.end) is not None
    if not (before or after):
        return False
    for m in mentions:
        if top.start <= m.start < top.end:
            m.is_place = True
    return True


def _appositions(doc, toponyms: list[Toponym], mentions, gaz) -> None:
    """"Paris, Texas", "Tbilisi, Georgia", "Kazan, en Russie": the second name (a country or state)
    says where the first lies. A country the actor stage took for an actor there is a place."""
    by_start = {t.start: t for t in toponyms}
    for top in list(toponyms):
        k = top.end
        if k >= len(doc) or doc[k].text != ",":
            continue
        nxt = next((by_start[s] for s in range(k + 1, min(len(doc), k + APPOSITION_GAP))
                    if s in by_start and not any(doc[g].is_punct for g in range(k + 1, s))), None)
        if nxt is None:
            m = next((m for m in mentions if m.kind == "country" and m.form == "name" and not m.is_place
                      and k < m.start < k + 3 and _ends_phrase(doc, m.end)), None)
            if m is None:
                continue
            nxt = Toponym(m.start, m.end, m.start_char, m.end_char, m.text,
                          [e for e in [gaz.country(m.country)] + gaz.candidates(m.text) if e is not None
                           and e.resolution in ("country", "admin1")], "kb")
            pair = _best_pair(top, nxt)
            if pair is None:
                continue
            m.is_place = True
            toponyms.append(nxt)
            by_start[nxt.start] = nxt
        else:
            pair = _best_pair(top, nxt)
        if pair is not None:
            top.chosen, nxt.chosen = pair
    toponyms.sort(key=lambda t: t.start)


def _ends_phrase(doc, end: int) -> bool:
    """Nothing after a name that would make it a noun's modifier ("Russia's minister", "Georgia Tech")."""
    if end >= len(doc):
        return True
    tok = doc[end]
    return tok.is_punct or tok.is_space or (tok.text[:1].islower() and not tok.text.startswith(("'", "’")))


def _best_pair(inner: Toponym, outer: Toponym) -> tuple[GeoEntry, GeoEntry] | None:
    """The likeliest (place, country-or-state) pair where the place lies in the other."""
    pairs = [(a, b) for a in (inner.candidates or [inner.chosen]) if a is not None
             for b in (outer.candidates or [outer.chosen]) if b is not None and b.resolution in ("country", "admin1")
             and a.country == b.country and a is not b and (b.resolution == "country" or a.admin1 == b.admin1)]
    return max(pairs, key=lambda ab: ab[0].prior + ab[1].prior, default=None)


# -- resolution ----------------------------------------------------------------------------------------
def _first(t: Toponym) -> GeoEntry | None:
    return t.chosen or (t.candidates[0] if t.candidates else None)


def _resolve(toponyms: list[Toponym], mentions, dateline: Toponym | None) -> None:
    """Pick each open name's place: first against the actors' countries and the places that are
    certain, then again against every other place's first choice."""
    w = rules().weights
    actors = {c for m in mentions if not m.is_place for c in m.countries()}
    open_ = [t for t in toponyms if t.chosen is None and len(t.candidates) > 1]
    basis = [t for t in toponyms if t not in open_]
    for _ in range(2):
        picks = []
        for t in open_:
            others = [e for e in map(_first, (o for o in basis if o is not t)) if e is not None]
            countries = {e.country for e in others if e.country}
            admin1s = {(e.country, e.admin1) for e in others if e.admin1}
            filed = _first(dateline).country if dateline is not None and t is not dateline else None
            cands = [e for e in t.candidates if e.country in t.within] or t.candidates
            own = fold(t.text)
            picks.append(max(cands, key=lambda e: e.prior + w["actor_country"] * (e.country in actors)
                             + w["primary_name"] * (e.resolution == "city" and fold(e.name) == own)
                             + w["seat_country"] * (e.country == t.seat)
                             + w["place_country"] * (e.country in countries)
                             + w["place_admin1"] * ((e.country, e.admin1) in admin1s)
                             + w["dateline"] * (filed is not None and e.country == filed)))
        for t, pick in zip(open_, picks):
            t.chosen = pick
        basis = toponyms
    for t in toponyms:   # one candidate, or a constraint that leaves one
        if t.chosen is None and t.candidates:
            t.chosen = next((e for e in t.candidates if e.country in t.within), t.candidates[0])


def _place(t: Toponym) -> Place:
    e = t.chosen or (t.candidates[0] if t.candidates else None)
    if e is None:   # a name NER calls a place after a locative, unknown to the gazetteer
        return Place(text=t.text, name=t.text, start=t.start_char, end=t.end_char)
    return Place(text=t.text, name=e.name, country_code=e.country, resolution=e.resolution, geonameid=e.geonameid,
                 lat=e.lat, lon=e.lon, admin1=e.admin1, feature_code=e.feature_code,
                 start=t.start_char, end=t.end_char)


# -- event location ------------------------------------------------------------------------------------
def _lead_city(doc, places: DocumentPlaces) -> Place | None:
    """The city named in the article's first sentences and named again as a place later."""
    sents = list(doc.sents)[:rules().lead_sentences]
    if not sents:
        return None
    lead = next((p for i, p in places if i < sents[-1].end and p.resolution == "city"), None)
    if lead is None or sum(p.resolution == "city" and p.name == lead.name for _, p in places) < 2:
        return None
    return lead


def _attached(tok, anchors: set[int], depth: int = 3) -> bool:
    """Is the place within ``depth`` content words (prepositions do not count) below an anchor,
    without leaving its own clause ("talks in Doha, where rebels attacked…": Doha is not the attack's)?"""
    while depth > 0 and tok.head.i != tok.i:
        if tok.dep_ in CLAUSE_BOUNDARIES:
            return False
        tok = tok.head
        if tok.i in anchors:
            return True
        depth -= tok.pos_ != "ADP"
    return False


def event_location(doc, sent, head: int, places: DocumentPlaces, event_type: str, modality: str,
                   countries: set[str]) -> tuple[Place | None, str | None]:
    """Where an event happened, and how that was decided (None: stated in its clause).

    A place attached to the trigger (or its clause) in the parse; without a parse, the place of the
    sentence nearest after the trigger. Else a meeting's host city (the lead city, when its country
    takes part); else the dateline when the sentence names no place; else nowhere."""
    # a name the gazetteer does not know ("l'Occident" tagged LOC) is listed, never an event's location
    inside = [(i, p) for i, p in places if sent.start <= i < sent.end and p.resolution is not None]
    tok = doc[head]
    if inside and not doc.has_annotation("DEP"):
        after = [(i, p) for i, p in inside if i >= head]
        return min(after or inside, key=lambda ip: abs(ip[0] - head))[1], None
    if inside:
        anchors = {head} | ({tok.head.i} if tok.dep_ in CLAUSE_ARGUMENTS else set())
        for i, p in sorted(inside, key=lambda ip: abs(ip[0] - head)):
            if _attached(doc[i], anchors):
                return p, None
    r = rules()
    lead = places.lead
    if lead is not None and event_type in r.host_city_types and lead.country_code in countries \
            and modality != "planned":
        return lead, "the article's lead city"
    if places.dateline is not None and not inside:
        return places.dateline, "the dateline"
    return None, None
