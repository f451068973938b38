"""References across sentences: "the country", a subject pronoun (or a dropped subject), "the request".
Sentences written for these tests."""
import pytest

from dyadwatch.pipeline.references import load_references
from dyadwatch.resources import DataFileError
from .test_events import dyads, events


def coded(text, lang, ptype):
    """(source countries, target countries, coder notes) of the events of ``ptype``."""
    return [(tuple(sorted(a.country for a in e.source)), tuple(sorted(a.country for a in e.target)), e.coder)
            for e in events(text, lang) if e.type == ptype]


# -- "the country" ------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang,text", [
    ("en", "The Japanese prime minister flew to Manila on Monday. Japan pledged the country $100 million in aid."),
    ("fr", "Le Premier ministre japonais s'est rendu lundi à Manille. Le Japon a promis au pays une aide de 100 millions de dollars."),
    ("de", "Der japanische Regierungschef ist am Montag in Manila eingetroffen. Japan sagte dem Land weitere Hilfe zu."),
    ("es", "El primer ministro japonés llegó el lunes a Manila. Japón prometió al país una ayuda de 100 millones de dólares."),
])
def test_the_country_is_the_foreign_country_named_before(lang, text):
    [(src, tgt, note)] = coded(text, lang, "AGREE")
    assert (src, tgt) == (("JPN",), ("PHL",)) and "is PHL, named as Manil" in note


@pytest.mark.parametrize("lang,text", [
    ("en", "Japan pledged the country $100 million in aid."),
    ("de", "Japan sagte dem Land weitere Hilfe zu."),
    # two foreign countries in the sentence named last: which one is meant is unclear
    ("en", "Chinese and Vietnamese vessels collided near the Paracel Islands. Japan pledged the country $100 million in aid."),
    ("es", "Barcos chinos y vietnamitas chocaron el lunes. Japón prometió al país una ayuda de 100 millones de dólares."),
])
def test_the_country_without_one_clear_antecedent_stays_open(lang, text):
    assert all(tgt == () for _, tgt, _ in coded(text, lang, "AGREE"))


def test_the_country_as_a_place_is_not_a_target():
    text = "The Japanese prime minister flew to Manila on Monday. Protesters rallied in the country on Tuesday."
    assert all("the country" not in e.coder for e in events(text, "en"))


# -- a subject pronoun, or a dropped subject -------------------------------------------------------------
@pytest.mark.parametrize("lang,text", [
    ("en", "The Russian foreign minister dismissed the claims on Tuesday. He also threatened Moldova with countermeasures."),
    ("fr", "Le ministre russe des Affaires étrangères a qualifié ces accusations d'absurdes mardi. "
           "Il a également menacé la Moldavie de représailles."),
    ("de", "Der russische Außenminister nannte die Vorwürfe am Dienstag absurd. Zugleich drohte er Georgien mit Konsequenzen."),
    ("de", "Der russische Außenminister nannte die Vorwürfe am Dienstag absurd. Er drohte Georgien mit Konsequenzen."),
    ("es", "El canciller ruso calificó las acusaciones de absurdas. Él amenazó a Georgia con represalias."),
    ("es", "El canciller ruso calificó las acusaciones de absurdas. Además, amenazó a Georgia con represalias."),
])
def test_subject_pronoun_takes_the_previous_sentence_subject(lang, text):
    [(src, tgt, note)] = coded(text, lang, "THREATEN")
    assert src == ("RUS",) and tgt in (("MDA",), ("GEO",)) and "previous sentence's subject" in note


@pytest.mark.parametrize("lang,text", [
    ("en", "The Russian foreign minister dismissed the claims on Tuesday.\n\nHe also threatened Moldova with countermeasures."),
    ("fr", "Le ministre russe des Affaires étrangères a qualifié ces accusations d'absurdes mardi.\n\n"
           "Il a également menacé la Moldavie de représailles."),
    ("de", "Der russische Außenminister nannte die Vorwürfe am Dienstag absurd.\n\nZugleich drohte er Georgien mit Konsequenzen."),
    ("es", "El canciller ruso calificó las acusaciones de absurdas.\n\nAdemás, amenazó a Georgia con represalias."),
])
def test_pronoun_in_a_new_paragraph_stays_unresolved(lang, text):
    assert all(src == () for src, _, _ in coded(text, lang, "THREATEN"))


@pytest.mark.parametrize("lang,text", [
    # "they" is not one person
    ("en", "The Russian foreign minister met his Chinese counterpart on Tuesday. They agreed to expand trade."),
    # "él" is not two countries
    ("es", "Polonia y Lituania pidieron el lunes a Bielorrusia que reabra los pasos fronterizos. Él amenazó a Minsk con sanciones."),
])
def test_pronoun_of_the_wrong_number_stays_unresolved(lang, text):
    assert all("previous sentence" not in e.coder for e in events(text, lang))


