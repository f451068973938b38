"""Knowledge-base traps in four languages: names that denote a country only in some contexts,
and the same person coded by the role held on the story's date."""
import pytest

from dyadwatch.coder import Coder


def countries(text, lang, date="2024-03-05"):
    return [a.country for a in Coder(lang=lang, date=date).analyze(text).actors if a.country]


def person(lang, text, kb_id, date):
    """The actor for ``kb_id`` in ``text`` coded for a story of ``date``."""
    return next(a for a in Coder(lang=lang, date=date).analyze(text).actors if a.kb_id == kb_id)


@pytest.mark.parametrize("lang,text", [
    ("en", "Washington state officials announced new wildfire rules."),
    ("en", "The state of Washington sued the company."),
    ("en", "Voters chose a new governor in the state of Georgia."),
    ("en", "Voters in Atlanta, Georgia, waited for hours."),
    ("en", "Michael Jordan opened a new restaurant."),
    ("en", "Families roasted a turkey for the holiday."),
    ("en", "Chad Johnson scored twice on Sunday."),
    ("en", "Fishing boats crowded the South China Sea."),
    ("fr", "Les autorités de l'État de Washington ont publié de nouvelles règles."),
    ("fr", "Des électeurs de l'État de Géorgie ont attendu des heures à Atlanta."),
    ("fr", "Michael Jordan a ouvert un restaurant."),
    ("fr", "Des bateaux de pêche sillonnaient la mer de Chine méridionale."),
    ("de", "Die Behörden im Bundesstaat Washington erließen neue Regeln."),
    ("de", "Wähler im US-Bundesstaat Georgia warteten stundenlang."),
    ("de", "Michael Jordan eröffnete ein Restaurant."),
    ("de", "Zum Fest gab es einen Truthahn."),
    ("de", "Im Süden des Landes kam es zu Unruhen."),          # "Süden" is not a misspelt Sudan
    ("es", "Marta y Lidia llegaron tarde."),                  # nor "Marta" Malta, "Lidia" Libya
    ("es", "Las autoridades del estado de Washington publicaron nuevas normas."),
    ("es", "Los votantes del estado de Georgia esperaron durante horas."),
    ("es", "Michael Jordan abrió un restaurante."),
    ("es", "Chad Johnson marcó dos goles el domingo."),
    ("es", "Los barcos pesqueros llenaban el mar de China Meridional."),
])
def test_name_that_is_not_the_country_here(lang, text):
    assert countries(text, lang) == []


@pytest.mark.parametrize("lang,text,expected", [
    ("en", "Jordan condemned the raid, and Chad closed its border.", ["JOR", "TCD"]),
    ("en", "Georgia recalled its ambassador from Moscow.", ["GEO", "RUS"]),
    ("en", "Turkey summoned the Swedish envoy.", ["TUR", "SWE"]),
    ("fr", "La Jordanie a condamné le raid et le Tchad a fermé sa frontière.", ["JOR", "TCD"]),
    ("fr", "La Géorgie a rappelé son ambassadeur à Moscou.", ["GEO"]),
    ("de", "Jordanien verurteilte den Angriff, und der Tschad schloss seine Grenze.", ["JOR", "TCD"]),
    ("de", "Die Türkei bestellte den schwedischen Botschafter ein.", ["TUR", "SWE"]),
    ("es", "Jordania condenó el ataque y Chad cerró su frontera.", ["JOR", "TCD"]),
    ("es", "Georgia llamó a consultas a su embajador en Moscú.", ["GEO"]),
    ("es", "Turquía convocó al embajador sueco.", ["TUR", "SWE"]),
])
def test_name_that_is_the_country(lang, text, expected):
    assert countries(text, lang) == expected


def test_german_genitive_after_a_title_names_its_country():
    found = [(a.code, a.role) for a in Coder(lang="de", date="2024-03-05").analyze(
        "Der Außenminister Irans traf die Regierung Frankreichs.").actors]
    assert found[:2] == [("IRNGOV", "foreign minister"), ("FRAGOV", "government")]


@pytest.mark.parametrize("lang,text", [
    ("en", "Defence Minister Andrei Belousov arrived in Minsk."),
    ("fr", "Le ministre de la Défense Andreï Belooussov est arrivé à Minsk."),
    ("de", "Verteidigungsminister Andrej Beloussow traf in Minsk ein."),
    ("es", "El ministro de Defensa Andréi Belousov llegó a Minsk."),
])
def test_same_person_coded_by_the_role_held_on_the_story_date(lang, text):
    before, after = (person(lang, text, "person/andrey-belousov", d) for d in ("2023-06-01", "2024-10-15"))
    assert (before.role, before.code) == ("first deputy prime minister", "RUSGOV")
    assert (after.role, after.code) == ("defence minister", "RUSGOV")


@pytest.mark.parametrize("lang,text", [
    ("en", "Angela Merkel met students in Leipzig."),
    ("fr", "Angela Merkel a rencontré des étudiants à Leipzig."),
    ("de", "Angela Merkel traf Studenten in Leipzig."),
    ("es", "Angela Merkel se reunió con estudiantes en Leipzig."),
])
def test_a_leader_out_of_office_is_an_elite_not_the_government(lang, text):
    assert person(lang, text, "person/angela-merkel", "2019-05-01").code == "DEUGOV"
    assert person(lang, text, "person/angela-merkel", "2024-05-01").code == "DEUELI"


def test_a_language_without_tables_gets_cldr_country_names():
    a = Coder(lang="it", date="2024-03-05").analyze("La Russia ha attaccato l'Ucraina e la Francia ha protestato.")
    assert [x.country for x in a.actors] == ["RUS", "UKR", "FRA"]
