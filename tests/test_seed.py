"""Acceptance on the real seed article (../shared/examples/seed-fr.txt), skipped without ../shared."""
import pytest

from dyadwatch.coder import Coder
from dyadwatch.pipeline.ingest import read_inputs

from .conftest import shared_file


@pytest.fixture(scope="module")
def seed():
    [raw] = list(read_inputs([str(shared_file("examples/seed-fr.txt"))]))
    return Coder(date="2024-10-15").analyze(raw)


def find(analysis, ptype, src=None, tgt=None, **fields):
    """Events of ``ptype`` from ``src`` to ``tgt`` (name or code); a mutual event matches either way."""
    def names(actors):
        return {a.name for a in actors} | {a.code for a in actors}

    out = []
    for e in analysis.events:
        if e.type != ptype or not all(getattr(e, k) == v for k, v in fields.items()):
            continue
        for source, target in [(e.source, e.target)] + ([(e.target, e.source)] if e.mutual else []):
            if (not src or src in names(source)) and (not tgt or tgt in names(target)):
                out.append(e)
                break
    return out


def test_language_and_boilerplate(seed):
    assert seed.lang == "fr" and "Veröffentlicht" not in seed.text


def test_belousov_meets_zhang_in_beijing_on_tuesday(seed):
    [e] = find(seed, "CONSULT", "Andrey Belousov", "Zhang Youxia", date="2024-10-15")
    assert e.location.text == "Pékin" and e.mutual and {e.source[0].country, e.target[0].country} == {"RUS", "CHN"}


def test_belousov_met_dong_jun_the_day_before(seed):
    assert find(seed, "CONSULT", "Andrey Belousov", "Dong Jun", date="2024-10-14")
    assert find(seed, "CONSULT", "Dong Jun", "Andrey Belousov", date="2024-10-14")


def test_commitment_to_strengthen_cooperation_both_ways(seed):
    assert find(seed, "AGREE", "RUSMIL", "CHNMIL") and find(seed, "AGREE", "CHNMIL", "RUSMIL")


def test_xi_planned_visit_to_kazan_next_week(seed):
    [e] = find(seed, "CONSULT", "Xi Jinping", "RUSGOV", modality="planned")
    assert e.mode == "visit" and e.date == "2024-W43" and e.location.text == "Kazan"


def test_joint_coast_guard_patrol_in_the_arctic(seed):
    [e] = find(seed, "COOPERATE", "CHNCOP", "RUSCOP")
    assert e.location.text == "océan Arctique"
    assert find(seed, "COOPERATE", "RUS", "CHN")   # the joint exercises


def test_us_accuses_beijing_and_sanctions_on_russia(seed):
    assert find(seed, "ACCUSE", "USA", "CHNGOV")
    [sanctions] = [e for e in seed.events if e.cameo == "163"]
    assert [a.country for a in sanctions.target] == ["RUS"]


def test_invasion_of_ukraine_in_february_2022(seed):
    [e] = find(seed, "ASSAULT", "RUSGOV", "UKR")
    assert e.date == "2022-02" and e.date_precision == "month"


def test_military_pressure_on_taiwan(seed):
    assert find(seed, "MOBILIZE", "CHNMIL", "TWNGOV")
    [warning] = find(seed, "THREATEN", "CHNGOV")
    assert warning.location.text == "Taïwan" and warning.modality == "reported"


def test_all_seven_persons_resolved_with_their_country(seed):
    expected = {"Andrey Belousov": "RUS", "Zhang Youxia": "CHN", "Dong Jun": "CHN", "Xi Jinping": "CHN",
                "Vladimir Putin": "RUS", "Wang Yi": "CHN", "Lai Ching-te": "TWN"}
    found = {a.name: a.country for a in seed.actors if a.kind == "person"}
    assert {k: found.get(k) for k in expected} == expected
    assert any(a.text.endswith("Tass") and a.sector == "JRN" for a in seed.actors)
    assert any(a.text == "Commission militaire centrale" and a.code == "CHNMIL" for a in seed.actors)


def test_quotes_attributed_to_belousov(seed):
    speakers = [q.speaker.name for q in seed.quotes if q.speaker and q.speaker.kind == "person"]
    assert speakers.count("Andrey Belousov") >= 2


def test_no_event_between_countries_the_article_does_not_involve(seed):
    involved = {"RUS", "CHN", "USA", "CAN", "TWN", "UKR", "IGO", None}
    for e in seed.events:
        assert {a.country for a in e.source + e.target} <= involved, e.coder
