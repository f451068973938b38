"""Stage 6 — events: triggers from the lexicon, their source and target, and their modality.

Roles come from the dependency parse when the pipeline has one (subject, passive agent, object,
"with"/"to"/"of" complements, light verbs such as "impose sanctions") and from ordering rules
otherwise (nearest actor before the trigger, nearest after it). Every candidate keeps the
evidence of how each part was found.
"""
from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field, replace

from ..kb import actor_code, load_kb
from ..lexicon import Lexicon, TriggerSpec, coding_rules, load_lexicon
from ..ontology import Coding, load_ontology
from ..patterns import MAX_GAP, Match, TokenView, longest_first
from .actors import Mention, state_mention
from .grammar import Grammar, load_grammar
from .references import References

SUBJECT_DEPS = {"nsubj", "csubj", "expl:subj"}
PASSIVE_SUBJECT_DEPS = {"nsubj:pass", "nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "obj", "iobj", "dative", "attr"}
CLAUSE_DEPS = {"ccomp", "advcl", "acl:relcl", "relcl", "parataxis"}
VERB_POS = {"VERB", "AUX"}
PARSE_FILL_WINDOW = 12
INSERT_MAX = 10     # words of an insert set off by two commas that a long pattern gap passes over
INTRANSITIVE_NOUN_TYPES = {"CONSULT", "PROTEST", "COOPERATE", "AGREE", "MOBILIZE", "RETREAT", "SUPPORT"}


@dataclass
class Candidate:
    spec: TriggerSpec
    match: Match
    sent_index: int
    head: int = -1                # syntactic head of the trigger (the pattern's head without a parse)
    sources: list[Mention] = field(default_factory=list)
    targets: list[Mention] = field(default_factory=list)
    method: str = "none"          # parse | order | parse+order
    factors: dict[str, float] = field(default_factory=dict)
    modality: str = "asserted"
    modality_cue: tuple[int, int] | None = None   # token span
    notes: list[str] = field(default_factory=list)
    background: bool = False      # in a subordinate clause or a circumstantial phrase
    coding: Coding | None = None  # when the event coded differs from the trigger's (statements of intent)
    pronoun: int | None = None    # token of a subject pronoun no actor resolves (the trigger's own: a dropped subject)

    @property
    def final_coding(self) -> Coding:
        return self.coding or self.spec.coding


class EventFinder:
    """Finds event candidates in a parsed document of one language."""

    def __init__(self, lang: str):
        self.lang = lang
        self.lexicon: Lexicon = load_lexicon(lang)
        self.grammar: Grammar = load_grammar(lang)
        self.references = References(lang)
        self.rules = coding_rules()
        # the sentence being coded (its actors, token view, absorbed complements), per thread, so that
        # one finder can serve several threads
        self._state = threading.local()
        self.complement_search_types = set(self.rules["complement_types"]) | set(self.rules["purpose_clause_types"])

    # -- triggers ---------------------------------------------------------------------------------
    def _triggers(self, doc, view: TokenView, start: int, end: int, has_parse: bool) -> list[Match]:
        """``view`` passes over inserts set off by commas (``_inserts``)."""
        found = []
        for m in self.lexicon.triggers.find(view, start, end):
            spec: TriggerSpec = m.payload
            if self._crosses_clause(doc, view, m) or self._led_by(view, m, "comparative") \
                    or self._led_by(view, m, "reason"):
                continue   # "como exige la oposición", "por cuestionar el resultado": no event of its own
            if spec.exclude and any(view.lemma[k] in spec.exclude or view.lower[k] in spec.exclude
                                    for k in range(max(start, m.head - 2), min(end, m.end + 2))):
                continue
            if has_parse and spec.kind == "noun" and m.end - m.start == 1 and doc[m.head].pos_ in VERB_POS | {"ADP"}:
                continue   # a noun entry on a verb form: "accord" in "according to"
            if has_parse and spec.kind == "verb" and m.end - m.start == 1 and doc[m.head].dep_ == "amod":
                continue   # a participle used as an adjective: "alleged crimes", "the besieged town"
            if has_parse and spec.kind == "verb" and m.end - m.start == 1 and doc[m.head].pos_ == "NOUN" \
                    and doc[m.head].dep_ in ("pobj", "obl", "obl:mod", "nmod"):
                continue   # a verb word used as a noun in a phrase: "a hunger strike in jail"
            found.append(m)
        chosen = longest_first(found)
        return self._drop_complements(doc, chosen, has_parse)

    def _led_by(self, view: TokenView, m: Match, word_class: str) -> bool:
        """Does a ``word_class`` phrase (grammar) end right before a verb trigger? A coordination ending
        there ("así como exige") leaves the verb a main clause."""
        return m.payload.kind == "verb" and self.grammar.ends_at(view, word_class, m.start) is not None \
            and self.grammar.ends_at(view, "coordination", m.start) is None

    def _crosses_clause(self, doc, view: TokenView, m: Match) -> bool:
        """A gap longer than the plain one ("griff ...12 an") stays in its clause: "und" or a comma
        followed by a verb form, outside an insert, opens a second clause whose particle is not the
        trigger's ("griff zu harten Maßnahmen und kündigte Sanktionen an", "griff zum Telefon, rief … an");
        "mit Raketen und Drohnen" does not."""
        endings = self.grammar.infinitive_endings
        if not endings:
            return False

        def verb_form(k: int) -> bool:
            return doc[k].text.islower() and view.lemma[k] != view.lower[k] and view.lemma[k].endswith(endings)

        return any(b - a - 1 > MAX_GAP and any(
            k not in view.free and (view.lower[k] == "," or self.grammar.is_word("coordination", view.lower[k]))
            and verb_form(k + 1) for k in range(a + 1, b - 1)) for a, b in zip(m.tokens, m.tokens[1:]))

    def _drop_complements(self, doc, matches: list[Match], has_parse: bool) -> list[Match]:
        """"agreed to hold talks" is one AGREE event: a trigger inside the complement of a verb of
        agreement, demand, refusal, threat or accusation is what that verb is about, not an event."""
        governing = [k for k in matches if k.payload.coding.type in self.rules["complement_types"]
                     and (has_parse or k.payload.kind == "verb")]   # without a parse a noun's complement is unknown
        window = self.rules["complement_window"]
        kept: list[Match] = []
        self._state.absorbed: dict[int, TriggerSpec] = {}     # governing match id → the action it is about
        for m in matches:
            if has_parse:
                by = [k for k in governing if k is not m and _inside_complement(doc, m.head, _syntactic_head(doc, k))]
            else:
                by = [k for k in governing if k is not m and k.head < m.head <= k.end + window]
            if by:
                # the action an intent is about is a verb: "provide patrol vessels" is not about patrolling
                if not has_parse or doc[_syntactic_head(doc, m)].pos_ in VERB_POS:
                    self._state.absorbed.setdefault(id(by[0]), m.payload)
            else:
                kept.append(m)
        return kept

    # -- main entry ---------------------------------------------------------------------------------
    def find(self, doc, view: TokenView, mentions: list[Mention], has_parse: bool,
             skip_sentences: set[int] = frozenset()) -> list[Candidate]:
        """Candidates for every sentence except ``skip_sentences`` (headings of multi-line texts)."""
        token_mentions: dict[int, list[Mention]] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                token_mentions.setdefault(i, []).append(m)
        out, found = [], []
        sents = list(doc.sents)
        trigger_view = copy.copy(view)
        trigger_view.free = view.free | _inserts(view, sents)
        by_sentence = _by_sentence(mentions, sents)
        # each sentence's subject actors, for a pronoun in the next one: worked out only when one asks
        subjects = _OnDemand(lambda k: [] if k in skip_sentences else self._sentence_subject(
            doc, view, sents[k], by_sentence[k], token_mentions, has_parse))
        for s_index, sent in enumerate(sents):
            if s_index in skip_sentences:
                continue
            in_sentence = by_sentence[s_index]
            previous, found = found if s_index else [], []
            for match in self._triggers(doc, trigger_view, sent.start, sent.end, has_parse):
                cand = Candidate(match.payload, match, s_index, _syntactic_head(doc, match) if has_parse else match.head)
                inside = set(match.tokens)
                sent_mentions = [m for m in in_sentence if not set(range(m.start, m.end)) <= inside]
                local = self._focus(sent, sent_mentions, token_mentions, view)
                self._state.pronoun = None
                own: list[Mention] = []
                if has_parse:
                    cand.background = _is_background(doc[cand.head]) and not self._occasion(doc[cand.head])
                    self._parse_roles(doc, cand, local)
                    if cand.targets and all(_own_body(doc, t) for t in cand.targets):
                        own, cand.targets = cand.targets, []
                if not has_parse or (not cand.sources and cand.spec.kind == "verb") or self._target_open(cand):
                    self._order_roles(doc, view, cand, sent_mentions, has_parse)
                cand.targets = cand.targets or own
                cand.pronoun = None if cand.sources else self._state.pronoun
                self._modality(doc, view, sent, cand, has_parse)
                self._intent_about(cand, self._state.absorbed.get(id(match)))
                self._civil_obstruction(cand)
                found.append(cand)
            out += found if has_parse else _without_restatements(found, previous, view)
        self.references.resolve(view, sents, mentions, out, subjects)
        return out

    def _focus(self, sent, mentions: list[Mention], token_mentions, view: TokenView) -> dict[int, list[Mention]]:
        """Make ``mentions`` of ``sent`` the ones the role finders see, and return them by token."""
        kept = {id(m) for m in mentions}
        local = {i: [m for m in token_mentions.get(i, ()) if id(m) in kept] for i in range(sent.start, sent.end)}
        self._state.token_mentions, self._state.sent_mentions, self._state.view = local, mentions, view
        return local

    def _sentence_subject(self, doc, view: TokenView, sent, in_sentence: list[Mention], token_mentions,
                          has_parse: bool) -> list[Mention]:
        """The actors a sentence is about, which a subject pronoun in the next one may refer to: the
        subject of its main verb, or without a parse the noun phrase opening it ("Die Sprecherin des
        russischen Außenministeriums, Maria Sacharowa, nannte …"). Only actors of one country count, or
        coordinated ones ("Polen und Litauen forderten …")."""
        actors = [m for m in in_sentence if not m.is_place and not m.is_media]
        if has_parse:
            if sent.root.pos_ not in VERB_POS:
                return []
            found, _ = self._subject_of(sent.root, self._focus(sent, actors, token_mentions, view))
        else:
            starts, k, found, joined = {m.start: m for m in reversed(actors)}, sent.start, [], False
            while k < sent.end:
                if k in starts:
                    found.append(starts[k])
                    k = starts[k].end
                elif self.grammar.is_word("coordination", view.lower[k]) and found:
                    joined, k = True, k + 1
                elif self.grammar.is_word("articles", view.lower[k]) or self.grammar.is_word("of", view.lower[k]) \
                        or view.lower[k] == ",":
                    k += 1
                else:
                    break
            if k >= sent.end or view.is_punct[k] or view.lower[k][:1].isdigit():
                return []   # no verb after it: a dateline ("Chisinau, 15. Oktober –") or a heading
            if joined:
                return [m for m in found if m.countries()]
        found = [m for m in found if m.countries()]
        if len({c for m in found for c in m.countries()}) != 1:
            return found if has_parse and len(found) > 1 else []
        return [m for m in found if m.kind == "person"][:1] or found[:1]

    # -- roles from the dependency parse --------------------------------------------------------
    def _covering(self, tok, token_mentions) -> list[Mention]:
        """Actors for a syntactic argument: the mentions on it, or inside its phrase, and on its conjuncts."""
        found: list[Mention] = []
        # the phrase, its coordinated phrases and its appositions ("Qatar's emir, Sheikh Hamad, …")
        related = [tok, *tok.conjuncts, *(c for c in tok.children if c.dep_ == "appos")]
        if tok.dep_ == "appos":
            related.append(tok.head)
        for t in related:
            ms = token_mentions.get(t.i)
            if ms and not any(m.countries() for m in ms):
                ms = self._owned(t, ms, token_mentions)
            if not ms:
                for sub in t.subtree:
                    if sub.dep_ in CLAUSE_DEPS or sub.i - t.i > 8:
                        break
                    inner = [m for m in token_mentions.get(sub.i, ()) if not m.is_place]
                    if inner:
                        ms = inner
                        break
            for m in [*(ms or []), *(n for m in ms or [] for n in self._coordinated_adjectives(m))]:
                if m not in found:
                    found.append(m)
        return self._with_coordinated([m for m in found if not m.is_media])

    def _coordinated_adjectives(self, m: Mention) -> list[Mention]:
        """"les ministres grec et turc": a nationality coordinated inside an actor's phrase is a party too."""
        view = self._state.view
        return [n for n in self._state.sent_mentions if m.start < n.start and n.end <= m.end and n.form == "adjective"
                and n.country and n.country != m.country
                and self.grammar.ends_at(view, "coordination", n.start, m.start) is not None]

    def _owned(self, tok, ms: list[Mention], token_mentions) -> list[Mention]:
        """"le gouvernement intérimaire du Bangladesh", "Sudan's army-led government", "les autorités
        militaires maliennes": a countryless body whose owner (a possessor, an "of" complement) or whose
        nationality adjective, apart from it, names one country belongs to it."""
        def owner(o) -> bool:
            if o.dep_ == "nmod":
                return any(g.dep_ == "case" and self.grammar.has("of", g) for g in o.children)
            return o.dep_ in ("poss", "nmod:poss") or o.dep_ == "amod" and any(
                m.form == "adjective" for m in token_mentions.get(o.i, ()))

        owners = {c for o in tok.children if owner(o) for m in token_mentions.get(o.i, ()) for c in m.countries()}
        if len(owners) != 1:
            return ms
        country = next(iter(owners))
        return [replace(m, country=country, code=actor_code(country, m.sector), resolved_by=f"{m.resolved_by}+owner")
                if _agent_like(m) else m for m in ms]

    @staticmethod
    def _antecedent(pronoun, token_mentions) -> list[Mention]:
        """"des avions chinois, qui ont volé …": the actor just before a relative pronoun (word order
        is more reliable here than the parser's attachment of the relative clause)."""
        for i in range(pronoun.i - 1, max(-1, pronoun.i - 4), -1):
            if token_mentions.get(i):
                return [m for m in token_mentions[i] if not m.is_media and not m.is_place]
            if not (pronoun.doc[i].is_punct or pronoun.doc[i].is_space):
                break
        return []

    def _with_coordinated(self, actors: list[Mention]) -> list[Mention]:
        """Add actors coordinated by word order ("Ankara et Bagdad"): the parser often attaches the
        first conjunct elsewhere."""
        ms = self._state.sent_mentions
        out = list(actors)
        for a in actors:
            if a in ms and not a.is_place:
                k = ms.index(a)
                for step in (-1, 1):
                    out += [m for m in self._group(self._state.view, ms, k, step) if m not in out and not m.is_place]
        return out

    def _pronoun_antecedent(self, verb, token_mentions) -> list[Mention]:
        """"Japan said it had halted aid": a pronoun subject in a reported clause is the subject of
        the clause that reports it."""
        for anc in list(verb.ancestors)[:3]:
            if anc.pos_ in VERB_POS:
                subject = next((c for c in anc.children if c.dep_ in SUBJECT_DEPS and c.pos_ != "PRON"), None)
                if subject is not None:
                    return _places_out(self._covering(subject, token_mentions))
        return []

    def _subject_of(self, verb, token_mentions) -> tuple[list[Mention], bool]:
        """Subject actors of ``verb`` (climbing through xcomp / conj / relative clauses) and passivity."""
        for _ in range(4):
            passive = any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ in ("aux:pass", "auxpass") for c in verb.children) \
                and not self._active_with_be(verb)
            subjects: list[Mention] = []
            for c in verb.children:
                if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS:
                    if self.grammar.has("relative", c):
                        return self._antecedent(c, token_mentions), passive
                    if c.pos_ == "PRON" and self.grammar.has("personal", c):
                        self._state.pronoun = c.i     # resolved across sentences when nothing here does
                        return self._pronoun_antecedent(verb, token_mentions), passive
                    subjects += [m for m in self._covering(c, token_mentions) if m not in subjects]
            if subjects:
                return self._with_coordinated(subjects), passive
            if verb.dep_ in ("xcomp", "conj", "acl", "advcl", "acomp") and verb.head is not verb:
                verb = verb.head
                continue
            return [], passive
        return [], False

    def _active_with_be(self, verb) -> bool:
        """"sont convenus de", "se sont mis d'accord": French verbs of motion and state, and reflexive
        verbs, take "être" in the active voice, and the parser reads them as passives."""
        return self.grammar.has("be_verbs", verb) or any(
            c.dep_ in ("expl:comp", "expl:pv") or (c.dep_ in ("obj", "iobj") and c.i < verb.i and self.grammar.has("reflexive", c))
            for c in verb.children)

    def _parse_roles(self, doc, cand: Candidate, token_mentions) -> None:
        head = doc[cand.head]
        while head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head          # "a mediation effort", "peace talks": the phrase's noun carries the roles
        spec = cand.spec
        verb = head
        is_noun = head.pos_ in ("NOUN", "PROPN") or (spec.kind == "noun" and head.pos_ not in VERB_POS)
        own_verb = next((doc[i] for i in cand.match.tokens if doc[i].pos_ == "VERB"), None)
        if is_noun and spec.kind == "verb" and own_verb is not None:
            verb = own_verb                      # "subir des sanctions": the pattern's own verb is the predicate
        elif is_noun:
            if head.dep_ in OBJECT_DEPS and head.head.pos_ in VERB_POS:
                verb = head.head                 # light verb: "imposed sanctions", "a effectué une patrouille"
            else:
                self._noun_roles(doc, head, cand, token_mentions)
                self._speaker_as_source(head, cand, token_mentions)
                return
        subjects, passive = self._subject_of(verb, token_mentions)
        agents, objects, partners = [], [], []
        mutual = not passive and self._mutual(spec, subjects)
        aimed = [] if mutual else objects
        for c in verb.children:
            if c.dep_ in ("agent", "obl:agent"):
                agents += self._covering(c if c.dep_ == "obl:agent" else next(iter(c.children), c), token_mentions)
            elif c.dep_ in OBJECT_DEPS and c.i != head.i or _bare_argument(c):
                objects += self._covering(c, token_mentions)
            elif c.dep_ in ("prep", "obl", "obl:arg", "obl:mod", "nmod"):
                self._prepositional(c, aimed, partners, agents, token_mentions)
        if is_noun:  # complements of the event noun itself: "sanctions against X", "patrol with Y"
            for c in head.children:
                if c.dep_ in ("prep", "nmod", "obl"):
                    self._prepositional(c, aimed, partners, agents, token_mentions)
        elif spec.kind == "verb":   # … and of the noun a verb pattern names: "exprimé son soutien au Guyana"
            for noun in (doc[i] for i in cand.match.tokens if i != verb.i and doc[i].pos_ == "NOUN"):
                for c in noun.children:
                    if c.dep_ in ("prep", "nmod"):
                        self._prepositional(c, aimed, partners, agents, token_mentions, recipient=True)
        if verb.dep_ == "acl" and agents and not subjects:   # "le groupe soutenu par les États-Unis"
            passive, subjects = True, self._covering(verb.head, token_mentions)
        if passive:
            sources, targets = agents, subjects
        else:
            sources, targets = subjects, objects
        if spec.subject_role == "target" and not passive:
            sources, targets = targets, sources
        if partners and not targets:
            targets = partners
        if not targets and not passive and spec.coding.type in self.complement_search_types:
            targets = [m for m in self._complement_target(verb, token_mentions) if m not in sources]
        cand.sources, cand.targets = _places_out(sources), targets
        cand.method = "parse"
        self._speaker_as_source(verb, cand, token_mentions)

    def _complement_target(self, verb, token_mentions) -> list[Mention]:
        """"demanded that Israel ease …", "threatened to cut power to Y", "refused to meet X": the
        target of a verb of demand, threat or refusal sits in its complement clause."""
        # breadth first through complement clauses, also through predicate adjectives ("is willing to
        # withdraw …"), two clauses deep ("refused to allow UN planes to land", "… unless Baghdad accepts")
        clauses, frontier = [], [verb]
        for _ in range(3):
            nxt = [c for h in frontier for c in h.children if c.dep_ in ("xcomp", "ccomp", "advcl", "acomp", "attr")]
            clauses += [c for c in nxt if c.pos_ in VERB_POS]
            frontier = nxt
        fallback: list[Mention] = []   # an argument with no country ("to provide coast guard vessels to X")
        for c in clauses:
            for g in c.children:
                if g.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS | OBJECT_DEPS:
                    found = self._covering(g, token_mentions)
                    if any(m.countries() for m in found):
                        return found
                    fallback = fallback or found
            objects: list[Mention] = []
            for g in c.children:
                if g.dep_ in ("prep", "obl", "obl:arg", "nmod"):
                    self._prepositional(g, objects, objects, [], token_mentions)
            if objects:
                return objects
        return fallback

    def _speaker_as_source(self, tok, cand: Candidate, token_mentions) -> None:
        """"Pékin a expliqué que … un avertissement": a sourceless statement said by someone is theirs.
        Only verbal events (quad 1 and 3): whoever reports an attack did not carry it out."""
        if cand.sources or cand.spec.coding.quad_class not in (1, 3):
            return
        for anc in list(tok.ancestors)[:4]:
            if anc.pos_ in VERB_POS and self.grammar.has("speech_verbs", anc):
                # only an actor that is the subject itself, not one named somewhere inside its phrase
                subject_tokens = {t.i for c in anc.children if c.dep_ in SUBJECT_DEPS for t in [c, *c.conjuncts]}
                speakers = [m for i in subject_tokens for m in token_mentions.get(i, ())]
                speakers = [m for m in _places_out(speakers) if m not in cand.targets and m.countries()]
                if speakers:
                    cand.sources = speakers
                    cand.notes.append("source is the speaker")
                return

    def _prepositional(self, c, objects, partners, agents, token_mentions, depth: int = 0,
                       recipient: bool = False) -> None:
        """Sort a prepositional complement by its preposition: with → partner, by → agent, to → target.
        On a noun the trigger pattern names (``recipient``: "aid", "support", "apologies"), "au Liban" is
        where the thing goes, not where it happens."""
        prep, noun = _prep_and_noun(c)
        if noun is None or prep is None:
            return
        g = self.grammar
        role = "partner" if g.has("with", prep) else "agent" if g.has("by", prep) else \
            "target" if g.has("target", prep) else None
        if role is None:
            if objects:
                return   # "threatened Israel with strikes … in response to any attack on Iranian soil"
            # "in protest against X", "in response to X": the inner phrase names the target
            for inner in noun.children:
                if inner.dep_ in ("prep", "nmod") and depth < 1:
                    self._prepositional(inner, objects, partners, agents, token_mentions, depth + 1)
            return
        # an argument of the verb ("promettre une aide au Liban", "send troops to Mali") is a recipient even
        # when its form is that of a place; a modifier ("in Lebanon") is not, nor "à" before a bare name
        # ("reçu à Nairobi")
        bare = g.has("locative_bare", prep) and not any(d.dep_ == "det" for d in noun.children)
        argument = not bare and (c.dep_ in ("obl:arg", "iobj", "dative")
                                 or (role == "target" and (recipient or not g.has("locative", prep))))
        actors = [m for m in self._covering(noun, token_mentions) if argument or not m.is_place]
        if not actors:
            return
        if role == "partner":
            partners += actors
        elif role == "agent":
            agents += actors
        else:
            objects += actors

    def _noun_roles(self, doc, head, cand: Candidate, token_mentions) -> None:
        """Event nouns: "la visite de Xi à Kazan", "Russia's invasion of Ukraine", "sanctions against X"."""
        sources, targets, partners, of_args = [], [], [], []
        for c in head.children:
            dep = c.dep_
            if dep in ("poss", "nmod:poss"):
                sources += self._covering(c, token_mentions)
            elif dep in ("amod",) and token_mentions.get(c.i):
                sources += [m for m in token_mentions[c.i] if m.form == "adjective"]
            elif dep in ("prep", "nmod", "obl"):
                prep, noun = _prep_and_noun(c)
                if noun is None:
                    continue
                actors = self._covering(noun, token_mentions)
                if not actors:
                    continue
                if prep is not None and self.grammar.has("of", prep):
                    of_args.append(actors)
                    nested = self._nested_of(noun, token_mentions)   # "l'invasion de Poutine de l'Ukraine"
                    if nested:
                        of_args.append(nested)
                elif prep is not None and self.grammar.has("by", prep):
                    sources += actors
                elif prep is not None and (self.grammar.has("with", prep) or self.grammar.has("between", prep)):
                    partners += actors
                else:
                    targets += actors
        if head.dep_ in PASSIVE_SUBJECT_DEPS and head.head.pos_ in VERB_POS:
            # "Un accord a été conclu entre Tokyo et Séoul", "The attack was blamed on Damascus"
            agents: list[Mention] = []
            for c in head.head.children:
                if c.dep_ in ("prep", "obl", "obl:arg", "obl:mod", "nmod", "agent", "obl:agent") and c.i != head.i:
                    found: list[Mention] = []
                    self._prepositional(c, found, found, agents, token_mentions)
                    prep, _ = _prep_and_noun(c)
                    if prep is not None and self.grammar.has("passive_noun", prep):
                        targets += found
            sources = sources or agents
        if of_args:
            if sources or len(of_args) > 1:
                if not sources:
                    sources = of_args.pop(0)
                targets = targets or of_args[0]
            elif cand.spec.coding.type in INTRANSITIVE_NOUN_TYPES:
                sources = of_args[0]
            else:
                targets = targets or of_args[0]
        if not sources and not partners and self._takes_clause_subject(head, cand.spec.joint):
            governor = next((a for a in head.ancestors if a.pos_ in VERB_POS), None)
            if governor is not None and not self.grammar.has("speech_verbs", governor):
                # "lors de la réunion, Zhang a …", "la Chine s'est avérée une bouée de sauvetage"
                sources, _ = self._subject_of(governor, token_mentions)
                sources = [m for m in sources if m not in targets]
                if sources:
                    cand.notes.append("participant from governing clause")
                    if cand.spec.subject_role == "target":
                        sources, targets = targets, sources
        if self._mutual(cand.spec, sources):
            targets = []     # "des discussions [de X et Y] sur des patrouilles": the topic, not a party
        if partners:
            if not sources:
                sources, partners = partners[:1], partners[1:]
            targets = targets or partners
        cand.sources, cand.targets = _places_out(sources), targets
        cand.method = "parse"

    def _mutual(self, spec: TriggerSpec, parties: list[Mention]) -> bool:
        """Several countries meeting or agreeing: a further phrase is the topic or the occasion, not a
        party ("met on the sidelines of the UN General Assembly", "talks on coast guard patrols")."""
        return (spec.joint or spec.coding.type in self.rules["mutual_types"]) \
            and len({c for m in parties for c in m.countries()}) >= 2

    def _takes_clause_subject(self, noun, joint: bool) -> bool:
        """Does the clause subject take part in this event noun? Yes for a predicate noun ("became a
        lifeline") and an occasion ("during the talks", "lors de la réunion"), not for any other phrase."""
        if noun.dep_ in ("attr", "xcomp", "acomp", "oprd") or joint:
            return True     # a joint action needs its parties: "… y compris des exercices conjoints"
        return self._occasion(noun)

    def _occasion(self, noun) -> bool:
        """"during the talks", "lors de la réunion": the noun names the occasion of the clause."""
        if noun.pos_ not in ("NOUN", "PROPN") or noun.dep_ not in CIRCUMSTANTIAL_DEPS | {"obl:arg"}:
            return False
        doc = noun.doc
        lead = range(max(noun.sent.start, noun.left_edge.i - 2), noun.i)   # "lors de la", "during the"
        return any(self.grammar.has("occasion", doc[i]) for i in lead)

    def _nested_of(self, noun, token_mentions) -> list[Mention]:
        for c in noun.children:
            if c.dep_ in ("nmod", "prep"):
                prep, inner = _prep_and_noun(c)
                if prep is not None and inner is not None and self.grammar.has("of", prep):
                    return self._covering(inner, token_mentions)
        return []

    # -- roles from word order ------------------------------------------------------------------
    def _group(self, view: TokenView, ms: list[Mention], k: int, step: int) -> list[Mention]:
        """``ms[k]`` plus the actors coordinated with it ("la Chine et la Russie")."""
        group = [ms[k]]
        j = k + step
        while 0 <= j < len(ms):
            a, b = (ms[j], group[-1]) if step < 0 else (group[-1], ms[j])
            if (a.start, a.end) == (b.start, b.end):   # one phrase, several actors: "tropas tailandesas y malasias"
                group.append(ms[j])
                j += step
                continue
            if a.end == b.start or a.end > b.start:
                j += step
                continue
            between = range(a.end, b.start)
            comma = len(between) == 1 and view.lower[between[0]] == ","
            # ", y el presidente …" after an apposition: a comma may open the coordination
            lead = a.end + 1 if len(between) > 1 and view.lower[a.end] == "," else a.end
            coord = self.grammar.starts_at(view, "coordination", lead, b.start) == b.start
            article = b.start - lead == 2 and self.grammar.is_word("articles", view.lower[b.start - 1]) and \
                self.grammar.starts_at(view, "coordination", lead, lead + 1) == lead + 1
            if not (coord or comma or article):
                break
            group.append(ms[j])
            j += step
        return group

    def _order_roles(self, doc, view: TokenView, cand: Candidate, ms: list[Mention], has_parse: bool) -> None:
        """Nearest actor before the trigger is the source, nearest after it the target (rule path).
        With a parse, a missing source is filled by a nearby actor with a country that is not another
        verb's subject, and an open target (``_target_open``) by such an actor after the trigger in its
        clause: the parser hangs "sur Israël", "contre le réseau ukrainien" where the roles miss them."""
        m = cand.match
        ms = [x for x in ms if not x.is_media and x not in cand.sources and x not in cand.targets]
        if has_parse:
            ms = [x for x in ms if x.countries() and m.start - x.end <= PARSE_FILL_WINDOW
                  and not self._subject_elsewhere(doc, x, m.head)]
        before = [x for x in ms if x.end <= m.start and not x.is_place]
        before = [x for x in before if not self._parenthetical_agent(view, x, m.start)] or before
        # an actor in the pattern's gap is its object ("Deutschland sagte der Ukraine Hilfe zu", "a menacé la Corée
        # du Sud de représailles", where the parser hangs it elsewhere), and so is one whose head word is the pattern's
        # ("sechs kanadische Diplomaten ausgewiesen", "entregó a las autoridades italianas"), and one the pattern's
        # own preposition introduces, whatever its form ("sich bei Suriname entschuldigt")
        matched = set(m.tokens)
        gap = [x for x in ms if x.start < m.end and x.end > m.start
               and (not x.is_place or self._introduced(view, x, matched))
               and (x.countries() and (x.start not in matched or x.end > m.end)
                    or not has_parse and x.start > m.start and not matched & set(range(x.start, x.end)))]
        after = gap + [x for x in ms if x.start >= m.end]
        sources = self._group(view, before, len(before) - 1, -1) if before else []
        targets = []
        actors_after = [k for k, x in enumerate(after) if not x.is_place]
        # an actor with a country close by in the clause beats a countryless one ("envió guardacostas a Filipinas")
        first = next((k for k in actors_after if after[k].countries() and self._same_clause(view, m.end, after[k].start)),
                     actors_after[0] if actors_after else None)
        if first is not None:
            targets = self._group(view, after, first, 1)
        if not has_parse and self._looks_passive(doc, m):
            by_agent = [x for x in after if self.grammar.ends_at(view, "by", x.start, m.end) is not None]
            sources, targets = by_agent[:1], sources
        elif not has_parse and (before or not self._unnamed_subject(view, cand)):
            sources, targets = self._verb_final(view, m, before, after, gap, sources, targets)
        if cand.spec.subject_role == "target":
            sources, targets = targets, sources
        targets = [t for t in targets if not t.is_place or t in gap]
        filled = False
        if not cand.sources and sources:
            cand.sources, filled = sources, True
        if has_parse and not (self._target_open(cand) and targets and self._same_clause(view, m.end, targets[0].start)
                              and not any(x.is_place and x.start < targets[0].start for x in after)):
            targets = []   # a place first ("its forces in Lebanon") is where the event aims
        if not cand.targets and targets and not (cand.spec.joint and len(cand.sources) > 1) \
                and not (self._mutual(cand.spec, cand.sources) and not self._partner(view, targets[0], m.end)):
            cand.targets, filled = targets, True
        if filled:
            cand.method = "parse+order" if cand.method == "parse" else "order"

    def _partner(self, view: TokenView, x: Mention, trigger_end: int) -> bool:
        """Does a "with" word introduce ``x`` ("verhandelten mit Marokko")? Parties meeting take no other
        phrase as a further party: "al margen de la cumbre de la ASEAN" is the occasion. Nor does a
        coordination between the trigger and it: "acordaron coordinar … y mantener un canal … con Caracas"
        names the partner of the second verb, not of the agreement."""
        start = self.grammar.ends_at(view, "with", self._phrase_start(view, x))
        return start is not None and not self.grammar.find(view, "coordination", trigger_end, start)

    def _unnamed_subject(self, view: TokenView, cand: Candidate) -> bool:
        """"Sie drohte Chisinau …", "Ella rechazó la oferta", "Il a menacé Kiev", and where subjects are
        dropped "Rechazó la petición" (a statement, not after an impersonal "se"): the clause's subject
        is no actor here. Records its pronoun, or the trigger for a dropped one, for the previous
        sentence to resolve (``References``)."""
        m, words = cand.match, self.references.words
        for k in range(m.start - 1, max(-1, m.start - 4), -1):
            if view.is_punct[k]:
                break
            if self.references.is_subject_pronoun(view, k):
                self._state.pronoun = k
                return True
        if words.drops_subject and cand.spec.kind == "verb" and cand.spec.coding.quad_class in (1, 3) \
                and not (m.start and view.lower[m.start - 1] in words.impersonal) \
                and view.lower[m.start] not in words.impersonal:
            self._state.pronoun = m.start
            return True
        return False

    def _phrase_start(self, view: TokenView, x: Mention) -> int:
        """Where the noun phrase of ``x`` starts: on its article, if one comes right before it."""
        return x.start - 1 if x.start and self.grammar.is_word("articles", view.lower[x.start - 1]) else x.start

    def _introduced(self, view: TokenView, x: Mention, matched: set[int]) -> bool:
        """Is ``x`` right after a word of the pattern (an article may come between)?"""
        return self._phrase_start(view, x) - 1 in matched

    def _parenthetical_agent(self, view: TokenView, x: Mention, trigger: int) -> bool:
        """"El Gobierno sudanés, controlado por el Ejército, acusó …": the agent of a participle set off
        by commas before the trigger is not the trigger's subject."""
        return self.grammar.ends_at(view, "by", self._phrase_start(view, x)) is not None \
            and "," in view.lower[x.end:trigger]

    def _target_open(self, cand: Candidate) -> bool:
        """With a parse, may word order supply the target? Only for a foreground event with a source
        and no target, whose subject is its source and whose parties are not already all named."""
        return not cand.targets and bool(cand.sources) and not cand.background and cand.spec.subject_role != "target" \
            and not (len({m.country for m in cand.sources}) > 1
                     and (cand.spec.joint or cand.spec.coding.type in self.rules["mutual_types"]))

    @staticmethod
    def _same_clause(view: TokenView, start: int, end: int) -> bool:
        """Tokens [start, end) are few (PARSE_FILL_WINDOW at most) and hold no punctuation."""
        return end - start <= PARSE_FILL_WINDOW and not any(view.is_punct[start:end])

    def _verb_final(self, view: TokenView, m, before: list[Mention], after: list[Mention], gap: list[Mention],
                    sources, targets):
        """German perfect, passive and modal clauses put the verb last: "Russland hat die Ukraine
        angegriffen", "Am Montag hat Indien zwei Diplomaten ausgewiesen", "Kiew wurde von Russland
        angegriffen". With an auxiliary (grammar class ``clause_aux``) earlier in the clause, the
        subject is next to the auxiliary and the object sits between it and the trigger."""
        start = m.start
        listed = {x.end for x in before} & {x.start - 1 for x in before}   # commas of "Polen, Litauen und Lettland"
        while start > 0 and (not view.is_punct[start - 1] or start - 1 in listed):
            start -= 1
        aux = self._clause_aux(view, m.start, start)
        if aux is None and start > 0 and view.lower[start - 1] == ",":
            # an insert set off by commas: "haben im September, zwei Monate nach der Wahl, drei US-Bürger festgenommen"
            outer_start = start - 1
            while outer_start > 0 and (not view.is_punct[outer_start - 1] or view.lower[outer_start - 1] == ","):
                outer_start -= 1
            aux = self._clause_aux(view, start - 1, outer_start)
            start = outer_start if aux is not None else start
        if aux is None:
            return self._inverted(view, m, start, before, after, sources, targets)
        inner = [x for x in before if x.start > aux]
        outer = [x for x in before if start <= x.start and x.end <= aux]
        passive = self.grammar.is_word("passive_aux", view.lower[aux])   # "wurde von Russland angegriffen"
        agents = [x for x in inner if self.grammar.ends_at(view, "by", x.start, aux) is not None] if passive else []
        rest = [x for x in inner if x not in agents]
        if outer:
            subject, objects = self._group(view, outer, len(outer) - 1, -1), rest
        elif rest:   # inversion: "Am Montag hat Indien ...": the subject follows the auxiliary
            subject = self._group(view, rest, 0, 1)
            objects = [x for x in rest if x not in subject]
        elif not agents:
            return sources, targets
        else:
            subject, objects = [], []
        if passive:
            return agents[:1], subject
        # the pattern's own slot, not a topic in it, beats the middle field ("… die Beziehungen zur Ukraine abgebrochen")
        slot = [x for x in gap if x.countries() and (self._aimed_at(view, x) is not None
                                                      or self._introduced(view, x, set(m.tokens)))]
        if slot:
            objects = slot
        # so does the complement of a trigger noun ("Sanktionen gegen den Iran verhängt"); in the middle field an
        # actor of another country beats one of the subject's own or of none ("nach einem Streit um Asylsuchende in
        # Caracas … zu Argentinien gedroht", "Bürgern aus Polen, Litauen und Lettland … gewährt")
        complement = [k for k, x in enumerate(after) if self._aimed_at(view, x) == m.end]
        if complement:
            return subject, self._group(view, after, complement[0], 1)
        own = {c for x in subject for c in x.countries()}
        objects = [x for x in objects if x.countries() - own] or objects
        return subject, (self._group(view, objects, 0, 1) if objects else targets)

    def _clause_aux(self, view: TokenView, end: int, start: int) -> int | None:
        """The last auxiliary (grammar class ``clause_aux``) in tokens [start, end)."""
        return next((k for k in range(end - 1, start - 1, -1) if self.grammar.is_word("clause_aux", view.lower[k])),
                    None)

    def _aimed_at(self, view: TokenView, x: Mention) -> int | None:
        """Start of the target preposition right before ``x`` (an article may come between), if any."""
        k = self._phrase_start(view, x)
        start = self.grammar.ends_at(view, "target", k)
        return None if start is None or self.grammar.ends_at(view, "locative", k) is not None else start

    def _inverted(self, view: TokenView, m, clause_start: int, before: list[Mention], after: list[Mention],
                  sources, targets):
        """Verb-second inversion: no actor opens the clause before the finite verb, so the first actor
        after it is the subject and the next one the object ("Am Dienstag griff Russland die Ukraine an"),
        unless a subject pronoun follows the verb."""
        if not self.grammar.verb_second or any(x.start >= clause_start for x in before):
            return sources, targets
        after = [x for x in after if not x.is_place]
        if not after:
            return sources, targets
        if m.start + 1 < len(view) and self.grammar.is_word("personal", view.lower[m.start + 1]):
            self._state.pronoun = m.start + 1
            return [], self._group(view, after, 0, 1)     # "drohte sie Chisinau": the pronoun is the subject
        subject = self._group(view, after, 0, 1)
        rest = [x for x in after if x not in subject]
        return subject, (self._group(view, rest, 0, 1) if rest else [])

    @staticmethod
    def _subject_elsewhere(doc, mention: Mention, head: int) -> bool:
        """Is this actor the subject of a verb other than the trigger's?"""
        for i in range(mention.start, mention.end):
            tok = doc[i]
            if tok.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and tok.head.i != head and tok.head.pos_ in VERB_POS:
                return True
        return False

    def _looks_passive(self, doc, m) -> bool:
        """"was attacked by", "a été attaqué par": a passive auxiliary right before a participle, or in
        the gap of a clause-final pattern ("Forderungen … wurden als unannehmbar zurückgewiesen")."""
        head = m.head
        word = doc[head].lower_
        reach = 4 if m.start < head else 2
        for k in range(max(0, head - reach), head):
            if self.grammar.has("passive_aux", doc[k]) and word.endswith(self.grammar.participle_endings):
                return True
        return False

    # -- modality ------------------------------------------------------------------------------------
    def _modality(self, doc, view: TokenView, sent, cand: Candidate, has_parse: bool) -> None:
        head = cand.head
        cues = self.lexicon.modality.find(view, sent.start, sent.end)
        near = {"negation": (head - 4, cand.match.end + 2), "hypothetical": (head - 5, head + 1),
                "intent": (head - 5, head), "obligation": (head - 4, head),
                "planned": (head - 5, cand.match.end + 6), "alleged": (sent.start, head + 1),
                "reported": (sent.start, sent.end)}
        found: dict[str, tuple[int, int]] = {}
        for cue in cues:
            lo, hi = near[cue.payload]
            if lo <= cue.start and cue.end <= hi and cue.payload not in found:
                if cue.start <= head < cue.end or set(range(cue.start, cue.end)) & set(cand.match.tokens):
                    continue   # the trigger's own words ("entrada sin visado") are not a cue about it
                found[cue.payload] = (cue.start, cue.end)
        if has_parse:
            tok = doc[head]
            for c in tok.children:
                if c.dep_ == "neg" or (c.dep_ == "advmod" and self.grammar.has("negators", c)):
                    found.setdefault("negation", (c.i, c.i + 1))
            verbs = [tok, *(c for c in tok.children if c.dep_.startswith(("aux", "cop")))]
            if tok.pos_ in ("NOUN", "PROPN") and tok.head.pos_ in VERB_POS:
                verbs.append(tok.head)
            conditional = next((v for v in verbs if "Cnd" in v.morph.get("Mood")), None)
            if conditional is not None:
                found.setdefault("hypothetical", (conditional.i, conditional.i + 1))
            if "Fut" in tok.morph.get("Tense") and tok.pos_ in VERB_POS:
                found.setdefault("intent", (head, head + 1))
        if not {"negation", "hypothetical"} & found.keys():
            if "obligation" in found and self._as_demand(doc, cand, found["obligation"], has_parse):
                return
            if "intent" in found and self._as_intent(doc, cand, found["intent"]):
                return
        for name, modality in (("negation", "negated"), ("hypothetical", "hypothetical"), ("planned", "planned"),
                               ("alleged", "alleged"), ("reported", "reported")):
            if name in found:
                cand.modality, cand.modality_cue = modality, found[name]
                return

    @staticmethod
    def _acted(doc, cand: Candidate) -> bool:
        """Is the trigger an action someone performs: a verb, or the object of one ("extend the curfew")?"""
        if cand.spec.kind == "verb":
            return True
        tok = doc[cand.head]
        return tok.dep_ in OBJECT_DEPS and tok.head.pos_ in VERB_POS

    def _as_demand(self, doc, cand: Candidate, cue: tuple[int, int], has_parse: bool) -> bool:
        """"X said Y must withdraw" is X demanding that Y withdraw (REQUEST), not a withdrawal."""
        if not self._acted(doc, cand) or cand.spec.coding.quad_class == 3:
            return False
        code = self.rules["demand_codes"].get(cand.spec.coding.type, self.rules["demand_codes"]["default"])
        speakers: list[Mention] = []
        if has_parse:
            for anc in list(doc[cand.head].ancestors)[:4]:
                if anc.pos_ in VERB_POS and self.grammar.has("speech_verbs", anc):
                    speakers, _ = self._subject_of(anc, self._state.token_mentions)
                    break
        cand.coding = load_ontology().coding(code, extra_context=cand.spec.coding.context)
        cand.sources, cand.targets = _places_out(speakers), [m for m in cand.sources if m not in speakers]
        cand.modality_cue = cue
        cand.notes.append(f"demand that the target {cand.spec.coding.type.lower()}")
        return True

    def _civil_obstruction(self, cand: Candidate) -> None:
        """Farmers blocking a border crossing or the landless occupying an estate protest (PROTEST 144);
        the same blockade or occupation by a state or an armed group is coercion (COERCE 191/192)."""
        rule = self.rules["civil_obstruction"]
        if cand.final_coding.cameo in rule["codes"] and cand.sources \
                and all(m.sector in rule["sectors"] for m in cand.sources):
            cand.coding = load_ontology().coding(rule["protest_code"], extra_context=cand.final_coding.context)
            cand.notes.append("obstruction by civilians: protest")

    def _intent_about(self, cand: Candidate, action: TriggerSpec | None) -> None:
        """"vowed to fight", "is ready to blockade": an intent to act against someone is a threat."""
        if not cand.spec.intent or action is None or cand.modality == "negated" or cand.coding is not None:
            return
        if action.kind != "verb":
            return   # "ready to lift the ban": a noun inside the complement may be what is being undone
        code = self.rules["threat_codes"].get(action.coding.type)
        if code is not None:
            cand.coding = load_ontology().coding(code, extra_context=action.coding.context)
            cand.notes.append(f"stated intent to {action.coding.type.lower()}")

    def _as_intent(self, doc, cand: Candidate, cue: tuple[int, int]) -> bool:
        """"X will send aid" is X's statement of intent (AGREE 033); "X would blockade" a threat (138)."""
        if not self._acted(doc, cand):
            return False
        ptype = cand.spec.coding.type
        code = self.rules["intent_codes"].get(ptype) or self.rules["threat_codes"].get(ptype)
        if code is None:
            return False
        cand.coding = load_ontology().coding(code, extra_context=cand.spec.coding.context)
        cand.modality_cue = cue
        cand.notes.append(f"stated intent to {ptype.lower()}")
        return True


