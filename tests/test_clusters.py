"""Event clusters on both backends: three reports of one meeting become one cluster, other events stay apart."""
import pytest

from dyadwatch.store.clusters import symmetric_types, update_clusters

from .event_rows import Side, add_document, add_event, day, snapshot

WIRE = ("The defence minister of Russia met the vice-chairman of the Central Military Commission in Beijing on "
        "Monday for talks on joint exercises, patrols over the Pacific and training of officers, officials said "
        "after the meeting, which both sides described as warm and productive.")
REWRITE = ("In Beijing, Russia's defence chief sat down with China's top general. The two discussed military "
           "drills and cadet exchanges and promised more contacts.")
OTHER = "Moscow and Kyiv traded blame for a strike on a power station, as Washington urged restraint."

BELOUSOV, ZHANG = Side("RUSGOV", ["belousov"]), Side("CHNMIL", ["zhang_youxia"])


def _three_reports(store):
    add_document(store, "a", "Wire", "2024-10-15", WIRE, "Russia and China talk defence")
    add_document(store, "b", "Daily", "2024-10-15", WIRE.replace("warm and", "frank and"), "Generals meet")
    add_document(store, "c", "Radio", "2024-10-16", REWRITE + " " + OTHER)
    # the meeting, coded in both directions in each report, with different triggers and dates
    add_event(store, "a1", "a", "040", BELOUSOV, ZHANG, "2024-10-14", confidence=0.85, trigger="met")
    add_event(store, "a2", "a", "040", ZHANG, BELOUSOV, "2024-10-14", confidence=0.85, trigger="met")
    add_event(store, "b1", "b", "040", BELOUSOV, ZHANG, "2024-10-14", confidence=0.9, modality="reported")
    add_event(store, "b2", "b", "040", ZHANG, BELOUSOV, "2024-10-14", confidence=0.9, modality="asserted")
    add_event(store, "c1", "c", "040", BELOUSOV, ZHANG, "2024-10-15", confidence=0.6, trigger="sat down with")
    # unrelated: another meeting of the same codes and day with other persons, a strike, a later meeting
    add_event(store, "a3", "a", "040", Side("RUSGOV", ["shoigu"]), ZHANG, "2024-10-14", trigger="met")
    add_event(store, "c2", "c", "190", Side("RUS", ["russia"]), Side("UKR", ["ukraine"]), "2024-10-16",
              trigger="strike")
    add_document(store, "d", "Wire", "2024-11-20", "A month later the two men met again in Moscow.")
    add_event(store, "d1", "d", "040", BELOUSOV, ZHANG, "2024-11-20")


def test_symmetric_types_come_from_data():
    assert {"CONSULT", "COOPERATE", "AGREE"} <= symmetric_types()
    assert "ASSAULT" not in symmetric_types()


def test_three_reports_make_one_cluster(store):
    _three_reports(store)
    stats = update_clusters(store)
    assert stats.events_placed == 8 and stats.clusters_created == 4 and stats.clusters_total == 4
    meeting = store.fetchall("SELECT cluster_id FROM events WHERE event_id = 'a1'")[0][0]
    members = {r[0] for r in store.fetchall("SELECT event_id FROM events WHERE cluster_id = ?", (meeting,))}
    assert members == {"a1", "a2", "b1", "b2", "c1"}
    row = store.fetchall("SELECT num_mentions, num_articles, num_sources, best_event_id, date_start, date_end, "
                         "type, goldstein FROM event_clusters WHERE cluster_id = ?", (meeting,))[0]
    # b1 and b2 tie on confidence; the asserted one wins
    assert row[:6] == (5, 3, 3, "b2", day("2024-10-14"), day("2024-10-15"))
    assert row[6] == "CONSULT" and row[7] == pytest.approx(1.0)
    singles = store.fetchall("SELECT e.event_id, c.num_articles FROM events e JOIN event_clusters c "
                             "ON c.cluster_id = e.cluster_id WHERE e.event_id IN ('a3', 'c2', 'd1') ORDER BY 1")
    assert singles == [("a3", 1), ("c2", 1), ("d1", 1)]


def test_second_run_changes_nothing_and_new_reports_extend(store):
    _three_reports(store)
    update_clusters(store)
    before = snapshot(store)
    again = update_clusters(store)
    assert (again.events_placed, again.clusters_created, again.documents_signed) == (0, 0, 0)
    assert snapshot(store) == before
    meeting = store.fetchall("SELECT cluster_id FROM events WHERE event_id = 'a1'")[0][0]
    # a syndicated copy from a fourth outlet names the Russian side only by country and sector
    add_document(store, "e", "Gazette", "2024-10-17", WIRE)
    add_event(store, "e1", "e", "042", Side("RUSGOV"), Side("CHNMIL"), "2024-10-16", trigger="visited")
    stats = update_clusters(store)
    assert (stats.events_placed, stats.clusters_created, stats.clusters_extended) == (1, 0, 1)
    assert store.fetchall("SELECT cluster_id FROM events WHERE event_id = 'e1'")[0][0] == meeting
    assert store.fetchall("SELECT num_mentions, num_articles, num_sources FROM event_clusters WHERE cluster_id = ?",
                          (meeting,)) == [(6, 4, 4)]


def test_bridging_report_merges_clusters(store):
    add_document(store, "x", "Wire", "2024-10-10", "First report about a naval drill announced by both navies.")
    add_document(store, "y", "Daily", "2024-10-14", "Second report about the same drill, days later.")
    add_event(store, "x1", "x", "062", Side("RUSMIL"), Side("CHNMIL"), "2024-10-10", trigger="joint drill")
    add_event(store, "y1", "y", "062", Side("CHNMIL"), Side("RUSMIL"), "2024-10-14", trigger="joint drill")
    assert update_clusters(store).clusters_created == 2      # four days apart: two clusters
    add_document(store, "z", "Radio", "2024-10-12", "A report in between about the drill.")
    add_event(store, "z1", "z", "062", Side("RUSMIL"), Side("CHNMIL"), "2024-10-12", trigger="joint drill")
    stats = update_clusters(store)
    assert (stats.clusters_created, stats.clusters_merged, stats.clusters_total) == (0, 1, 1)
    assert store.fetchall("SELECT num_articles, date_start, date_end FROM event_clusters") == \
        [(3, day("2024-10-10"), day("2024-10-14"))]


def test_daily_reports_do_not_chain_into_one_event(store):
    add_document(store, "p", "Wire", "2024-10-01", "Daily bulletin.")
    for i in range(10):      # the same vague report every day: each day joins its neighbours, never all ten
        add_event(store, f"p{i}", "p", "062", Side("RUSMIL"), Side("CHNMIL"),
                  f"2024-10-{i + 1:02d}", trigger="joint patrol")
    update_clusters(store)
    spans = store.fetchall("SELECT date_start, date_end FROM event_clusters")
    assert len(spans) > 1 and all((end - start).days <= 4 for start, end in spans)
