"""find_timex: absolute and relative dates in English and French, against a Tuesday anchor."""
from __future__ import annotations

import datetime
import os

import pytest

from dyadwatch.pipeline.timex import TimexMention, find_timex
from dyadwatch.resources import DataFileError

TUESDAY = datetime.date(2024, 10, 15)


def only(text: str, lang: str, anchor: datetime.date | None = TUESDAY) -> TimexMention:
    mentions = find_timex(text, lang, anchor)
    assert len(mentions) == 1, mentions
    return mentions[0]


def values(text: str, lang: str, anchor: datetime.date | None = TUESDAY) -> list[tuple[str, str | None, str | None]]:
    return [(m.text, m.value, m.precision) for m in find_timex(text, lang, anchor)]


# --------------------------------------------------------------------------- absolute dates


@pytest.mark.parametrize(
    ("text", "lang", "phrase", "value"),
    [
        ("Le traité a été signé le 3 mars 2021 à Genève.", "fr", "3 mars 2021", "2021-03-03"),
        ("Les élections auront lieu le 1er décembre 2025.", "fr", "1er décembre 2025", "2025-12-01"),
        ("La réunion du 07/09/2023 a été annulée.", "fr", "07/09/2023", "2023-09-07"),
        ("The accord was signed on March 3, 2021, in Geneva.", "en", "March 3, 2021", "2021-03-03"),
        ("The vote is set for 1 December 2025.", "en", "1 December 2025", "2025-12-01"),
        ("The summit of 2023-09-07 was postponed.", "en", "2023-09-07", "2023-09-07"),
    ],
)
def test_absolute_day_dates(text: str, lang: str, phrase: str, value: str) -> None:
    m = only(text, lang)
    assert (m.text, m.value, m.precision, m.relative) == (phrase, value, "day", False)
    assert text[m.start:m.end] == phrase


def test_weekday_before_a_date_is_part_of_it() -> None:
    m = only("Il est arrivé vendredi 4 octobre 2024 au matin.", "fr")
    assert (m.text, m.value) == ("vendredi 4 octobre 2024", "2024-10-04")


def test_day_month_without_year_takes_the_anchor_year_in_the_past() -> None:
    m = only("Le cessez-le-feu du 20 novembre n'a pas tenu.", "fr")
    assert (m.value, m.precision, m.relative) == ("2023-11-20", "day", True)
    assert only("The ceasefire of Oct. 2 collapsed.", "en").value == "2024-10-02"


def test_month_and_year_give_month_precision() -> None:
    m = only("L'offensive a commencé en février 2022 dans le nord.", "fr")
    assert (m.text, m.value, m.precision, m.relative) == ("février 2022", "2022-02", "month", False)
    assert only("Talks resumed in March 2023.", "en").value == "2023-03"


def test_lone_month_needs_a_preposition_and_resolves_to_the_past() -> None:
    assert values("Il a été nommé en mai au gouvernement.", "fr") == [("mai", "2024-05", "month")]
    assert values("Le sommet prévu en décembre est reporté.", "fr") == [("décembre", "2023-12", "month")]
    assert values("He was appointed in May.", "en") == [("May", "2024-05", "month")]


def test_lowercase_may_is_not_a_month_in_english() -> None:
    assert find_timex("The talks in may be delayed, he added.", "en", TUESDAY) == []


def test_year_after_a_preposition() -> None:
    assert values("Les deux pays coopèrent depuis 2014.", "fr") == [("2014", "2014", "year")]
    m = only("The pipeline opened in 2019.", "en")
    assert (m.value, m.precision, m.relative) == ("2019", "year", False)


def test_a_bare_number_is_not_a_year() -> None:
    assert find_timex("Environ 2019 soldats ont été déployés.", "fr", TUESDAY) == []


def test_seasons_resolve_to_their_first_month() -> None:
    assert values("Les manœuvres ont eu lieu en été 2023.", "fr") == [("été 2023", "2023-06", "month")]
    assert values("Des exercices ont eu lieu à l'automne.", "fr") == [("automne", "2024-09", "month")]
    assert values("They held drills during the winter.", "en") == [("winter", "2023-12", "month")]


def test_passive_ete_is_not_summer() -> None:
    assert find_timex("Le pont a depuis été reconstruit.", "fr", TUESDAY) == []


# --------------------------------------------------------------------------- weekdays


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("Mardi, les ministres se sont entretenus.", "fr", "2024-10-15"),  # anchor is a Tuesday
        ("Lundi, le convoi a franchi la frontière.", "fr", "2024-10-14"),
        ("Le navire a accosté jeudi.", "fr", "2024-10-10"),
        ("The envoy arrived on Tuesday.", "en", "2024-10-15"),
        ("The talks ended on Sunday.", "en", "2024-10-13"),
    ],
)
def test_bare_weekday_is_the_latest_on_or_before_the_anchor(text: str, lang: str, value: str) -> None:
    m = only(text, lang)
    assert (m.value, m.precision, m.relative) == (value, "day", True)


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("Le général a démissionné mardi dernier.", "fr", "2024-10-08"),
        ("Une délégation viendra mardi prochain.", "fr", "2024-10-22"),
        ("Le vote aura lieu lundi prochain.", "fr", "2024-10-21"),
        ("The general resigned last Tuesday.", "en", "2024-10-08"),
        ("A delegation will visit next Friday.", "en", "2024-10-18"),
    ],
)
def test_last_and_next_weekday(text: str, lang: str, value: str) -> None:
    assert only(text, lang).value == value