BOUNDARY_DEPS = {"conj", "relcl", "acl:relcl", "parataxis", "nsubj", "nsubj:pass", "nsubjpass", "csubj",
                 "appos", "ROOT"}


SUBORDINATE_DEPS = {"advcl", "acl", "acl:relcl", "relcl", "csubj"}
CIRCUMSTANTIAL_DEPS = {"obl", "obl:mod", "nmod", "pobj", "npadvmod"}


class _OnDemand(dict):
    """A dict whose missing values are computed, once, when first read."""

    def __init__(self, compute):
        super().__init__()
        self.compute = compute

    def __missing__(self, key):
        value = self[key] = self.compute(key)
        return value


def _by_sentence(mentions: list[Mention], sents) -> list[list[Mention]]:
    """The mentions starting in each sentence, in their order: one pass, not one per sentence."""
    index: list[int] = []
    for k, sent in enumerate(sents):
        index += [k] * (sent.end - sent.start)
    out: list[list[Mention]] = [[] for _ in sents]
    for m in mentions:
        out[index[m.start]].append(m)
    return out


def _inserts(view: TokenView, sents) -> frozenset[int]:
    """Tokens of an insert set off by two commas within a sentence, commas included: an apposition or a
    parenthesis ("griff die Hafenstadt Ismajil, wenige Kilometer von der Grenze entfernt, mit Drohnen
    an") is passed over by a long pattern gap without counting toward its width."""
    out: set[int] = set()
    for sent in sents:
        commas = [k for k, word in enumerate(view.lower[sent.start:sent.end], sent.start) if word == ","]
        for a, b in zip(commas, commas[1:]):
            if b - a - 1 <= INSERT_MAX and not any(view.is_punct[a + 1:b]):
                out.update(range(a, b + 1))
    return frozenset(out)


