"""find_quotes: quotation marks, broken machine translations and speaker attribution."""
from __future__ import annotations

import os
import time

import pytest

from dyadwatch.pipeline.quotes import QuoteMention, find_quotes
from dyadwatch.resources import DataFileError


def only(text: str, lang: str) -> QuoteMention:
    quotes = find_quotes(text, lang)
    assert len(quotes) == 1, quotes
    return quotes[0]


def triple(q: QuoteMention) -> tuple[str, str | None, str | None]:
    return q.text, q.speaker_text, q.cue


# --------------------------------------------------------------------------- quote marks


@pytest.mark.parametrize(
    "text",
    [
        "« Nous voulons la paix », a dit le ministre.",
        "«Nous voulons la paix», a dit le ministre.",
        "“Nous voulons la paix”, a dit le ministre.",
        '"Nous voulons la paix", a dit le ministre.',
        "„Nous voulons la paix“, a dit le ministre.",
        "‹ Nous voulons la paix ›, a dit le ministre.",
    ],
)
def test_all_quote_marks(text: str) -> None:
    q = only(text, "fr")
    assert triple(q) == ("Nous voulons la paix", "le ministre", "a dit")
    assert text[q.start:q.end] == q.text and text[q.speaker_start:q.speaker_end] == q.speaker_text


def test_single_quotes_and_apostrophes_are_ignored() -> None:
    assert find_quotes("L'armée n'a pas 'confirmé' l'attaque.", "fr") == []


def test_nested_quotes_stay_inside_the_outer_one() -> None:
    q = only("« Il m'a dit “jamais” hier », a déclaré la diplomate.", "fr")
    assert triple(q) == ("Il m'a dit “jamais” hier", "la diplomate", "a déclaré")


def test_quotes_do_not_cross_lines() -> None:
    assert find_quotes('Le porte-parole a parlé de "crise\nLe lendemain" tout a changé.', "fr") == []


# --------------------------------------------------------------------------- speaker after the quote


def test_speaker_after_a_declare_excludes_the_addressee() -> None:
    text = (
        "« Nos deux armées doivent travailler main dans la main », a déclaré le chef d'état-major italien "
        "Marco Rossi à son homologue grec Nikos Papas, selon l'agence Ansa."
    )
    q = only(text, "fr")
    assert triple(q) == (
        "Nos deux armées doivent travailler main dans la main",
        "le chef d'état-major italien Marco Rossi",
        "a déclaré",
    )


def test_speaker_stops_before_comme() -> None:
    q = only("« Le dialogue continue », a souligné la ministre Anna Berg, comme l'a rapporté la radio.", "fr")
    assert q.speaker_text == "la ministre Anna Berg"


def test_speaker_before_verb_after_the_quote() -> None:
    assert triple(only("« Rien n'est exclu », le porte-parole a ajouté.", "fr")) == ("Rien n'est exclu", "le porte-parole", "a ajouté")


def test_inverted_pronoun_is_the_speaker() -> None:
    text = "« La situation est grave », a-t-elle averti. « Nous agirons », poursuit-il."
    assert [triple(q) for q in find_quotes(text, "fr")] == [
        ("La situation est grave", "elle", "a-t-elle averti"),
        ("Nous agirons", "il", "poursuit-il"),
    ]


def test_skipped_words_between_verb_and_speaker() -> None:
    assert only("« Le calme revient », a affirmé mardi le préfet Paul Roux.", "fr").speaker_text == "le préfet Paul Roux"


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ('"We will not retreat," said Defence Minister Sara Lind to reporters.', "Defence Minister Sara Lind", "said"),
        ('"We will not retreat," the minister told parliament.', "the minister", "told"),
        ('"We will not retreat," she added.', "she", "added"),
        ('"We will not retreat," said U.S. Ambassador John K. Doe.', "U.S. Ambassador John K. Doe", "said"),
        ('"We will not retreat," said Mr. Doe, a senior aide.', "Mr. Doe", "said"),
        ('"We will not retreat!" the colonel shouted.', "the colonel", "shouted"),
    ],
)
def test_english_speaker_after_the_quote(text: str, speaker: str, cue: str) -> None:
    q = only(text, "en")
    assert (q.text.rstrip("!"), q.speaker_text, q.cue) == ("We will not retreat", speaker, cue)


# --------------------------------------------------------------------------- speaker before the quote


def test_speaker_before_colon() -> None:
    assert triple(only("Le chef de la diplomatie a déclaré : « Nous resterons fermes. »", "fr")) == (
        "Nous resterons fermes.",
        "Le chef de la diplomatie",
        "a déclaré",
    )
    assert triple(only('The foreign minister said: "We will stay firm."', "en")) == (
        "We will stay firm.",
        "The foreign minister",
        "said",
    )


def test_subject_cut_at_the_previous_clause() -> None:
    assert only("Jeudi, la commissaire a dit : « Le texte est prêt. »", "fr").speaker_text == "la commissaire"


def test_subject_before_a_relative_clause() -> None:
    text = "Le négociateur, qui venait d'arriver à Oslo, a déclaré : « Un accord est proche. »"
    assert only(text, "fr").speaker_text == "Le négociateur"


def test_reported_speech_without_marks_is_not_a_quote() -> None:
    assert find_quotes("Le ministre a déclaré que les troupes resteraient sur place.", "fr") == []


# --------------------------------------------------------------------------- according to / selon


