"""Dyad analytics on both backends, on small hand-built event sets whose counts are known."""
import datetime as dt

import pytest

from dyadwatch.store.analytics import (ActorSpec, alerts, biggest_changes, dyad, period_range, resolve_actor,
                                       sparkline, top)
from dyadwatch.store.clusters import update_clusters

from .event_rows import Side, add_document, add_event, day

RUS, CHN, UKR, USA = (ActorSpec(c, "country", c, "test") for c in ("RUS", "CHN", "UKR", "USA"))


def _two_weeks(store):
    add_document(store, "d1", "Wire", "2024-10-08")
    add_event(store, "e1", "d1", "040", Side("RUS"), Side("CHN"), "2024-10-08")
    add_event(store, "e2", "d1", "062", Side("CHN"), Side("RUS"), "2024-10-09", trigger="drill")
    add_event(store, "e3", "d1", "111", Side("RUS"), Side("CHN"), "2024-10-16", trigger="accused")
    add_event(store, "e4", "d1", "062", Side("RUSMIL"), Side("CHNMIL"), "2024-10-17", trigger="patrol")
    add_event(store, "e7", "d1", "111", Side("CHN"), Side("RUS"), "2024-10-17", trigger="blamed")
    add_event(store, "e5", "d1", "190", Side("RUS"), Side("UKR"), "2024-10-16", trigger="shelled")
    add_event(store, "e6", "d1", "111", Side("USA"), Side("CHN"), "2024-10-01", trigger="criticised")


def test_dyad_by_week_counts_quads_goldstein_and_types(store):
    _two_weeks(store)
    report = dyad(store, RUS, CHN, by="week", since=day("2024-09-30"), until=day("2024-10-20"))
    assert [r.period for r in report.rows] == [day("2024-09-30"), day("2024-10-07"), day("2024-10-14")]
    empty, first, second = report.rows
    assert (empty.events, empty.goldstein_mean) == (0, None)
    assert (first.events, first.quads) == (2, {1: 1, 2: 1, 3: 0, 4: 0})
    assert first.goldstein_total == pytest.approx(8.4) and first.goldstein_mean == pytest.approx(4.2)
    assert (second.events, second.quads) == (3, {1: 0, 2: 1, 3: 2, 4: 0})
    assert second.types == {"ACCUSE": 2, "COOPERATE": 1}
    assert report.total == 5 and report.type_mix() == {"ACCUSE": 2, "COOPERATE": 2, "CONSULT": 1}


def test_directed_keeps_symmetric_types_both_ways(store):
    _two_weeks(store)
    # each direction keeps its own accusation and all three joint (symmetric) events
    assert dyad(store, RUS, CHN, by="month", directed=True).type_mix() == {"COOPERATE": 2, "ACCUSE": 1, "CONSULT": 1}
    assert dyad(store, CHN, RUS, by="month", directed=True).total == 4
    assert dyad(store, RUS, CHN, by="month").type_mix()["ACCUSE"] == 2


def test_directed_counts_a_mutual_event_both_ways_and_clusters_it_with_its_mirror(store):
    """A joint accord (SUPPORT 057, a directed type) is coded once, RUS first: CHN→RUS still counts it."""
    add_document(store, "d1", "Wire", "2024-10-08")
    add_document(store, "d2", "Agency", "2024-10-08")
    add_event(store, "m1", "d1", "057", Side("RUS", ["country/RUS"]), Side("CHN", ["country/CHN"]), "2024-10-08",
              trigger="signed an accord", mutual=True)
    add_event(store, "m2", "d2", "057", Side("CHN", ["country/CHN"]), Side("RUS", ["country/RUS"]), "2024-10-08",
              trigger="signed an accord", mutual=True)
    add_event(store, "s1", "d1", "051", Side("RUS"), Side("CHN"), "2024-10-08", trigger="praised")
    assert dyad(store, CHN, RUS, by="month", directed=True).type_mix() == {"SUPPORT": 2}
    update_clusters(store)
    assert dyad(store, CHN, RUS, by="month", directed=True).total == 1    # one accord, reported twice
    assert dyad(store, RUS, CHN, by="month", directed=True).type_mix() == {"SUPPORT": 2}   # the accord and the praise


def test_undated_events_stay_out_of_the_series(store):
    _two_weeks(store)
    add_document(store, "undated", "wire", None)
    add_event(store, "e-undated", "undated", "042", Side("RUS"), Side("CHN"), None)
    assert dyad(store, RUS, CHN, by="month").total == 5


def test_cameo_code_prefix_selects_sector(store):
    _two_weeks(store)
    report = dyad(store, resolve_actor("RUSMIL"), CHN, by="day")
    assert report.total == 1 and [r.period for r in report.rows if r.events] == [day("2024-10-17")]


def test_syndicated_reports_count_once_after_clustering(store):
    for i, outlet in enumerate(("Wire", "Daily", "Radio")):
        add_document(store, f"m{i}", outlet, "2024-10-15", "Putin and Xi met in Kazan for talks on trade and security.")
        add_event(store, f"m{i}", f"m{i}", "040", Side("RUSGOV", ["putin"]), Side("CHNGOV", ["xi"]), "2024-10-15")
    assert dyad(store, RUS, CHN, by="day").total == 3       # not clustered yet: each mention counts
    update_clusters(store)
    report = dyad(store, RUS, CHN, by="day")
    assert report.total == 1
    assert dyad(store, resolve_actor("RUSGOV"), resolve_actor("CHNGOV"), by="day").total == 1