def _is_background(tok) -> bool:
    """Triggers in subordinate clauses ("where 28 people were killed") or circumstantial phrases
    ("during the fight against …") mention events the sentence is not about."""
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in CIRCUMSTANTIAL_DEPS:
        return True
    for _ in range(8):
        if tok.dep_ in SUBORDINATE_DEPS and not _about_antecedent(tok):
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _about_antecedent(verb) -> bool:
    """"la Russie, qui souffre de sanctions": a relative clause whose subject is the relative
    pronoun tells what happens to the actor it hangs on, and is coded like a main clause."""
    return verb.dep_ in ("relcl", "acl:relcl") and any(
        c.dep_.startswith("nsubj") and c.pos_ == "PRON" and c.tag_ != "PRP" for c in verb.children)


def _inside_complement(doc, inner: int, outer: int) -> bool:
    """Is token ``inner`` in the complement of token ``outer`` (not in a coordinated or relative
    clause, nor in its subject)?"""
    tok = doc[inner]
    for _ in range(8):
        if tok.head.i == outer:
            return tok.dep_ not in BOUNDARY_DEPS
        if tok.dep_ in BOUNDARY_DEPS or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _prep_and_noun(c):
    """(preposition, its noun) for a prepositional dependent in either scheme: English "prep → pobj"
    (and "agent → pobj"), Universal Dependencies "obl/nmod → case"."""
    if c.dep_ in ("prep", "agent"):
        return c, next((g for g in c.children if g.dep_ == "pobj"), None)
    return next((g for g in c.children if g.dep_ == "case"), None), c