def test_according_to_after_the_quote() -> None:
    q = only('Officials were "deeply worried", according to a senior diplomat.', "en")
    assert triple(q) == ("deeply worried", "a senior diplomat", "according to")


def test_according_to_before_the_quote() -> None:
    q = only('According to the coast guard, the vessel was "drifting without power".', "en")
    assert triple(q) == ("drifting without power", "the coast guard", "According to")


def test_selon_in_the_same_sentence() -> None:
    q = only("Selon les médias publics, la rencontre s'est déroulée dans un « climat cordial ».", "fr")
    assert triple(q) == ("climat cordial", "les médias publics", "Selon")
    assert only("« Tout est prêt », selon M. Lebrun.", "fr").speaker_text == "M. Lebrun"
    assert only("« Tout est prêt », d'après l'état-major.", "fr").cue == "d'après"


# --------------------------------------------------------------------------- scare quotes


def test_scare_quote_takes_the_subject_of_the_speech_verb() -> None:
    q = only("Le gouvernement a qualifié la manœuvre de « provocation inutile » mardi.", "fr")
    assert triple(q) == ("provocation inutile", "Le gouvernement", "a qualifié")


def test_scare_quote_attributed_later_in_the_sentence() -> None:
    q = only("Il faut un « partenariat renforcé » avec Rome, a ajouté le chancelier.", "fr")
    assert triple(q) == ("partenariat renforcé", "le chancelier", "a ajouté")


def test_scare_quote_without_speech_verb_has_no_speaker() -> None:
    q = only("Le pays défend ses «échanges habituels» avec ses voisins.", "fr")
    assert triple(q) == ("échanges habituels", None, None)


def test_english_scare_quote() -> None:
    assert triple(only('The ministry described the flights as "routine".', "en")) == ("routine", "The ministry", "described")


# --------------------------------------------------------------------------- broken translations


def test_unclosed_quote_closed_before_a_ajoute() -> None:
    text = 'Le but est de "bâtir et élargir la coopération régionale, a ajouté Duval. La séance a été levée.'
    q = only(text, "fr")
    assert triple(q) == ("bâtir et élargir la coopération régionale", "Duval", "a ajouté")
    assert text[q.start:q.end] == q.text


def test_unclosed_quote_after_a_closed_one_in_the_same_paragraph() -> None:
    text = (
        '"Nous partageons les mêmes priorités", a dit la ministre Clara Moreau à son invité. '
        'Le but est de "bâtir une défense commune, a ajouté Moreau. Plus tard, un "accord cadre" a été évoqué.'
    )
    assert [triple(q) for q in find_quotes(text, "fr")] == [
        ("Nous partageons les mêmes priorités", "la ministre Clara Moreau", "a dit"),
        ("bâtir une défense commune", "Moreau", "a ajouté"),
        ("accord cadre", None, None),
    ]


def test_unclosed_english_quote() -> None:
    q = only('The aim is to "deepen our ties, said Ambassador Lee.', "en")
    assert triple(q) == ("deepen our ties", "Ambassador Lee", "said")


def test_unclosed_quote_without_inversion_is_dropped() -> None:
    assert find_quotes('Le but est de "bâtir une défense commune pour la région.', "fr") == []


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize("text", ["", '"', "«", "»«", '""', "« »", '" , a dit', "\x00\xff\ufffe", '"a ' * 2000])
def test_junk_gives_no_crash(text: str) -> None:
    assert isinstance(find_quotes(text, "fr"), list)


def test_random_bytes_and_unknown_language() -> None:
    assert isinstance(find_quotes(os.urandom(50000).decode("latin-1"), "en"), list)
    assert find_quotes('"Ciao", disse lui.', "it") == []     # no speech.yaml for Italian: nothing guessed


def test_german_quote_with_low_high_marks() -> None:
    found = find_quotes("„Wir bleiben an der Seite der Ukraine“, sagte die Außenministerin in Kiew.", "de")
    assert [q.speaker_text for q in found] == ["die Außenministerin"]


def test_large_single_line_stays_linear() -> None:
    text = "« Nous tiendrons », a affirmé le général. " * 50000  # 2 MB, no line break
    start = time.perf_counter()
    assert len(find_quotes(text, "fr")) == 50000
    assert find_quotes('"x ' * 200000, "fr") == []  # openers that never close
    assert time.perf_counter() - start < 10


def test_missing_key_names_file_and_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    from dyadwatch.pipeline import quotes

    monkeypatch.setattr(quotes, "load_yaml", lambda path, required=True: {"language": "fr", "verbs": ["a dit"]})
    quotes._speech.cache_clear()
    try:
        with pytest.raises(DataFileError, match=r"speech\.yaml.*missing required key 'cues'"):
            quotes._speech("fr")
    finally:
        quotes._speech.cache_clear()


def test_non_string_verbs_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    from dyadwatch.pipeline import quotes

    monkeypatch.setattr(quotes, "load_yaml", lambda path, required=True: {"language": "fr", "verbs": ["a dit", 3]})
    quotes._speech.cache_clear()
    try:
        with pytest.raises(DataFileError, match="'verbs' must be a list of non-empty strings"):
            quotes._speech("fr")
    finally:
        quotes._speech.cache_clear()


def test_shipped_lexicons_load() -> None:
    for lang in ("en", "fr"):
        assert find_quotes("x", lang) == []