def test_top_and_changes(store):
    _two_weeks(store)
    assert [(t.a, t.b, t.events, t.conflict) for t in top(store)] == \
        [("CHN", "RUS", 5, 2), ("CHN", "USA", 1, 1), ("RUS", "UKR", 1, 1)]
    assert top(store, limit=1)[0].goldstein_mean == pytest.approx((1.0 + 7.4 - 2.0 + 7.4 - 2.0) / 5)
    last, changes = biggest_changes(store, by="week")
    assert last == day("2024-10-14")
    assert [(c.a, c.b, c.previous, c.last) for c in changes] == [("CHN", "RUS", 2, 3), ("RUS", "UKR", 0, 1)]   # ties by name


def test_alerts_find_the_spike_and_its_events(store):
    start = day("2024-07-01")                    # a Monday
    add_document(store, "w", "Wire", "2024-07-01")
    for week in range(10):                       # a steady baseline: one event a week on two dyads
        when = (start + dt.timedelta(weeks=week)).isoformat()
        add_event(store, f"rc{week}", "w", "040", Side("RUS"), Side("CHN"), when)
        add_event(store, f"uc{week}", "w", "111", Side("USA"), Side("CHN"), when, trigger="criticised")
    spike = (start + dt.timedelta(weeks=10)).isoformat()
    for i in range(6):                           # then six in one week
        add_event(store, f"spike{i}", "w", "062", Side("RUS"), Side("CHN"), spike, trigger=f"drill {i}")
    found = alerts(store, window=8, threshold=3.0, by="week")
    assert [(a.a, a.b, a.period, a.count) for a in found] == [("CHN", "RUS", day(spike), 6)]
    assert found[0].z == pytest.approx(5.0) and found[0].baseline_mean == pytest.approx(1.0)
    assert {e.event_id for e in found[0].events} <= {f"spike{i}" for i in range(6)}
    assert len(found[0].events) == 5 and found[0].events[0].sentence
    assert alerts(store, window=8, threshold=3.0, by="week", conflict=True) == []
    for week in range(11, 20):                   # nine quiet weeks later, the spike is no longer news ...
        add_event(store, f"late{week}", "w", "040", Side("USA"), Side("CHN"), (start + dt.timedelta(weeks=week)).isoformat())
    assert alerts(store, window=8, threshold=3.0, by="week") == []
    # ... unless asked for
    assert [a.period for a in alerts(store, window=8, threshold=3.0, by="week", since=start)] == [day(spike)]


def test_alert_baseline_counts_empty_periods_as_zero(store):
    start = day("2024-07-01")
    add_document(store, "g", "Wire", "2024-07-01")
    for week in range(0, 10, 2):                 # one event every other week: mean 0.5, sd 0.5 over 8 weeks
        add_event(store, f"g{week}", "g", "040", Side("RUS"), Side("CHN"), (start + dt.timedelta(weeks=week)).isoformat())
    for i in range(4):
        add_event(store, f"s{i}", "g", "111", Side("CHN"), Side("RUS"), (start + dt.timedelta(weeks=10)).isoformat(),
                  trigger=f"blamed {i}")
    (found,) = alerts(store, window=8, threshold=3.0, by="week")
    assert (found.count, found.baseline_mean, found.baseline_sd) == (4, 0.5, 0.5)
    assert found.z == pytest.approx(3.5)                  # (4 − 0.5) / max(0.5, 1)
    assert alerts(store, window=8, threshold=3.0, by="week", min_count=5) == []
    assert alerts(store, window=8, threshold=3.0, by="week", since=day("2024-09-16")) == []


def test_knowledge_base_actor_matches_events_naming_it(store):
    add_document(store, "k", "Wire", "2024-10-14")
    add_event(store, "k1", "k", "040", Side("RUSGOV", ["person/andrey-belousov"]), Side("CHNGOV", ["dong"]),
              "2024-10-14")
    add_event(store, "k2", "k", "040", Side("RUSGOV", ["person/vladimir-putin"]), Side("CHNGOV", ["xi"]),
              "2024-10-14")
    belousov = ActorSpec("Belousov", "kb_id", "person/andrey-belousov", "test")
    assert dyad(store, CHN, belousov, by="day").total == 1
    assert dyad(store, CHN, belousov, by="day", directed=True).total == 1     # CONSULT has no direction


def test_resolve_actor_forms():
    assert resolve_actor("RUS") == ActorSpec("RUS", "country", "RUS", "country code")
    assert (resolve_actor("RUSMIL").kind, resolve_actor("RUSMIL").value) == ("code", "RUSMIL")
    spec = resolve_actor("Belooussov", day("2024-10-15"))       # through the knowledge base
    assert (spec.kind, spec.value) == ("kb_id", "person/andrey-belousov")
    assert (resolve_actor("Russie").kind, resolve_actor("Russie").value) == ("country", "RUS")


def test_period_helpers():
    assert period_range(day("2024-01-31"), day("2024-03-01"), "month") == \
        [day("2024-01-01"), day("2024-02-01"), day("2024-03-01")]
    assert sparkline([0, 1, 2, 4]) == "▁▃▅█" and sparkline([0, 0]) == "▁▁"
