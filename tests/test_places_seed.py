"""Issue 5 acceptance on the seed article (../shared/examples/seed-fr.txt): where its events happened."""
import pytest

from dyadwatch.coder import Coder
from dyadwatch.pipeline.ingest import read_inputs

from .conftest import shared_file


@pytest.fixture(scope="module")
def seed():
    [raw] = list(read_inputs([str(shared_file("examples/seed-fr.txt"))]))
    return Coder(date="2024-10-15").analyze(raw)


def sentence_of(seed, words):
    return next(s for s in seed.text.split(". ") if words in s)


def test_belousov_meetings_in_beijing(seed):
    meetings = [e for e in seed.events if e.type == "CONSULT" and "Andrey Belousov" in {a.name for a in e.source}]
    assert meetings
    for e in meetings:
        if e.mode is None:
            assert (e.location.name, e.location.resolution, e.location.country_code, e.location.geonameid) == \
                ("Beijing", "city", "CHN", 1816670)
            span = e.evidence.location_span
            assert seed.text[span.start:span.end] == "Pékin"


def test_joint_patrol_in_the_arctic_ocean(seed):
    [e, *_] = [e for e in seed.events if e.type == "COOPERATE" and "patrouille" in e.evidence.trigger.text]
    assert (e.location.text, e.location.name, e.location.resolution) == ("océan Arctique", "Arctic Ocean", "region")


def test_exercises_near_alaska(seed):
    [alaska] = [p for p in seed.places if p.text == "Alaska"]
    assert (alaska.resolution, alaska.country_code, alaska.admin1, alaska.geonameid) == ("admin1", "USA", "AK", 5879092)
    sentence = sentence_of(seed, "près de l'Alaska")
    for e in seed.events:   # whatever the event stage codes in that sentence happened near Alaska
        if e.evidence.trigger.text in sentence and "exercices" in e.evidence.trigger.text:
            assert e.location is not None and e.location.text == "Alaska"


def test_north_west_pacific_is_a_region(seed):
    [p] = [p for p in seed.places if "Pacifique" in p.text]
    assert (p.name, p.resolution) == ("North-west Pacific", "region")


def test_brics_summit_in_kazan_russia(seed):
    [kazan] = [p for p in seed.places if p.text == "Kazan"]
    assert (kazan.resolution, kazan.country_code, kazan.geonameid) == ("city", "RUS", 551487)
    visits = [e for e in seed.events if e.location is not None and e.location.text == "Kazan"]
    assert visits and all(e.type == "CONSULT" and e.modality == "planned" for e in visits)


def test_capitals_as_governments_are_never_event_locations(seed):
    for e in seed.events:
        if e.location is None:
            continue
        span = e.evidence.location_span
        before = seed.text[max(0, span.start - 3):span.start]
        assert e.location.text not in ("Washington", "Moscou")
        if e.location.text == "Pékin":
            assert before.endswith("à "), f"{e.evidence.trigger.text}: Pékin as a government is no place"
    governments = {(a.text, a.code) for a in seed.actors}
    assert ("Pékin", "CHNGOV") in governments and ("Moscou", "RUSGOV") in governments