# --------------------------------------------------------------------------- relative phrases


@pytest.mark.parametrize(
    ("text", "lang", "value", "precision"),
    [
        ("Aujourd'hui, le parlement vote.", "fr", "2024-10-15", "day"),
        ("Le ministre est rentré hier.", "fr", "2024-10-14", "day"),
        ("L'accord a été paraphé avant-hier.", "fr", "2024-10-13", "day"),
        ("Les observateurs arriveront demain.", "fr", "2024-10-16", "day"),
        ("Le bilan a été publié il y a trois jours.", "fr", "2024-10-12", "day"),
        ("Cette semaine, les pourparlers reprennent.", "fr", "2024-W42", "week"),
        ("Le président se rendra à Rome la semaine prochaine.", "fr", "2024-W43", "week"),
        ("La frontière a été fermée la semaine dernière.", "fr", "2024-W41", "week"),
        ("Le rapport a été publié le mois dernier.", "fr", "2024-09", "month"),
        ("La conférence se tiendra le mois prochain.", "fr", "2024-11", "month"),
        ("L'année dernière, les échanges ont doublé.", "fr", "2023", "year"),
        ("Un nouveau traité est attendu l'an prochain.", "fr", "2025", "year"),
        ("The minister returned yesterday.", "en", "2024-10-14", "day"),
        ("Inspectors arrive tomorrow.", "en", "2024-10-16", "day"),
        ("The report came out today.", "en", "2024-10-15", "day"),
        ("The border was closed three days ago.", "en", "2024-10-12", "day"),
        ("Talks resume this week.", "en", "2024-W42", "week"),
        ("The president travels next week.", "en", "2024-W43", "week"),
        ("Fighting flared last week.", "en", "2024-W41", "week"),
        ("The data were released last month.", "en", "2024-09", "month"),
        ("Trade doubled last year.", "en", "2023", "year"),
    ],
)
def test_relative_phrases(text: str, lang: str, value: str, precision: str) -> None:
    m = only(text, lang)
    assert (m.value, m.precision, m.relative) == (value, precision, True)


def test_week_value_uses_iso_week_numbering_across_new_year() -> None:
    assert only("La mission part la semaine prochaine.", "fr", datetime.date(2024, 12, 27)).value == "2025-W01"


def test_apostrophe_variants_match() -> None:
    assert only("Aujourd’hui, la ville est calme.", "fr").value == "2024-10-15"


# --------------------------------------------------------------------------- dates relative to earlier dates


def test_day_earlier_after_a_weekday_is_the_day_before_it() -> None:
    text = "Jeudi, le ministre a rencontré son homologue. Il avait vu le chef d'état-major un jour plus tôt."
    assert values(text, "fr") == [("Jeudi", "2024-10-10", "day"), ("un jour plus tôt", "2024-10-09", "day")]


def test_veille_and_lendemain_follow_the_latest_day_date() -> None:
    text = (
        "Le sommet s'est ouvert le 2 juillet 2024. La veille, des manifestants avaient défilé. "
        "Le texte final a été adopté le 9 juillet 2024 et publié le lendemain."
    )
    assert [m.value for m in find_timex(text, "fr", TUESDAY)] == ["2024-07-02", "2024-07-01", "2024-07-09", "2024-07-10"]


def test_resolved_relative_days_become_the_new_reference() -> None:
    text = "Les troupes sont entrées mardi dernier. La veille, la ville avait été évacuée; deux jours plus tôt, l'alerte était lancée."
    assert [m.value for m in find_timex(text, "fr", TUESDAY)] == ["2024-10-08", "2024-10-07", "2024-10-05"]


def test_english_previous_day_phrases() -> None:
    text = "The envoy landed on Friday. A day earlier, the army had withdrawn. The previous day was calm."
    assert [m.value for m in find_timex(text, "en", TUESDAY)] == ["2024-10-11", "2024-10-10", "2024-10-09"]


def test_day_earlier_without_a_previous_date_uses_the_anchor() -> None:
    assert only("Two days earlier, the embassy had closed.", "en").value == "2024-10-13"
    assert only("La veille, l'ambassade avait fermé.", "fr").value == "2024-10-14"


# --------------------------------------------------------------------------- vague and unresolvable


