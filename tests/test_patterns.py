import pytest

from dyadwatch.patterns import PatternSet, PatternSyntaxError, TokenView, longest_first, norm
from dyadwatch.pipeline.nlp import get_pipeline, tokenizer_for


def view(lang, text):
    doc = get_pipeline(lang).nlp(text)
    return doc, TokenView.from_doc(doc)


def test_norm_strips_accents_case_and_apostrophes():
    assert norm("Défense") == "defense"
    assert norm("L’Élysée") == "l'elysee"


def test_lemma_and_surface_alternatives_and_optional():
    ps = PatternSet(tokenizer_for("en"))
    ps.add("meet|met (with)", "MEET")
    doc, v = view("en", "The envoy met with rebel leaders.")
    [m] = longest_first(ps.find(v))
    assert doc[m.start:m.end].text == "met with" and m.payload == "MEET"


def test_gap_and_head_marker():
    ps = PatternSet(tokenizer_for("fr"))
    ps.add("exercice ... ^conjoint", "JOINT")
    doc, v = view("fr", "Les deux marines ont mené des exercices navals conjoints en mer.")
    [m] = ps.find(v)
    assert doc[m.head].text == "conjoints"


def test_gap_does_not_cross_punctuation():
    ps = PatternSet(tokenizer_for("en"))
    ps.add("impose ... sanction", "S")
    _, v = view("en", "They impose limits, and sanctions followed.")
    assert ps.find(v) == []


def test_multi_token_item_is_tokenised_like_the_text():
    ps = PatternSet(tokenizer_for("fr"))
    ps.add("chef d'état-major", "CHEF")
    doc, v = view("fr", "Le chef d'état-major a démissionné.")
    [m] = ps.find(v)
    assert doc[m.start:m.end].text == "chef d'état-major"


def test_skippable_token_inside_agent_phrase():
    ps = PatternSet(tokenizer_for("fr"))
    ps.add("ministre de la défense", "MINDEF")
    doc, v = view("fr", "Le ministre turc de la Défense est arrivé.")
    adjective = next(t.i for t in doc if t.text == "turc")
    [m] = ps.find(v, skippable=lambda j: j == adjective)
    assert m.skipped == (adjective,)


def test_sized_gap_reaches_a_separable_particle_across_an_apposition():
    ps = PatternSet(tokenizer_for("de"))
    ps.add("griff ...8 an .|,", "ANGRIFF")
    _, v = view("de", "Am Montag griff Polen, das Nachbarland, die Stellungen an.")
    [m] = ps.find(v)
    assert m.payload == "ANGRIFF"
    _, v = view("de", "Am Montag griff Polen, das Nachbarland, die Stellungen der Rebellen bei Nacht mit Panzern an.")
    assert ps.find(v) == []        # eleven tokens: beyond the gap
    _, v = view("de", "Polen griff ein. Dann sprach man an.")
    assert ps.find(v) == []        # never across a full stop


@pytest.mark.parametrize("bad", ["...", "... war", "war ...", "( )", "attack ...0 town", "attack ...13 town", "...4 war"])
def test_bad_patterns_are_rejected(bad):
    with pytest.raises(PatternSyntaxError):
        PatternSet(tokenizer_for("en")).add(bad, None)


def test_date_tokens_do_not_count_in_a_gap():
    ps = PatternSet(tokenizer_for("es"))
    ps.add("expulsar ... diplomático", "EXPULSION")
    _, v = view("es", "Lituania expulsó el lunes 14 de octubre a tres diplomáticos.")
    assert ps.find(v) == []
    v.free = frozenset(range(2, 7))      # "el lunes 14 de octubre", as the date stage finds it
    [m] = ps.find(v)
    assert m.payload == "EXPULSION"


@pytest.mark.parametrize("lang,text", [
    ("fr", "Le chef d'état-major a salué «l'accord» lundi — une trêve de quatre-vingt-dix jours.\n\nPÉKIN  suit."),
    ("de", "Die Außenministerin traf am Dienstag den US-Präsidenten.  Danach: Gespräche."),
])
def test_token_view_reads_the_same_as_the_tokens(lang, text):
    """The view is exported from arrays; it must say what the Token objects say."""
    doc, v = view(lang, text)
    assert v.text == doc.text
    assert v.lower == [norm(t.text) for t in doc]
    assert v.lemma == [norm(t.lemma_) if t.lemma_ else norm(t.text) for t in doc]
    assert v.idx == [t.idx for t in doc] and v.end == [t.idx + len(t.text) for t in doc]
    joiners = {t.i for t in doc if t.text == "-" and 0 < t.i < len(doc) - 1 and not doc[t.i - 1].whitespace_ and not t.whitespace_}
    assert v.free == joiners and (joiners or lang == "de")   # German keeps "US-Präsidenten" one token
    assert v.is_punct == [(t.is_punct and t.i not in joiners) or t.is_space for t in doc]


@pytest.mark.parametrize("lang", ["en", "fr", "de", "es"])
def test_blank_lemmas_are_spacys_lookup_lemmas(lang):
    """The cached lemma component gives what spaCy's lookup lemmatizer gives, with words in
    capitals looked up in lower case."""
    import spacy

    reference = spacy.blank(lang)
    reference.add_pipe("lemmatizer", config={"mode": "lookup"})
    reference.initialize()
    table = reference.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    nlp = get_pipeline(lang, "blank").nlp
    text = {"en": "Ministers MET the protesters; talks were held.", "fr": "LES AGRICULTEURS BLOQUENT les routes et ont manifesté.",
            "de": "Die Minister TRAFEN sich und verhandelten über Waffen.", "es": "CORTAN LA CARRETERA los manifestantes detenidos."}[lang]
    for _ in range(2):   # the second pass reads the cache
        for tok in nlp(text):
            key = tok.text.lower() if len(tok.text) > 1 and tok.text.isupper() else tok.text
            expected = table.get(key, key)
            assert tok.lemma_ == (expected if isinstance(expected, str) else expected[0])


def test_grammar_starts_at_reads_phrases_of_several_words():
    """"así como", "cerca de": a word-class phrase starting at a token is found to its last word."""
    from dyadwatch.pipeline.grammar import load_grammar

    doc, v = view("es", "Brasil así como Colombia enviaron ayuda cerca de Cúcuta.")
    g = load_grammar("es")
    assert g.starts_at(v, "coordination", 1) == 3
    assert g.starts_at(v, "locative", 6) == 8
    assert g.starts_at(v, "coordination", 1, 2) is None   # the phrase does not fit before token 2


def test_form_cache_derives_each_form_once_and_stays_bounded():
    from dyadwatch.patterns import FormCache

    calls = []
    cache = FormCache(limit=3)
    derive = lambda h: calls.append(h) or h * 10
    assert cache.map([1, 2, 1, 2], derive) == [10, 20, 10, 20]
    assert cache.map([2, 3], derive) == [20, 30]
    assert sorted(calls) == [1, 2, 3]          # each form worked out once, across calls
    cache.map([4, 5], derive)                  # five forms: over the limit
    assert cache.map([1], derive) == [10] and calls.count(1) == 2   # emptied, then derived again
