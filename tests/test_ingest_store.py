"""Issue 6 acceptance: ingest a generated four-language corpus with duplicates, syndicated copies and
corrupt files, crash half-way, resume, and end with exactly the right counts — on both backends."""
import os
import signal
import subprocess
import sys

import pytest

from dyadwatch.store import open_store
from dyadwatch.store import ingest as ingest_module
from dyadwatch.store.ingest import Ingestor
from dyadwatch.store.writer import COLUMNS

from .corpus_gen import articles, write_corpus

BATCH = 16


def _count(store, sql):
    return store.fetchall(sql)[0][0]


class SimulatedCrash(RuntimeError):
    pass


def _crash_on_batch(k, real_write_rows):
    """A write_rows that dies half-way through writing batch ``k`` (documents written, events not)."""
    calls = {"n": 0}

    def write_rows(store, rows):
        calls["n"] += 1
        if calls["n"] == k:
            store.insert_rows("documents", COLUMNS["documents"], rows.get("documents", []))
            raise SimulatedCrash(f"crash while writing batch {k}")
        real_write_rows(store, rows)
    return write_rows


def test_corpus_crash_resume_exact_counts(store_url, tmp_path, monkeypatch):
    expected = write_corpus(tmp_path / "corpus", 200)
    assert expected.documents >= 200
    corpus = str(tmp_path / "corpus")
    store = open_store(store_url)
    try:
        monkeypatch.setattr(ingest_module, "write_rows", _crash_on_batch(7, ingest_module.write_rows))
        crashed = Ingestor(store, batch_size=BATCH)
        with pytest.raises(SimulatedCrash):
            crashed.run([corpus])
        stored = _count(store, "SELECT COUNT(*) FROM documents")
        assert stored == crashed.report.added and 0 < stored < expected.documents
        assert crashed.report.batches == 6
        # the half-written batch was rolled back: no orphans, and the run is recorded as unfinished
        assert _count(store, "SELECT COUNT(*) FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id "
                             "WHERE d.doc_id IS NULL") == 0
        assert store.fetchall("SELECT n_added, finished_at FROM ingest_runs WHERE run_id = ?",
                              (crashed.report.run_id,)) == [(stored, None)]
        monkeypatch.undo()

        resumed = Ingestor(store, batch_size=BATCH).run([corpus])
        assert resumed.added == expected.documents - stored
        assert resumed.duplicates == expected.duplicates + stored
        assert len(resumed.skipped) == expected.skipped
        assert resumed.seen == expected.seen
        assert _count(store, "SELECT COUNT(*) FROM documents") == expected.documents
        assert _count(store, "SELECT COUNT(DISTINCT lang) FROM documents") == 4
        run = store.fetchall("SELECT n_seen, n_added, n_duplicate, n_skipped, finished_at IS NOT NULL "
                             "FROM ingest_runs WHERE run_id = ?", (resumed.run_id,))
        assert run == [(expected.seen, resumed.added, resumed.duplicates, expected.skipped, True)]

        # nothing lost: the crash-and-resume store holds exactly the events of an uninterrupted run
        clean = open_store(f"duckdb://{tmp_path / 'clean.duckdb'}")
        Ingestor(clean, batch_size=BATCH).run([corpus])
        ids = {r[0] for r in store.fetchall("SELECT event_id FROM events")}
        assert ids == {r[0] for r in clean.fetchall("SELECT event_id FROM events")} and ids
        assert _count(store, "SELECT COUNT(*) FROM event_actors") == _count(clean, "SELECT COUNT(*) FROM event_actors")
        clean.close()

        # a third run adds nothing and codes nothing (content keys are checked before coding)
        monkeypatch.setattr(ingest_module, "code_jobs",
                            lambda jobs: pytest.fail("re-ingestion coded a document") if jobs else ({}, []))
        again = Ingestor(store, batch_size=BATCH).run([corpus])
        assert (again.added, again.duplicates, len(again.skipped)) == (0, expected.seen, expected.skipped)
    finally:
        store.close()


def test_sigkill_leaves_whole_batches_and_resume_completes(store_url, tmp_path):
    folder = tmp_path / "en"
    folder.mkdir()
    english = [a for a in articles(160, seed=11) if a.lang == "en"][:40]
    for i, art in enumerate(english):
        (folder / f"{i:02d}.txt").write_text(art.text, encoding="utf-8")
    batch = 4
    command = [sys.executable, "-c", "from dyadwatch.cli import main; main()", "ingest", str(folder),
               "--db", store_url, "--batch-size", str(batch)]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        for line in proc.stderr:
            if line.startswith("batch 3 committed"):
                proc.send_signal(signal.SIGKILL)
                break
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL

    store = open_store(store_url)
    try:
        stored = _count(store, "SELECT COUNT(*) FROM documents")
        assert 3 * batch <= stored < len(english) and stored % batch == 0   # only whole batches
        report = Ingestor(store, batch_size=batch).run([str(folder)])
        assert (report.added, report.duplicates) == (len(english) - stored, stored)
        assert _count(store, "SELECT COUNT(*) FROM documents") == len(english)
    finally:
        store.close()
