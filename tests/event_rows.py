"""Hand-built documents and events written straight into a store (no coder), for cluster and analytics tests."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dyadwatch.ontology import load_ontology

ACTOR_CODES = {"RUS": ("RUS", None), "CHN": ("CHN", None), "UKR": ("UKR", None), "USA": ("USA", None),
               "RUSGOV": ("RUS", "GOV"), "CHNGOV": ("CHN", "GOV"), "CHNMIL": ("CHN", "MIL"), "RUSMIL": ("RUS", "MIL")}


@dataclass
class Side:
    code: str
    names: list[str] = field(default_factory=list)      # kb ids of the actors named on this side


def add_document(store, doc_id: str, source: str, day: str, text: str = "", title: str | None = None) -> None:
    store.execute("INSERT INTO documents (doc_id, content_hash, source, title, pub_date, text) "
                  "VALUES (?, ?, ?, ?, CAST(? AS DATE), ?)", (doc_id, "h-" + doc_id, source, title, day, text))


def add_event(store, event_id: str, doc_id: str, cameo: str, source: Side | None, target: Side | None, day: str,
              confidence: float = 0.8, modality: str = "asserted", trigger: str = "met",
              sentence: str = "", mutual: bool = False) -> None:
    coding = load_ontology().coding(cameo)
    sides = {}
    for name, side in (("source", source), ("target", target)):
        country, sector = ACTOR_CODES[side.code] if side else (None, None)
        sides[name] = (side.code if side else None, country, sector, (side.names[0] if side and side.names else None))
    store.execute(
        "INSERT INTO events (event_id, doc_id, type, cameo, quad_class, goldstein, source_code, source_country, "
        "source_sector, source_name, target_code, target_country, target_sector, target_name, date, modality, "
        "confidence, sentence, trigger_text, mutual) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS DATE), ?, ?, ?, ?, ?)",
        (event_id, doc_id, coding.type, cameo, coding.quad_class, coding.goldstein, *sides["source"], *sides["target"],
         day, modality, confidence, sentence or f"{event_id} sentence", trigger, mutual))
    for name, side in (("source", source), ("target", target)):
        for i, kb_id in enumerate(side.names if side else []):
            store.execute("INSERT INTO event_actors (event_id, side, position, text, name, code, country, sector, kb_id) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (event_id, name, i, kb_id, kb_id, side.code, *ACTOR_CODES[side.code], kb_id))


def snapshot(store) -> tuple:
    """Everything clustering writes, to check that a second run changes nothing."""
    return (store.fetchall("SELECT * FROM event_clusters ORDER BY cluster_id"),
            store.fetchall("SELECT event_id, cluster_id FROM events ORDER BY event_id"))


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