@pytest.mark.parametrize(
    ("text", "lang", "phrase"),
    [
        ("Les tensions ont augmenté au cours des derniers mois.", "fr", "au cours des derniers mois"),
        ("Au cours des dernières semaines, les patrouilles se sont multipliées.", "fr", "Au cours des dernières semaines"),
        ("Clashes have intensified in recent weeks.", "en", "in recent weeks"),
    ],
)
def test_vague_periods_are_reported_without_value(text: str, lang: str, phrase: str) -> None:
    m = only(text, lang)
    assert (m.text, m.value, m.precision) == (phrase, None, None)


def test_without_anchor_relative_expressions_have_no_value() -> None:
    text = "Mardi, le ministre est parti; la semaine prochaine il revient. Le 3 mars 2021 reste une date clé, comme le 5 mai."
    found = {m.text: m.value for m in find_timex(text, "fr", None)}
    assert found == {"Mardi": None, "la semaine prochaine": None, "3 mars 2021": "2021-03-03", "5 mai": None}
    assert all(m.relative for m in find_timex("yesterday and last year", "en", None))


def test_invalid_calendar_date_is_reported_unresolved() -> None:
    m = only("Le texte daté du 31 février 2024 est un faux.", "fr")
    assert (m.text, m.value) == ("31 février 2024", None)


def test_offsets_and_order_in_a_longer_text() -> None:
    text = "Hier, l'armée a reculé. En mars 2020, elle avançait encore. Mardi prochain, un accord sera signé."
    mentions = find_timex(text, "fr", TUESDAY)
    assert [m.text for m in mentions] == ["Hier", "mars 2020", "Mardi prochain"]
    assert all(text[m.start:m.end] == m.text for m in mentions)


# --------------------------------------------------------------------------- robustness and speed


@pytest.mark.parametrize("text", ["", " ", "\x00\x01\xff", "////", "12/12/12/12", "é" * 1000, "«»" * 50])
def test_junk_gives_no_crash(text: str) -> None:
    assert isinstance(find_timex(text, "fr", TUESDAY), list)


def test_random_bytes_and_unknown_language() -> None:
    junk = os.urandom(20000).decode("latin-1")
    assert isinstance(find_timex(junk, "en", TUESDAY), list)
    assert find_timex("hier", "xx", TUESDAY) == []
    assert find_timex("hier", "../fr", TUESDAY) == []


def test_large_text_does_not_crash() -> None:
    text = "Mardi, la délégation est arrivée le 2 juillet 2024 et repartira la semaine prochaine. " * 24000
    assert len(text) > 2_000_000
    assert len(find_timex(text, "fr", TUESDAY)) == 3 * 24000


def test_broken_lexicon_names_file_and_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    from dyadwatch.pipeline import timex

    broken = {"language": "fr", "weekdays": {"lundi": "zero"}}
    monkeypatch.setattr(timex, "load_yaml", lambda path, required=True: broken)
    timex._lexicon.cache_clear()
    try:
        with pytest.raises(DataFileError, match=r"timex\.yaml.*'weekdays' must map words to integers"):
            timex._lexicon("fr")
    finally:
        timex._lexicon.cache_clear()


@pytest.mark.parametrize("lang", ["en", "fr", "de", "es"])
def test_rules_skipped_for_want_of_a_word_could_not_have_matched(lang: str, monkeypatch) -> None:
    """Each rule runs only on texts holding a word every match of it has (a month name, a unit, a
    digit …). Texts built from the lexicon's own words, in capitals too, give the same dates with
    and without that shortcut."""
    import random

    import yaml

    from dyadwatch.pipeline import timex
    from dyadwatch.resources import data_path

    data = yaml.safe_load(data_path(f"lexicons/{lang}/timex.yaml").read_text(encoding="utf-8"))
    words = ["3", "12", "2024", "1er", "in", "de", "la", "the", "am"]
    for value in data.values():
        items = value.keys() if isinstance(value, dict) else value if isinstance(value, list) else []
        for item in items:
            words += [str(v) for v in item.values()] if isinstance(item, dict) else [str(item)]
    words = [w.replace("{count}", "3").replace("{unit}", "").replace("{weekday}", "") for w in words]
    rng = random.Random(7)
    texts = [" ".join(rng.choice(words) for _ in range(10)) for _ in range(400)]
    texts += [t.upper() for t in texts[:50]]
    with_shortcut = [find_timex(t, lang, TUESDAY) for t in texts]
    monkeypatch.setattr(timex._Rule, "may_match", lambda self, words: True)
    assert with_shortcut == [find_timex(t, lang, TUESDAY) for t in texts]
    assert sum(map(len, with_shortcut)) > 300


def test_a_date_does_not_run_across_a_blank_line() -> None:
    """A heading or paragraph that ends in a month does not borrow the number that opens the next one."""
    text = "Talks opened on Tuesday, October\n\n15 delegates walked out. Elections are due in March\n \n2025 looks open."
    assert [(t.text, t.value) for t in find_timex(text, "en", TUESDAY)] == [("Tuesday", "2024-10-15"), ("March", "2024-03")]
    assert [t.text for t in find_timex("Talks opened on Tuesday, October 15.", "en", TUESDAY)] == ["Tuesday, October 15"]