def _bare_argument(tok) -> bool:
    """"tuant au moins 15 civils": an argument with no preposition that the parser labels oblique is the
    verb's object."""
    return tok.dep_ == "obl:arg" and not any(c.dep_ == "case" for c in tok.children)


def _syntactic_head(doc, match: Match) -> int:
    """The token of the matched span whose parse head lies outside it ("patrouille" in "patrouille
    commune", "patrol" in "joint coast guard patrol" matched as "joint ... patrol"); matched words first."""
    span = set(range(match.start, match.end))
    for i in [*match.tokens, *sorted(span - set(match.tokens))]:
        if doc[i].head.i not in span or doc[i].head.i == i:
            return i
    return match.head


def _without_restatements(cands: list[Candidate], previous: list[Candidate], view: TokenView) -> list[Candidate]:
    """A noun after a verb of the same event type names the same event again, in its sentence ("se
    reunió con su homólogo en un encuentro dedicado a …") or the next one ("… zusammengetroffen. Im
    Mittelpunkt des Gesprächs …"), unless it brings a party the verb's event does not have. A noun
    right before such a verb, in its clause, is its subject ("los manifestantes marcharon"). Rule
    path only: a parse gives the noun its own roles and ties it to the verb ("lors de la réunion")."""
    verbs = [c for c in previous + cands if c.spec.kind == "verb"]

    def restates(noun: Candidate, verb: Candidate) -> bool:
        if verb.final_coding.type != noun.final_coding.type:
            return False
        if verb.sent_index == noun.sent_index and 0 <= verb.match.start - noun.match.end <= MAX_GAP \
                and not any(view.is_punct[noun.match.end:verb.match.start]):
            return True
        parties = {m.country for m in verb.sources + verb.targets}
        return (verb.sent_index < noun.sent_index or verb.match.start < noun.match.start) \
            and {m.country for m in noun.sources + noun.targets if m.country} <= parties

    return [c for c in cands if c.spec.kind != "noun" or not any(restates(c, v) for v in verbs)]


