"""Near-duplicate detection: syndicated copies match, different stories about the same actors do not."""
from dyadwatch.store import open_store
from dyadwatch.store.neardup import shingles, signature, similarity, update_signatures

WIRE = ("The defence ministers of Norland and Vesporia met in the capital on Tuesday to discuss a joint naval "
        "exercise planned for the spring. According to officials present at the talks, both delegations agreed "
        "to exchange liaison officers, share weather and navigation data, and hold a second round of "
        "consultations before the end of the year. The meeting lasted three hours and ended with a short "
        "statement read by the host minister, who praised the growing trust between the two armed forces.")

# Another outlet's copy: its own headline line, two words edited, one phrase cut.
SYNDICATED = ("Ministers seal naval plan. " + WIRE.replace("on Tuesday", "this Tuesday")
              .replace("three hours", "nearly three hours").replace(" and navigation", ""))

OTHER_STORY = ("Norland and Vesporia traded accusations on Friday over a fishing trawler seized near the disputed "
               "reef. The Vesporian foreign ministry summoned the Norland ambassador and demanded the immediate "
               "release of the crew, while officials in the Norland capital said the vessel had entered a closed "
               "military zone. Analysts warned that the quarrel could delay the joint naval exercise that both "
               "defence ministers had promised earlier in the year.")


def test_shingles_ignore_case_accents_and_punctuation():
    assert shingles("Le ministre a rencontré, hier, son homologue.") == shingles("le MINISTRE a rencontre hier son homologue")
    assert shingles("two words") == {"two words"}
    assert shingles("") == set()


def test_syndicated_copy_is_near_duplicate():
    assert similarity(signature(WIRE), signature(SYNDICATED)) >= 0.5
    assert similarity(signature(WIRE), signature(WIRE)) == 1.0


def test_other_story_about_same_actors_is_not():
    assert similarity(signature(WIRE), signature(OTHER_STORY)) < 0.2


def test_update_signatures_records_pairs_once(store_url):
    store = open_store(store_url)
    rows = [("a", "h1", "Wire A", "2024-10-15", WIRE), ("b", "h2", "Paper B", "2024-10-16", SYNDICATED),
            ("c", "h3", "Wire A", "2024-10-15", OTHER_STORY)]
    store.executemany("INSERT INTO documents (doc_id, content_hash, source, pub_date, text) "
                      "VALUES (?, ?, ?, CAST(? AS DATE), ?)", rows)
    first = update_signatures(store)
    assert (first.signed, first.pairs) == (3, 1)
    assert store.fetchall("SELECT doc_id, other_doc_id FROM doc_near_dups") == [("a", "b")]
    assert dict(store.fetchall("SELECT doc_id, near_dup_of FROM doc_signatures")) == {"a": None, "b": "a", "c": None}
    again = update_signatures(store)
    assert (again.signed, again.pairs) == (0, 0)
    store.close()