@pytest.mark.parametrize("lang,text", [
    ("en", "Poland and Lithuania asked Belarus on Monday to reopen the border crossings. They threatened Minsk with sanctions."),
    ("es", "Polonia y Lituania pidieron el lunes a Bielorrusia que reabra los pasos fronterizos. Ellos amenazaron a Minsk con sanciones."),
])
def test_plural_pronoun_takes_coordinated_subjects(lang, text):
    [(src, tgt, _)] = coded(text, lang, "THREATEN")
    assert (src, tgt) == (("LTU", "POL"), ("BLR",))


def test_pronoun_in_a_reported_clause_keeps_its_speaker():
    text = "Ukraine's president visited Warsaw on Monday. Russia said it had attacked Odesa."
    assert coded(text, "en", "ASSAULT")[0][0] == ("RUS",)


# -- "the request" ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang,text", [
    ("en", "Poland and Lithuania asked Belarus on Monday to reopen the border crossings. Minsk rejected the request on Tuesday."),
    ("fr", "La Pologne et la Lituanie ont demandé lundi à la Biélorussie de rouvrir les postes-frontières. "
           "Minsk a rejeté la demande mardi."),
    ("de", "Polen und Litauen forderten Belarus am Montag auf, die Grenzübergänge wieder zu öffnen. "
           "Minsk wies die Forderung am Dienstag zurück."),
    ("es", "Polonia y Lituania pidieron el lunes a Bielorrusia que reabra los pasos fronterizos. Minsk rechazó el martes la petición."),
])
def test_rejected_request_targets_whoever_made_it(lang, text):
    [(src, tgt, note)] = coded(text, lang, "REJECT")
    assert (src, tgt) == (("BLR",), ("LTU", "POL")) and "refers to the earlier REQUEST by" in note


@pytest.mark.parametrize("lang,text", [
    # the request went to someone else
    ("en", "Poland asked Germany on Monday to reopen the border crossings. Minsk rejected the request on Tuesday."),
    ("es", "Polonia pidió el lunes a Alemania que reabra los pasos fronterizos. Minsk rechazó el martes la petición."),
    # no request before it
    ("de", "Minsk wies die Forderung am Dienstag zurück."),
])
def test_rejected_request_without_a_matching_request_stays_open(lang, text):
    assert all(tgt == () for _, tgt, _ in coded(text, lang, "REJECT"))


@pytest.mark.parametrize("lang,text", [
    ("en", "Turkey offered Armenia talks on reopening the border on Monday. Yerevan accepted the offer on Tuesday."),
    ("fr", "La Turquie a proposé lundi des pourparlers à l'Arménie. Erevan a accepté la proposition mardi."),
    ("es", "Turquía ofreció el lunes a Armenia negociaciones sobre la frontera. Ereván aceptó la oferta el martes."),
])
def test_accepted_offer_targets_whoever_made_it(lang, text):
    assert [(("ARM",), ("TUR",))] == [(src, tgt) for src, tgt, note in coded(text, lang, "AGREE") if "earlier" in note]


# -- a joint subject and a coordinated second verb ------------------------------------------------------------
def test_partner_of_a_coordinated_second_verb_is_not_a_party():
    text = "Chile y Perú acordaron ampliar el comercio y abrir un diálogo con Bolivia."
    assert {d[:3] for d in dyads(events(text, "es"))} == {("AGREE", ("PER",), ("CHL",)), ("AGREE", ("CHL",), ("PER",))}


def test_partner_of_the_agreement_itself_stays():
    assert coded("Chile y Perú acordaron con Bolivia ampliar el comercio.", "es", "AGREE")[0][:2] == (("CHL", "PER"), ("BOL",))


# -- the word lists ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "fr", "de", "es"])
def test_reference_words_load(lang):
    words = load_references(lang)
    assert words.singular and words.plural and words.event_nouns.size and words.country_nouns.size


@pytest.mark.parametrize("spec,problem", [
    ({"event_nouns": {"HANDSHAKE": ["the handshake"]}}, "unknown PLOVER type 'HANDSHAKE'"),
    ({"country_nouns": "the country"}, "'country_nouns' must be a list"),
    ({"subject_pronouns": ["he"]}, "'subject_pronouns' must map 'singular' and 'plural'"),
    ({"drops_subject": "yes"}, "'drops_subject' must be true or false"),
])
def test_malformed_reference_words_are_named(monkeypatch, spec, problem):
    from dyadwatch.pipeline import references

    monkeypatch.setattr(references, "load_yaml", lambda path, required=False: spec)
    references.load_references.cache_clear()
    try:
        with pytest.raises(DataFileError, match="references.yaml") as exc:
            references.load_references("xx")
        assert problem in str(exc.value)
    finally:
        references.load_references.cache_clear()
