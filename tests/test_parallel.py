"""Local parallelism (`code --workers`) and the `--fast` profile."""
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from dyadwatch.parallel import map_chunks

from .corpus_gen import articles

ROOT = Path(__file__).resolve().parents[1]


def _cli(*args) -> list[str]:
    return [sys.executable, "-m", "dyadwatch.cli", *args]


def _write_corpus(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i, art in enumerate(articles(n, seed=5)):
            f.write(json.dumps({"id": f"d{i:03d}", "text": art.text, "lang": art.lang, "date": art.date},
                               ensure_ascii=False) + "\n")
    return path


def _english_folder(tmp_path: Path, n: int) -> Path:
    """``n`` English articles, one .txt file each: one model to load."""
    folder = tmp_path / "en"
    folder.mkdir()
    for i, art in enumerate([a for a in articles(4 * n, seed=13) if a.lang == "en"][:n]):
        (folder / f"{i:02d}.txt").write_text(art.text, encoding="utf-8")
    return folder


def test_two_workers_write_exactly_what_one_worker_writes(tmp_path):
    corpus = _write_corpus(tmp_path / "mixed.jsonl", 20)
    outputs = {}
    for workers, order in ((1, []), (2, []), (2, ["--unordered"])):
        out = tmp_path / f"w{workers}{''.join(order)}.jsonl"
        res = subprocess.run(_cli("code", str(corpus), "--format", "jsonl", "--batch-size", "3",
                                  "--workers", str(workers), "-o", str(out), *order),
                             capture_output=True, text=True, cwd=ROOT, timeout=600)
        assert res.returncode == 0, res.stderr
        assert "20 documents" in res.stderr
        outputs[workers, bool(order)] = out.read_text(encoding="utf-8")
    assert outputs[1, False] == outputs[2, False]
    assert sorted(outputs[2, True].splitlines()) == sorted(outputs[2, False].splitlines())   # --unordered
    events = [json.loads(line) for line in outputs[2, False].splitlines()]
    doc_ids = [e["doc_id"] for e in events]
    assert doc_ids == sorted(doc_ids) and len(set(doc_ids)) >= 10   # input order, most documents have events
    assert set(doc_ids) <= {f"d{i:03d}" for i in range(20)}


def _square_all(chunk: list[int]) -> list[int]:
    return [x * x for x in chunk]


def test_map_chunks_keeps_order_and_reads_ahead_at_most_two_chunks_per_worker():
    pulled = []

    def chunks():
        for i in range(40):
            pulled.append(i)
            yield [i, i + 100]

    workers = 2
    results = []
    for result in map_chunks(_square_all, chunks(), workers):
        assert len(pulled) - len(results) <= 2 * workers + 1   # bounded: never the whole corpus in flight
        results.append(result)
    assert results == [[i * i, (i + 100) ** 2] for i in range(40)]


def _slow_second(chunk: list[int]) -> list[int]:
    if chunk[0] == 1:
        time.sleep(2)
    return chunk


def test_unordered_map_chunks_yields_results_as_they_are_ready():
    chunks = [[i] for i in range(12)]
    ordered = list(map_chunks(_slow_second, iter(chunks), 2))
    unordered = list(map_chunks(_slow_second, iter(chunks), 2, ordered=False))
    assert ordered == chunks
    assert sorted(unordered) == chunks and unordered != chunks
    assert unordered.index([1]) > unordered.index([2])   # the slow chunk held nothing back


def _sleep_unless_first(chunk: list[int]) -> list[int]:
    if chunk[0]:
        time.sleep(60)
    return chunk


def test_map_chunks_stop_ends_the_results_while_every_worker_is_busy():
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    started = time.monotonic()
    results = list(map_chunks(_sleep_unless_first, ([i] for i in range(10)), 2, stop))
    assert results == [[0]]   # the first chunk, coded in this process; the rest were abandoned
    assert time.monotonic() - started < 20, "the busy workers were waited for instead of ended"
    for worker in multiprocessing.active_children():
        worker.join(timeout=5)
        assert worker.exitcode is not None, "a worker was left running"


def test_ctrl_c_stops_reports_and_exits_130(tmp_path):
    corpus = _write_corpus(tmp_path / "many.jsonl", 400)
    proc = subprocess.Popen(_cli("code", str(corpus), "--format", "jsonl", "--batch-size", "4", "--workers", "2"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout.readline(), "no event written before the interrupt"
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "documents written" in stderr


def test_ctrl_c_during_ingest_keeps_whole_batches_and_resume_completes(tmp_path):
    """Ctrl-C stops the run after a committed batch (exit 130, no clustering); the same command resumes."""
    from dyadwatch.store import open_store
    from dyadwatch.store.ingest import Ingestor

    folder, n_docs = _english_folder(tmp_path, 40), 40
    db, batch = f"duckdb://{tmp_path / 'store.duckdb'}", 4
    proc = subprocess.Popen(_cli("ingest", str(folder), "--db", db, "--batch-size", str(batch), "--workers", "2"),
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        for line in proc.stderr:
            if line.startswith("batch 2 committed"):
                proc.send_signal(signal.SIGINT)
                break
        stderr = proc.communicate(timeout=120)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "run the same command again" in stderr and "clusters:" not in stderr

    store = open_store(db)
    try:
        stored = store.fetchall("SELECT COUNT(*) FROM documents")[0][0]
        assert 2 * batch <= stored < n_docs and stored % batch == 0   # only whole batches
        assert store.fetchall("SELECT COUNT(*) FROM ingest_runs WHERE finished_at IS NULL") == [(1,)]
        report = Ingestor(store, batch_size=batch).run([str(folder)])
        assert (report.added, report.duplicates, report.interrupted) == (n_docs - stored, stored, False)
    finally:
        store.close()


def test_ingest_stop_ends_the_run_after_the_batch_being_committed(tmp_path):
    import threading

    from dyadwatch.store import open_store
    from dyadwatch.store.ingest import Ingestor

    folder = _english_folder(tmp_path, 9)
    stop = threading.Event()
    store = open_store(f"duckdb://{tmp_path / 'store.duckdb'}")
    try:
        report = Ingestor(store, batch_size=3, on_batch=lambda report, added: stop.set()).run([str(folder)], stop=stop)
        assert (report.interrupted, report.batches, report.added) == (True, 1, 3)
        assert report.as_dict()["interrupted"] is True
        assert store.fetchall("SELECT n_added, finished_at FROM ingest_runs") == [(3, None)]
    finally:
        store.close()


def test_fast_profile_codes_roles_from_word_order():
    from dyadwatch.coder import Coder

    text = "Russia attacked Ukraine on Monday."
    full, fast = Coder(lang="en"), Coder(lang="en", fast=True)
    fast_pipe = fast.pipeline("en")
    assert not fast_pipe.has_parse and not fast_pipe.has_ner
    assert "sentencizer" in fast_pipe.nlp.pipe_names or "senter" in fast_pipe.nlp.pipe_names

    def dyads(coder):
        return [(e.type, [a.code for a in e.source], [a.code for a in e.target]) for e in coder.analyze(text).events]

    fast_events = fast.analyze(text).events
    assert fast_events and all(e.coder.endswith("[order]") for e in fast_events)
    assert dyads(fast) == dyads(full) == [("ASSAULT", ["RUS"], ["UKR"])]


def test_fast_french_reads_headlines_in_capitals():
    """The French lookup table lists several lemmas for some forms; a word in capitals takes the first."""
    from dyadwatch.coder import Coder

    analysis = Coder(lang="fr", fast=True).analyze("LES AGRICULTEURS BLOQUENT LES ROUTES\n\nLa police a arrêté dix personnes.")
    assert analysis.model == "blank" and analysis.text.startswith("LES AGRICULTEURS")
