"""Near-duplicate documents: word shingles → MinHash signatures → LSH bands kept in the store.

Syndicated copies, updates and lightly edited rewrites of one wire story share most of their
5-word shingles, while two different stories about the same actors share few. A MinHash signature
(``datasketch``) estimates the Jaccard similarity of two shingle sets; LSH banding turns "find all
similar pairs" into equality joins on band hashes, which the database does for us, so a new batch of
documents is compared with the whole corpus without loading it.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

import numpy as np
from datasketch import MinHash

from . import Store

NUM_PERM = 128
BANDS, ROWS = 32, 4                  # 32 × 4 = 128; pairs above ~0.42 similarity become candidates
SHINGLE_WORDS = 5
NEAR_DUP_THRESHOLD = 0.5             # estimated Jaccard of 5-word shingles
_SEED = 1
_SCHEME = "affine32"                 # named, so stored signatures stay comparable across datasketch versions
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Accent-, case- and punctuation-insensitive words: the same story typed twice gives the same list."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Overlapping ``size``-word windows; a text shorter than that is one shingle."""
    tokens = words(text)
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash signature of a text: ``NUM_PERM`` unsigned 32-bit minima."""
    mh = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    mh.update_batch([s.encode("utf-8") for s in shingles(text)])
    return mh.hashvalues.astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (share of equal minima)."""
    return float(np.count_nonzero(a == b)) / len(a)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(blob: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(blob), dtype="<u4")


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit hash per LSH band (fits BIGINT on both backends)."""
    raw = to_bytes(sig)
    width = ROWS * 4
    return [int.from_bytes(hashlib.blake2b(raw[i * width:(i + 1) * width], digest_size=8).digest(), "little",
                           signed=True) for i in range(BANDS)]


@dataclass(frozen=True)
class NearDupStats:
    signed: int          # documents given a signature in this call
    pairs: int           # near-duplicate pairs found in this call


def chunked(items: list, size: int = 500) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def update_signatures(store: Store, doc_ids: list[str] | None = None,
                      threshold: float = NEAR_DUP_THRESHOLD) -> NearDupStats:
    """Sign the documents that have no signature yet (among ``doc_ids`` when given), index their bands,
    and record their near-duplicate pairs. Idempotent: signed documents are skipped."""
    sql = ("SELECT d.doc_id, d.text FROM documents d LEFT JOIN doc_signatures s ON s.doc_id = d.doc_id "
           "WHERE s.doc_id IS NULL")
    todo: list[tuple] = []
    if doc_ids is None:
        todo = store.fetchall(sql)
    else:
        for chunk in chunked(sorted(set(doc_ids))):
            todo += store.fetchall(sql + f" AND d.doc_id IN ({', '.join('?' * len(chunk))})", chunk)
    if not todo:
        return NearDupStats(0, 0)
    sigs = {doc_id: signature(text or "") for doc_id, text in todo}
    with store.transaction():
        store.insert_rows("doc_signatures", ("doc_id", "minhash"), [(d, to_bytes(s)) for d, s in sigs.items()])
        store.insert_rows("doc_lsh", ("band", "bucket", "doc_id"),
                          [(band, key, d) for d, s in sigs.items() for band, key in enumerate(band_keys(s))])
        pairs = _record_pairs(store, sorted(sigs), sigs, threshold)
        _set_near_dup_of(store, sorted(sigs))
    return NearDupStats(len(sigs), pairs)


def _record_pairs(store: Store, new_ids: list[str], sigs: dict[str, np.ndarray], threshold: float) -> int:
    """Candidates share a band bucket; keep those whose full signatures agree enough."""
    candidates: set[tuple[str, str]] = set()
    for chunk in chunked(new_ids):
        rows = store.fetchall(
            "SELECT DISTINCT a.doc_id, b.doc_id FROM doc_lsh a JOIN doc_lsh b "
            "ON a.band = b.band AND a.bucket = b.bucket AND a.doc_id <> b.doc_id "
            f"WHERE a.doc_id IN ({', '.join('?' * len(chunk))})", chunk)
        candidates |= {tuple(sorted(r)) for r in rows}
    others = sorted({d for pair in candidates for d in pair} - set(sigs))
    known = dict(sigs)
    for chunk in chunked(others):
        known |= {d: from_bytes(blob) for d, blob in store.fetchall(
            f"SELECT doc_id, minhash FROM doc_signatures WHERE doc_id IN ({', '.join('?' * len(chunk))})", chunk)}
    found = [(a, b, sim) for a, b in sorted(candidates)
             if (sim := similarity(known[a], known[b])) >= threshold]
    store.insert_rows("doc_near_dups", ("doc_id", "other_doc_id", "similarity"), found)
    return len(found)


def _set_near_dup_of(store: Store, new_ids: list[str]) -> None:
    """``near_dup_of`` = the earliest (publication date, then id) document a document nearly copies, among
    those older than itself; the first of a group keeps NULL. A new early copy can re-point old ones."""
    affected = sorted({d for pair in near_duplicate_pairs(store, new_ids) for d in pair})
    pairs = near_duplicate_pairs(store, affected)
    dates: dict[str, object] = {}
    for chunk in chunked(sorted({d for pair in pairs for d in pair})):
        dates |= dict(store.fetchall(
            f"SELECT doc_id, pub_date FROM documents WHERE doc_id IN ({', '.join('?' * len(chunk))})", chunk))

    def order(doc_id: str) -> tuple:
        when = dates.get(doc_id)
        return (when is None, str(when), doc_id)

    earliest: dict[str, str] = {}
    for a, b in pairs:
        first, later = sorted((a, b), key=order)
        if later not in earliest or order(first) < order(earliest[later]):
            earliest[later] = first
    store.executemany("UPDATE doc_signatures SET near_dup_of = ? WHERE doc_id = ?",
                      [(earliest.get(d), d) for d in affected])


def near_duplicate_pairs(store: Store, doc_ids: Iterable[str]) -> set[tuple[str, str]]:
    """Recorded near-duplicate pairs (sorted tuples) touching any of ``doc_ids``."""
    ids = sorted(set(doc_ids))
    out: set[tuple[str, str]] = set()
    for chunk in chunked(ids):
        marks = ", ".join("?" * len(chunk))
        out |= {tuple(sorted(r)) for r in store.fetchall(
            f"SELECT doc_id, other_doc_id FROM doc_near_dups WHERE doc_id IN ({marks}) OR other_doc_id IN ({marks})",
            chunk + chunk)}
    return out
