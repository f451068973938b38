"""Stage 5 — actors: find actor mentions and resolve them within the document.

Knowledge-base names (countries, adjectives, capitals used as metonyms, organisations, persons) and
agent words ("ministre de la Défense", "coast guard") are matched on tokens, then composed
("le ministre russe de la Défense Andrey Belousov" → one person, RUS GOV) and resolved across the
document (surnames after full names, titles, "les deux pays"). Capitals and country names used as
locations ("à Pékin") become places, never actors.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ..kb import AgentSpec, Entity, NameRef, actor_code, case_rule, language_kb, load_kb
from ..model import Actor
from ..patterns import Match, TokenView, longest_first, norm
from ..lexicon import coding_rules
from .grammar import Grammar, load_grammar
from .places import lookup_city

FORM_PRIORITY = {"fullname": 0, "name": 1, "acronym": 1, "adjective": 2, "metonym": 3, "demonym": 4, "surname": 5}


@dataclass
class Mention:
    start: int                      # token offsets
    end: int
    start_char: int
    end_char: int
    text: str
    kind: str                       # country | person | organisation | agent | group
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    kb_id: str | None = None
    name: str | None = None
    wikidata: str | None = None
    code: str | None = None
    resolved_by: str = "kb"
    form: str | None = None         # the name form that matched (metonym, adjective, ...)
    is_place: bool = False          # used as a location ("à Pékin"), not as an actor
    is_media: bool = False          # a news outlet: a reporting cue, never a participant
    members: list["Mention"] = field(default_factory=list)   # for plural references
    other_bearers: tuple["Mention", ...] = ()   # a bare surname: the other persons who bear it

    def countries(self) -> set[str]:
        if self.members:
            return {c for m in self.members for c in m.countries()}
        return {self.country} if self.country else set()

    def expand(self) -> list["Mention"]:
        """A plural reference stands for its members; anything else for itself."""
        return [replace(m, start=self.start, end=self.end, start_char=self.start_char, end_char=self.end_char,
                        text=self.text, resolved_by=f"plural:{m.resolved_by}") for m in self.members] or [self]

    def to_actor(self) -> Actor:
        return Actor(text=self.text, name=self.name, country=self.country, sector=self.sector, code=self.code,
                     role=self.role, kind=self.kind, kb_id=self.kb_id, wikidata=self.wikidata,
                     start=self.start_char, end=self.end_char, resolved_by=self.resolved_by)


def state_mention(country: str, start: int, end: int, start_char: int, end_char: int, text: str,
                  resolved_by: str, sector: str | None = None) -> Mention:
    """A mention that stands for ``country``'s state (with ``sector``, one of its bodies), named and
    identified as the knowledge base has it: what "les deux pays", "the country" or a host city resolve to."""
    state = load_kb().entities.get(f"country/{country}")
    return Mention(start, end, start_char, end_char, text, "country", country=country, sector=sector,
                   code=actor_code(country, sector), name=state.name if state else country,
                   kb_id=state.kb_id if state else None, wikidata=state.wikidata if state else None,
                   resolved_by=resolved_by)


class ActorFinder:
    """Finds and resolves actor mentions in one language."""

    def __init__(self, lang: str):
        self.lang = lang
        self.lkb = language_kb(lang)
        self.kb = self.lkb.kb
        self.grammar: Grammar = load_grammar(lang)
        self.generic_roles = frozenset(coding_rules()["generic_roles"])
        self.host_located_roles = frozenset(coding_rules()["host_located_roles"])
        self.office_roles = frozenset(coding_rules()["office_roles"])

    # -- candidate matches -----------------------------------------------------------------------
    @staticmethod
    def _case_ok(view: TokenView, m: Match, ref: NameRef) -> bool:
        """Acronyms must match exactly (US ≠ us, UN ≠ un); capitalised names need a capital."""
        rule = case_rule(ref.case_sensitive) if ref.case_sensitive else None
        if rule is None:
            return True
        text, idx = view.text, view.idx
        if rule == "exact":
            squash = lambda s: s.replace(".", "").replace(" ", "")
            return squash(view.span_text(m.start, m.end)) == squash(ref.case_sensitive)
        # every capitalised word of the alias must be capitalised in the text ("Russia Today" ≠ "Russia today")
        words = [w for w in ref.case_sensitive.split() if w[:1].isupper()]
        firsts = [text[idx[k]] for k in range(m.start, m.end) if not view.is_punct[k] and view.lower[k] != "-"]
        return text[idx[m.start]].isupper() and sum(c.isupper() for c in firsts) >= min(len(words), len(firsts))

    def _name_matches(self, doc, view: TokenView) -> tuple[list[Match], dict[tuple[int, int], list[Match]]]:
        """Knowledge-base names (longest first), and for each surname span every person bearing it."""
        found = [m for m in self.lkb.names.find(view) if self._case_ok(view, m, m.payload)]
        covered = {i for m in found for i in range(m.start, m.end)}
        capitalised = [i for i, at in enumerate(view.idx) if view.text[at].isupper() and i not in covered]
        for tok in (doc[i] for i in capitalised):   # misspelt country names, as wire copy has them ("Afganistan")
            if tok.is_alpha and tok.pos_ in ("PROPN", ""):
                # without a tagger every capitalised word would qualify ("Marta" ≈ Malta): proper nouns only
                if tok.pos_ == "PROPN" and norm(tok.text) not in self.lkb.personal_names:
                    ref = self.lkb.fuzzy_country(tok.text)
                    if ref is not None:
                        found.append(Match(tok.i, tok.i + 1, tok.i, ref, (), (tok.i,)))
                        continue
                before = [view.lower[k] for k in range(max(0, tok.i - 3), tok.i)]
                person = self.lkb.fuzzy_person(before, tok.text)
                if person is not None:
                    n_first, ref = person
                    found.append(Match(tok.i - n_first, tok.i + 1, tok.i, ref, (), tuple(range(tok.i - n_first, tok.i + 1))))
        found += self._compound_heads(doc, [i for i in capitalised if "-" in view.lower[i]])
        blocked = self.lkb.not_actors.find(view)
        found = [m for m in found if not any(b.start <= m.start and m.end <= b.end for b in blocked)]
        found.sort(key=lambda m: FORM_PRIORITY.get(m.payload.form, 9))   # same span: "Kyrgyz" the adjective first
        chosen = longest_first(found)
        bearers: dict[tuple[int, int], list[Match]] = {}
        for m in found:
            if m.payload.form == "surname":
                bearers.setdefault((m.start, m.end), []).append(m)
        return chosen, bearers

    def _compound_heads(self, doc, hyphenated: list[int]) -> list[Match]:
        """"US-Präsident", "EU-Kommissare": a hyphenated compound of a country's or an organisation's
        name or acronym and an agent word stands for that actor ("EU-Beitritt" does not). Reads the
        capitalised tokens with a hyphen that no name covers."""
        found = []
        for tok in (doc[i] for i in hyphenated):
            first, _, rest = tok.text.partition("-")
            if not rest[:1].isalpha() or not self.lkb.agents.find(_word_view(rest)):
                continue
            for m in self.lkb.names.find(_word_view(first)):
                ref: NameRef = m.payload
                if m.end == 1 and ref.form in ("name", "acronym") and self.kb.entities[ref.kb_id].kind in ("country", "organisation") \
                        and (not ref.case_sensitive or case_rule(ref.case_sensitive) != "exact"
                             or first == ref.case_sensitive.replace(".", "")):
                    found.append(Match(tok.i, tok.i + 1, tok.i, ref, (), (tok.i,)))
                    break
        return found

    def _personal_name(self, doc, m: Match, known: set[int], person_spans: list[tuple[int, int]]) -> bool:
        """A country name that is part of a person's name here: "Chad Johnson", "Michael Jordan"."""
        if m.payload.form != "name" or self.kb.entities[m.payload.kb_id].kind != "country":
            return False
        if any(start <= m.start and m.end <= end and end - start > m.end - m.start for start, end in person_spans):
            return True   # inside a longer person name ("Michael Jordan"); alone, small models over-tag names
        if m.end - m.start != 1 or norm(doc[m.start].text) not in self.lkb.personal_names:
            return False
        def joined(i: int) -> bool:
            tok = doc[i] if 0 <= i < len(doc) else None
            return tok is not None and tok.is_alpha and tok.text[:1].isupper() and i not in known \
                and not (i < m.start and tok.is_sent_start and tok.is_stop)
        return joined(m.start - 1) or joined(m.end)

    def _entity_mention(self, view: TokenView, m: Match, day: dt.date | None) -> Mention | None:
        ref: NameRef = m.payload
        ent: Entity = self.kb.entities[ref.kb_id]
        start_char, end_char = view.idx[m.start], view.end[m.end - 1]
        base = dict(start=m.start, end=m.end, start_char=start_char, end_char=end_char,
                    text=view.text[start_char:end_char], kb_id=ent.kb_id, name=ent.name, wikidata=ent.wikidata,
                    form=ref.form)
        coding = ent.coding_on(day, ref.form)
        return Mention(kind=ent.kind, country=coding.country, sector=coding.sector, role=coding.role,
                       code=coding.code, is_media=ent.is_media, resolved_by=ref.form, **base)

    # -- main entry ----------------------------------------------------------------------------------
    def find(self, doc, view: TokenView, day: dt.date | None, has_ner: bool = False) -> list[Mention]:
        names, bearers = self._name_matches(doc, view)
        adjective_at = {i: m for m in names if m.payload.form == "adjective" for i in range(m.start, m.end)}
        name_tokens = {i for m in names if m.payload.form != "surname" for i in range(m.start, m.end)}
        agents = longest_first(self.lkb.agents.find(view, skippable=lambda j: j in adjective_at))
        agents = [a for a in agents if not ({*a.tokens} & name_tokens)
                  and not (a.end - a.start == 1 and doc[a.start].pos_ == "ADJ")]  # "coopération militaire"
        agent_tokens = {i for a in agents for i in range(a.start, a.end)}
        # a bare surname never hides a title: "Prime" (a surname) in "Prime Minister"
        names = [m for m in names if m.payload.form != "surname" or not agent_tokens & set(range(m.start, m.end))]
        # words that rule out a personal name next to a country name: titles, countries, organisations
        known = agent_tokens | {i for m in names if self.kb.entities[m.payload.kb_id].kind != "person"
                                for i in range(m.start, m.end)}
        person_spans = [(e.start, e.end) for e in doc.ents if e.label_ in ("PER", "PERSON")] if has_ner else []
        names = [m for m in names if not self._personal_name(doc, m, known, person_spans)]
        mentions = [x for x in (self._entity_mention(view, m, day) for m in names) if x]
        for x in mentions:
            others = [b for b in bearers.get((x.start, x.end), ()) if b.payload.kb_id != x.kb_id]
            if x.form == "surname" and others:
                x.other_bearers = tuple(self._entity_mention(view, b, day) for b in others)
        for a in agents:
            spec: AgentSpec = a.payload
            start_char, end_char = view.idx[a.start], view.end[a.end - 1]
            mention = Mention(a.start, a.end, start_char, end_char, view.text[start_char:end_char], "agent",
                              sector=spec.sector, role=spec.role, resolved_by=f"agent:{spec.pattern}")
            for j in a.skipped:
                ref = adjective_at[j].payload
                mention.country = self.kb.entities[ref.kb_id].country
                mentions = [x for x in mentions if not (x.start <= j < x.end)]
            mentions.append(mention)
        if has_ner:
            mentions.extend(self._ner_persons(doc, mentions))
        mentions.sort(key=lambda x: (x.start, -x.end))
        mentions = self._located_in_city(doc, view, self._compose(doc, view, mentions))
        self._mark_places(view, mentions)
        return self._resolve_document(doc, view, mentions, day)

    def _ner_persons(self, doc, mentions: list[Mention]) -> list[Mention]:
        """Persons unknown to the knowledge base, from NER; they get a country only by composition."""
        taken = {i for x in mentions for i in range(x.start, x.end)}
        out = []
        for ent in doc.ents:
            if ent.label_ in ("PER", "PERSON") and not any(i in taken for i in range(ent.start, ent.end)):
                out.append(Mention(ent.start, ent.end, ent.start_char, ent.end_char, ent.text, "person",
                                   name=ent.text, resolved_by="ner"))
        return out

    # -- composition inside noun phrases -----------------------------------------------------------
    def _compose(self, doc, view: TokenView, mentions: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        i = 0
        while i < len(mentions):
            cur = mentions[i]
            if cur.kind == "agent":
                i, produced = self._compose_agent(doc, view, mentions, i)
                out.extend(produced)
                continue
            if cur.kind == "country" and cur.form == "adjective":
                i, produced = self._compose_adjectives(doc, view, mentions, i)
                out.extend(produced)
                continue
            nxt = mentions[i + 1] if i + 1 < len(mentions) else None
            if cur.form == "demonym" and nxt is not None and nxt.kind == "country" and nxt.form == "name" \
                    and nxt.country != cur.country and self._resident_of(view, cur.end, nxt.start):
                # "ethnic Albanians in southern Serbia": coded by where they live, as CAMEO does
                out.append(self._resident(cur, nxt.country, doc[cur.start:cur.end], "residence"))
                i += 1
                continue
            if cur.kind in ("country", "organisation") and not cur.is_media and nxt is not None \
                    and nxt.kind == "agent" and not nxt.country and self._attributive(view, cur, nxt):
                # "U.S. officials", "Taiwan's foreign minister", "EU foreign ministers"
                mentions[i + 1] = self._with_country(nxt, cur, cur.start, nxt.end, doc)
                if cur.kind == "organisation":
                    mentions[i + 1].code = cur.code
                i += 1
                continue
            out.append(cur)
            i += 1
        return self._appositions(view, self._stacked_agents(doc, out))

    @staticmethod
    def _appositions(view: TokenView, mentions: list[Mention]) -> list[Mention]:
        """"Salaheddine Sidhoum, Algeria's leading activist": the apposed title gives the country."""
        for k in range(len(mentions) - 1):
            person, title = mentions[k], mentions[k + 1]
            if person.kind == "person" and not person.country and title.kind == "agent" and title.country \
                    and title.start - person.end == 1 and view.lower[person.end] == ",":
                mentions[k] = replace(person, country=title.country, sector=title.sector, role=title.role,
                                      code=title.code, resolved_by=f"{person.resolved_by}+apposition")
        return mentions

    def _stacked_agents(self, doc, mentions: list[Mention]) -> list[Mention]:
        """"Chilean government officials": the head noun takes its modifier's country."""
        out: list[Mention] = []
        for m in mentions:
            prev = out[-1] if out else None
            if prev is not None and m.kind == "agent" and not m.country and prev.kind == "agent" \
                    and prev.country and prev.end == m.start:
                out[-1] = self._with_country(m, prev, prev.start, m.end, doc)
                continue
            out.append(m)
        return out

    def _attributive(self, view: TokenView, owner: Mention, agent: Mention) -> bool:
        """A country or organisation name directly before an agent word, or with a genitive."""
        gap = agent.start - owner.end
        if gap == 0:
            return True
        after = self.grammar.starts_at(view, "genitive", owner.end, agent.start)
        # "Taiwan's Vice Foreign Minister": a genitive and up to two title words
        return after is not None and agent.start - after <= 2 and \
            not any(view.is_punct[k] for k in range(after, agent.start))

    def _gap_is(self, view: TokenView, a_end: int, b_start: int, word_class: str) -> bool:
        """True when the tokens between two mentions are exactly one ``word_class`` phrase."""
        if a_end == b_start:
            return False
        stop = self.grammar.starts_at(view, word_class, a_end, b_start)
        return stop == b_start

    def _adjective_run(self, view: TokenView, mentions: list[Mention], k: int) -> tuple[list[Mention], int]:
        """Country adjectives from ``mentions[k]`` coordinated by commas / "et" / "and"."""
        run = [mentions[k]]
        while k + 1 < len(mentions):
            nxt = mentions[k + 1]
            if nxt.kind != "country" or nxt.form != "adjective":
                break
            between = range(run[-1].end, nxt.start)
            if not (len(between) == 1 and (view.lower[between[0]] == "," or self._gap_is(view, run[-1].end, nxt.start, "coordination"))) \
                    and not self._gap_is(view, run[-1].end, nxt.start, "coordination"):
                break
            run.append(nxt)
            k += 1
        return run, k + 1

    def _with_country(self, agent: Mention, country_mention: Mention, start: int, end: int, doc) -> Mention:
        span = doc[start:end]
        sector = agent.sector
        return replace(agent, start=start, end=end, start_char=span.start_char, end_char=span.end_char,
                       text=span.text, country=country_mention.country, code=actor_code(country_mention.country, sector),
                       resolved_by=f"{agent.resolved_by}+{country_mention.form or country_mention.kind}")

    def _compose_agent(self, doc, view, mentions, i) -> tuple[int, list[Mention]]:
        agent = mentions[i]
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if agent.country:
            agent = replace(agent, code=actor_code(agent.country, agent.sector))
        # agent + adjectives: "gardes côtiers chinois et russes"
        if nxt and nxt.kind == "country" and nxt.form == "adjective" and nxt.start == agent.end and not agent.country:
            run, k = self._adjective_run(view, mentions, i + 1)
            produced = [self._with_country(agent, adj, agent.start, run[-1].end, doc) for adj in run]
            return self._attach_person(doc, view, mentions, k, produced)
        # agent + of + country: "le chef de la défense de la Russie", "defence minister of Russia"
        if nxt and nxt.kind == "country" and not agent.country and nxt.form in ("name", "metonym") \
                and (self._gap_is(view, agent.end, nxt.start, "of") or self._genitive_after(agent, nxt)):
            return self._attach_person(doc, view, mentions, i + 2,
                                       [self._with_country(agent, nxt, agent.start, nxt.end, doc)])
        # government + of + its leader: "el Gobierno de Nicolás Maduro", "the government of Viktor Orbán"
        if nxt and nxt.kind == "person" and nxt.country and not agent.country and agent.sector == "GOV" \
                and self._gap_is(view, agent.end, nxt.start, "of"):
            return self._attach_person(doc, view, mentions, i + 2,
                                       [self._with_country(agent, nxt, agent.start, nxt.end, doc)])
        # agent + locative + country: "opposition groups in Zimbabwe" (the country stays a place too)
        if nxt and nxt.kind == "country" and nxt.form in ("name", "metonym") and not agent.country \
                and agent.role not in self.host_located_roles and self._located_in(view, agent.end, nxt.start):
            located = replace(agent, country=nxt.country, code=actor_code(nxt.country, agent.sector),
                              resolved_by=f"{agent.resolved_by}+located")
            return self._attach_person(doc, view, mentions, i + 1, [located])
        return self._attach_person(doc, view, mentions, i + 1, [agent])

    @staticmethod
    def _resident(people: Mention, country: str, span, why: str) -> Mention:
        """A people (demonym) coded by the country it lives in, over ``span``: no longer the KB entry."""
        return replace(people, start=span.start, end=span.end, start_char=span.start_char, end_char=span.end_char,
                       text=span.text, name=span.text, country=country, code=actor_code(country, people.sector),
                       kb_id=None, wikidata=None, resolved_by=f"{people.resolved_by}+{why}")

    def _genitive_after(self, agent: Mention, country: Mention) -> bool:
        """German "der Außenminister Irans": a genitive name right after the title names its country."""
        suffixes = self.grammar.genitive_suffixes
        return bool(suffixes) and country.start == agent.end and country.text.endswith(suffixes)

    def _located_in(self, view: TokenView, end: int, place: int) -> bool:
        """"protesters in Baghdad", "opposition groups in Zimbabwe": a locative phrase, possibly after
        one more lower-case noun, separates the agent from the place."""
        for start in (end, end + 1):
            if start == end + 1 and (start > place or not view.lower[end].isalpha() or view.is_punct[end]):
                break
            gap_start = start
            if gap_start < place and self.grammar.is_word("articles", view.lower[place - 1]):
                place_start = place - 1
            else:
                place_start = place
            stop = self.grammar.starts_at(view, "locative", gap_start, place_start)
            # allow one word between: "in south Serbia", "throughout northern Iraq"
            if stop is not None and place_start - stop <= 1 and all(view.lower[k].isalpha() for k in range(stop, place_start)):
                return True
        return False

    def _located_in_city(self, doc, view: TokenView, mentions: list[Mention]) -> list[Mention]:
        """"police in Osaka": an agent without a country, followed by a locative and a city GeoNames
        knows, belongs to that city's country."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        out = []
        for m in mentions:
            if m.kind == "agent" and not m.country and m.role not in self.host_located_roles and m.end < len(doc):
                stop = self.grammar.starts_at(view, "locative", m.end)
                if stop is not None:
                    end = stop
                    while end < len(doc) and doc[end].pos_ == "PROPN" and end not in taken:
                        end += 1
                    city = lookup_city(doc[stop:end].text) if end > stop else None
                    if city is not None:
                        m = replace(m, country=city.country, code=actor_code(city.country, m.sector),
                                    resolved_by=f"{m.resolved_by}+located:{city.name}")
            out.append(m)
        return out

    def _resident_of(self, view: TokenView, end: int, place: int) -> bool:
        """"in / of (southern) X" between a people and a country."""
        if self._located_in(view, end, place):
            return True
        stop = self.grammar.starts_at(view, "of", end, place)
        if stop is None:
            return False
        between = [k for k in range(stop, place) if not self.grammar.is_word("articles", view.lower[k])]
        return len(between) <= 1 and all(view.lower[k].isalpha() for k in between)

    def _compose_adjectives(self, doc, view, mentions, i) -> tuple[int, list[Mention]]:
        """English order: "Chinese and Russian coast guards", "the Russian defence minister"."""
        run, k = self._adjective_run(view, mentions, i)
        agent = mentions[k] if k < len(mentions) else None
        if agent and agent.kind == "agent" and not agent.country and agent.start - run[-1].end <= 1:
            produced = [self._with_country(agent, adj, run[0].start, agent.end, doc) for adj in run]
            return self._attach_person(doc, view, mentions, k + 1, produced)
        if agent and agent.kind in ("person", "organisation") and agent.start - run[-1].end <= 1 and len(run) == 1:
            merged = agent if agent.country else replace(agent, country=run[0].country,
                                                         code=actor_code(run[0].country, agent.sector))
            span = doc[run[0].start:agent.end]
            return k + 1, [replace(merged, start=run[0].start, start_char=span.start_char, text=span.text)]
        if agent and agent.kind == "country" and agent.form == "demonym" and agent.start == run[-1].end \
                and len(run) == 1 and agent.country != run[0].country:
            # "Bosnian Serbs", "Iraqi Kurds": a people coded by the country they live in
            return k + 1, [self._resident(agent, run[0].country, doc[run[0].start:agent.end],
                                          f"residence:{run[0].text}")]
        return k, run

    def _attach_person(self, doc, view, mentions, k, produced) -> tuple[int, list[Mention]]:
        """Apposition: a single titled agent directly followed by a person is that person."""
        if len(produced) == 1 and k < len(mentions):
            person = mentions[k]
            agent = produced[0]
            gap = range(agent.end, person.start)
            if person.kind == "person" and (not gap or (len(gap) == 1 and view.lower[gap[0]] == ",")):
                span = doc[agent.start:person.end]
                merged = replace(person, start=agent.start, start_char=span.start_char, text=span.text,
                                 resolved_by=f"{person.resolved_by}+title")
                if not merged.country:
                    merged.country, merged.sector, merged.role = agent.country, agent.sector, agent.role
                    merged.code = actor_code(agent.country, agent.sector)
                    merged.resolved_by = f"{person.resolved_by}+title-country"
                return k + 1, [merged]
        return k, produced

    # -- places ------------------------------------------------------------------------------
    def _mark_places(self, view: TokenView, mentions: list[Mention]) -> None:
        for m in mentions:
            seat = m.kind == "organisation" and not m.is_media   # "à Bruxelles", "at the UN": a place then
            if not seat and (m.kind != "country" or m.form not in ("name", "metonym")):
                continue
            if self.grammar.starts_at(view, "genitive", m.end) is not None:
                continue   # "in Pakistan's energy sector": the owner of the place, not the place
            start = m.start
            article = start > 0 and self.grammar.is_word("articles", view.lower[start - 1])
            if article:
                start -= 1
            prep = self.grammar.ends_at(view, "locative", start)
            if prep is None:
                continue
            # French "à l'Iran" is a dative (to Iran); "à Pékin", "en Iran" are places
            if article and m.form == "name" and self.grammar.starts_at(view, "locative_bare", prep, start) == start:
                continue
            m.is_place = True

    # -- document-level resolution --------------------------------------------------------------
    def _resolve_document(self, doc, view: TokenView, mentions: list[Mention], day: dt.date | None) -> list[Mention]:
        seen_full: set[str] = set()
        persons: list[Mention] = []
        resolved: list[Mention] = []
        plural_spans = longest_first(self.grammar.find(view, "plural_refs"))
        plural_iter = iter(sorted(plural_spans, key=lambda m: m.start))
        next_plural = next(plural_iter, None)
        plural_tokens = {i for p in plural_spans for i in range(p.start, p.end)}
        # "the two governments" is a plural reference, not also a "governments" agent
        mentions = [m for m in mentions if not (m.kind == "agent" and set(range(m.start, m.end)) <= plural_tokens)]
        for m in mentions:
            while next_plural is not None and next_plural.start < m.start:
                resolved.extend(self._plural(doc, next_plural, resolved))
                next_plural = next(plural_iter, None)
            if m.kind == "person":
                if m.resolved_by == "surname" and m.kb_id not in seen_full:
                    # "Déby" after "Mahamat Idriss Déby": the bearer already named in full, whoever came first
                    named = next((b for b in m.other_bearers if b.kb_id in seen_full), None)
                    if named is not None:
                        m = named
                    elif not self.kb.entities[m.kb_id].surname_alone or m.other_bearers:
                        continue
                if m.resolved_by == "ner":
                    m = self._ner_surname(m, persons)
                if m.kb_id:
                    seen_full.add(m.kb_id)
                persons.append(m)
            elif m.kind == "agent" and m.country:
                m = self._title(m, persons) or self._office_holder(view, m, day) or m
            resolved.append(m)
        while next_plural is not None:
            resolved.extend(self._plural(doc, next_plural, resolved))
            next_plural = next(plural_iter, None)
        return resolved

    @staticmethod
    def _ner_surname(m: Mention, persons: list[Mention]) -> Mention:
        """"Dong" after "le ministre chinois de la Défense Dong Jun" is the same person."""
        for p in reversed(persons):
            if p.country and m.text != p.text and m.text in (p.name or p.text).split():
                return replace(m, country=p.country, sector=p.sector, role=p.role, code=p.code,
                               kb_id=p.kb_id, name=p.name, wikidata=p.wikidata, resolved_by="surname")
        return m

    def _office_holder(self, view: TokenView, m: Mention, day: dt.date | None) -> Mention | None:
        """"the Chinese president" with nobody named: whoever held the office on the story date, if the
        knowledge base knows exactly one holder and no "former" stands before the title."""
        if day is None or m.role not in self.office_roles or m.members:
            return None
        if any(self.grammar.is_word("former", view.lower[k]) for k in range(max(0, m.start - 2), m.start)):
            return None
        holders = self.kb.office_holders(m.country, m.role, day)
        if len(holders) != 1:
            return None
        person = holders[0]
        return replace(m, kind="person", kb_id=person.kb_id, name=person.name, wikidata=person.wikidata,
                       resolved_by=f"{m.resolved_by}+office-holder on {day}")

    def _title(self, m: Mention, persons: list[Mention]) -> Mention | None:
        """"le ministre russe" after "Andrey Belousov, ministre russe de la Défense" is Belousov."""
        for p in reversed(persons):
            if p.country != m.country or not p.role or not m.role:
                continue
            if m.role == p.role or m.role in self.generic_roles or p.role.endswith(m.role):
                return replace(m, kind="person", kb_id=p.kb_id, name=p.name, wikidata=p.wikidata, role=p.role,
                               sector=p.sector, code=p.code, resolved_by=f"title→{p.name}")
        return None

    def _plural(self, doc, match: Match, before: list[Mention]) -> list[Mention]:
        """"les deux pays" / "both sides": the last two distinct countries mentioned as actors (a place
        such as "la situation au Venezuela" is not one of the two)."""
        picked: list[Mention] = []
        for prev in reversed(before):
            if prev.is_media or prev.is_place or not prev.country or prev.members:
                continue
            if prev.country not in {p.country for p in picked}:
                picked.append(prev)
            if len(picked) == 2:
                break
        if len(picked) < 2:
            return []
        span = doc[match.start:match.end]
        members = []
        for p in reversed(picked):
            members.append(state_mention(p.country, p.start, p.end, p.start_char, p.end_char, p.text, p.text))
        return [Mention(match.start, match.end, span.start_char, span.end_char, span.text, "group",
                        resolved_by="plural", members=members)]


def _word_view(word: str) -> TokenView:
    """One word as a token view, to look it up in a pattern set."""
    low = norm(word)
    return TokenView([low], [low], [False], [0], [len(word)])
