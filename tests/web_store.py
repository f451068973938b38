"""A small store for the API and browser tests: a few articles coded for real (so documents carry text,
evidence spans, quotes and places), generated English articles, and hand-built events that give the
charts a history and a spike."""
from __future__ import annotations

import datetime as dt

from dyadwatch.pipeline.ingest import RawDocument
from dyadwatch.store.clusters import update_clusters

from .corpus_gen import articles
from .event_rows import Side, add_document, add_event

# Written for these tests: a Russia–China meeting in Beijing, reported by two outlets, and a joint patrol.
MEETING = ("Russia and China hold talks in Beijing\n\n"
           "Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister Wang Yi in Beijing on Monday. "
           "\"Our partnership is stronger than ever,\" Lavrov told reporters. "
           "The two countries agreed to hold a joint naval patrol in the Pacific next month.\n")
MEETING_AGAIN = ("Lavrov and Wang meet in the Chinese capital\n\n"
                 "Sergei Lavrov met Wang Yi in Beijing on Monday, the Russian foreign ministry said. "
                 "Both sides praised what they called a deep partnership.\n")
PATROL = ("Russian and Chinese warships begin joint patrol\n\n"
          "Russian and Chinese navies began a joint patrol in the Sea of Japan on Thursday, the Russian defence "
          "ministry said.\n")
CODED = (("Wire One", "2024-10-14", MEETING), ("Daily Two", "2024-10-14", MEETING_AGAIN),
         ("Wire One", "2024-10-17", PATROL))
N_GENERATED = 8
N_HISTORY = 24          # hand-built RUS–CHN and RUS–UKR events over the weeks before


def fill(store, coder) -> dict:
    """Fill an empty store; returns what the tests look for (document ids, counts)."""
    docs = [RawDocument(f"coded-{i}", text, "<test>", lang="en", date=day) for i, (_, day, text) in enumerate(CODED)]
    outlets = [outlet for outlet, _, _ in CODED]
    english = [a for a in articles(4 * N_GENERATED, seed=11) if a.lang == "en"][:N_GENERATED]
    docs += [RawDocument(f"gen-{i}", a.text, "<generated>", lang="en", date=a.date) for i, a in enumerate(english)]
    outlets += ["Generated News"] * len(english)
    for raw, outlet in zip(docs, outlets):
        store.add_analysis(coder.analyze(raw), outlet, f"https://example.org/{raw.id}")
    base = dt.date(2024, 8, 1)     # the last one, 9 October, is too early to join the coded meeting
    for i in range(N_HISTORY):
        day = (base + dt.timedelta(days=3 * i)).isoformat()
        add_document(store, f"hist-{i}", "History Wire", day, text=f"Synthetic history report {i}.")
        if i % 3:
            add_event(store, f"hist-e{i}", f"hist-{i}", "040", Side("RUSGOV"), Side("CHNGOV"), day,
                      sentence=f"Russian and Chinese officials consulted, report {i}.")
        else:
            add_event(store, f"hist-e{i}", f"hist-{i}", "190", Side("RUSMIL"), Side("UKR"), day,
                      trigger="attacked", sentence=f"Russian forces attacked Ukrainian positions, report {i}.")
    update_clusters(store)
    doc_ids = [r[0] for r in store.fetchall("SELECT doc_id FROM documents WHERE url LIKE ? ORDER BY url",
                                            ["https://example.org/coded-%"])]
    return {"coded_doc_ids": doc_ids, "documents": len(docs) + N_HISTORY}