def _own_body(doc, m: Mention) -> bool:
    """"raised the readiness of its army units", "a placé ses forces en alerte": a countryless body
    that a possessive pronoun gives to the subject is what the subject acts with; the event's
    counterpart, if the clause names one, is its target."""
    if m.countries() or m.end > len(doc):
        return False
    heads = {doc[i] for i in range(m.start, m.end)}
    heads |= {t.head for t in heads if t.dep_ == "compound"}
    return any(c.dep_ in ("poss", "nmod:poss", "det") and (c.pos_ == "PRON" or "Yes" in c.morph.get("Poss"))
               for t in heads for c in t.children)


def _places_out(actors: list[Mention]) -> list[Mention]:
    """A location is never a source: "à Pékin" is where, not who."""
    return [a for a in actors if not a.is_place]


def home_country(cand: Candidate, places: list[tuple[int, str]]) -> None:
    """A side named only by countryless agents ("the rebels", "the police", "the government") belongs
    to the country where the sentence happens ("Turkey threatened Kurdish militias in northern Syria") or,
    without a place, to the other side's state: domestic news names the country once ("The Colombian
    government declared a ceasefire with the rebels").
    ``places`` are the sentence's (token, country); a party named as a place ("accused the UAE") is none
    of them, and a body of the other side's kind is not its own ("the government accused the UAE").
    A domestic concession then gets its target (``_domestic_target``)."""
    kb = load_kb()
    parties = {i for m in cand.sources + cand.targets for i in range(m.start, m.end)}
    place_countries = {c for i, c in places if i not in parties}

    def resolved(side: list[Mention], other: list[Mention]) -> list[Mention]:
        if not side or any(m.countries() or not _agent_like(m) for m in side):
            return side
        if any(m.sector and m.sector in {"GOV" if o.kind == "country" else o.sector for o in other} for m in side):
            return side
        homes = place_countries if len(place_countries) == 1 else \
            place_countries | {c for m in other if m.sector != "MIL"   # troops often fight abroad
                               for c in m.countries() if f"country/{c}" in kb.entities}
        if len(homes) != 1:
            return side
        home = next(iter(homes))
        return [replace(m, country=home, code=actor_code(home, m.sector), resolved_by=f"{m.resolved_by}+home")
                for m in side]

    sources, targets = cand.sources, cand.targets
    cand.sources, cand.targets = resolved(sources, targets), resolved(targets, sources)
    _domestic_target(cand)


def _agent_like(m: Mention) -> bool:
    """An agent, a group, or a person known only by a role ("le groupe rebelle Comuneros del Sur", a
    commander the knowledge base does not know)."""
    return m.kind in ("agent", "group", "organisation") or (m.kind == "person" and m.kb_id is None and bool(m.sector))


def _domestic_target(cand: Candidate) -> None:
    """"lifted the ban on the party", "dismissed his cabinet": a concession a government makes to its
    own country has that country as its target when the sentence names no other."""
    sector = coding_rules()["domestic_concessions"].get(cand.final_coding.cameo)
    countries = {c for m in cand.sources for c in m.countries()}
    if sector is None or cand.targets or len(countries) != 1:
        return
    src = cand.sources[0]
    cand.targets = [state_mention(next(iter(countries)), src.start, src.end, src.start_char, src.end_char, src.text,
                                  "domestic concession: own country", sector=sector)]
