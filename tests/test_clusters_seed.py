"""Acceptance (issue 6): the seed article and two rewritten reports of the same visit, coded and ingested,
give one cluster for the Belousov–Zhang meeting with num_articles = 3, on both backends."""
import json

from dyadwatch.store import open_store
from dyadwatch.store.clusters import update_clusters
from dyadwatch.store.ingest import ingest

from .conftest import shared_file

# Our own rewrites of the meeting, in another language and in the seed's language, from other outlets.
REWRITE_EN = ("Russian Defence Minister Andrei Belousov met Zhang Youxia, vice-chairman of China's Central Military "
              "Commission, in Beijing on Tuesday. The two men pledged to deepen military cooperation between their "
              "countries, and Belousov said Moscow and Beijing share a common assessment of the situation.")
REWRITE_FR = ("Le ministre russe de la Défense, Andreï Belooussov, s'est entretenu mardi à Pékin avec Zhang Youxia, "
              "vice-président de la Commission militaire centrale chinoise. Les deux responsables ont promis "
              "d'approfondir les liens militaires entre leurs pays.")

BELOUSOV, ZHANG = "person/andrey-belousov", "person/zhang-youxia"


def test_seed_and_two_rewrites_make_one_meeting_cluster(store_url, tmp_path):
    seed = shared_file("examples/seed-fr.txt").read_text(encoding="utf-8")
    corpus = tmp_path / "visit.jsonl"
    rows = [{"id": "seed", "text": seed, "date": "2024-10-15", "source": "Seed outlet", "lang": "fr"},
            {"id": "en", "text": REWRITE_EN, "date": "2024-10-15", "source": "Wire EN", "lang": "en"},
            {"id": "fr", "text": REWRITE_FR, "date": "2024-10-16", "source": "Journal FR", "lang": "fr"}]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    store = open_store(store_url)
    ingest(store, [str(corpus)])
    update_clusters(store)
    meetings = store.fetchall(
        "SELECT DISTINCT e.cluster_id FROM events e JOIN event_actors s ON s.event_id = e.event_id "
        "JOIN event_actors t ON t.event_id = e.event_id WHERE e.type = 'CONSULT' "
        "AND ((s.side = 'source' AND s.kb_id = ? AND t.side = 'target' AND t.kb_id = ?) "
        "OR (s.side = 'source' AND s.kb_id = ? AND t.side = 'target' AND t.kb_id = ?))",
        (BELOUSOV, ZHANG, ZHANG, BELOUSOV))
    assert len(meetings) == 1
    counts = store.fetchall("SELECT num_articles, num_sources FROM event_clusters WHERE cluster_id = ?", meetings[0])
    assert counts == [(3, 3)]
    # Belousov's meeting with Dong Jun the day before stays its own event
    dong = store.fetchall("SELECT DISTINCT e.cluster_id FROM events e JOIN event_actors a ON a.event_id = e.event_id "
                          "WHERE a.kb_id = 'person/dong-jun' AND e.type = 'CONSULT'")
    assert dong and meetings[0] not in dong
    store.close()
