"""Corpus formats beyond text/HTML/JSONL: WARC archives, RSS/Atom files, CSV; and parallel coding."""
import io

from dyadwatch.pipeline.ingest import RawDocument, Skipped
from dyadwatch.pipeline.sources import read_sources

PAGE = ("<html><head><title>Leaders meet in Nairobi</title></head><body><article><h1>Leaders meet in Nairobi</h1>"
        "<p>Kenya's president met the Egyptian foreign minister in Nairobi on Monday to discuss Nile water.</p>"
        "<p>The two governments agreed to set up a joint commission, officials said after the meeting.</p>"
        "</article></body></html>")
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Warsaw talks</title><link href="https://atom.example/warsaw"/><id>tag:atom.example,2024:1</id>
<updated>2024-10-16T09:00:00Z</updated>
<content type="html">&lt;p&gt;Poland and Canada signed an energy accord in Warsaw on Wednesday.&lt;/p&gt;</content></entry>
<entry><title>Empty</title><id>tag:atom.example,2024:2</id><updated>2024-10-16T10:00:00Z</updated></entry>
</feed>"""


def _warc(path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, kind, body in (("https://kenya.example/leaders", "text/html; charset=utf-8", PAGE.encode()),
                                ("https://kenya.example/logo.png", "image/png", b"\x89PNG....")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def test_warc_html_responses_become_documents(tmp_path):
    _warc(tmp_path / "crawl.warc.gz")
    (tmp_path / "broken.warc").write_bytes(b"this is not a WARC file\n")
    items = list(read_sources([str(tmp_path)]))
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert len(docs) == 1 and docs[0].url == "https://kenya.example/leaders"
    assert docs[0].title == "Leaders meet in Nairobi" and "joint commission" in docs[0].text
    assert [s.source for s in items if isinstance(s, Skipped)] == [str(tmp_path / "broken.warc")]


def test_atom_file_entries_with_text(tmp_path):
    (tmp_path / "desk.atom").write_text(ATOM, encoding="utf-8")
    items = list(read_sources([str(tmp_path / "desk.atom")]))
    doc, skip = items
    assert (doc.title, doc.date, doc.outlet, doc.url) == ("Warsaw talks", "2024-10-16", "Atom Desk",
                                                          "https://atom.example/warsaw")
    assert doc.text == "Poland and Canada signed an energy accord in Warsaw on Wednesday."
    assert isinstance(skip, Skipped) and "no text" in skip.reason


def test_csv_columns_by_name(tmp_path):
    (tmp_path / "c.csv").write_text("headline,body,published,outlet\nTalks,Spain and Italy met in Rome.,2024-10-01,"
                                    "Daily\n", encoding="utf-8")
    (doc,) = read_sources([str(tmp_path / "c.csv")])
    assert (doc.title, doc.text, doc.date, doc.outlet) == ("Talks", "Spain and Italy met in Rome.", "2024-10-01", "Daily")


def test_two_workers_store_what_one_worker_stores(tmp_path):
    from dyadwatch.store import open_store
    from dyadwatch.store.ingest import Ingestor

    from .corpus_gen import articles

    folder = tmp_path / "en"
    folder.mkdir()
    for i, art in enumerate(a for a in articles(48, seed=5) if a.lang == "en"):
        (folder / f"{i}.txt").write_text(art.text, encoding="utf-8")
    results = []
    for workers in (1, 2):
        store = open_store(tmp_path / f"w{workers}.duckdb")
        report = Ingestor(store, workers=workers, batch_size=3).run([str(folder)])
        assert report.added == 12
        results.append(store.fetchall("SELECT event_id, doc_id, type FROM events ORDER BY event_id"))
        store.close()
    assert results[0] == results[1] and results[0]


def test_parquet_rows_become_documents(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"doc_id": ["k1", "k2"], "headline": ["Talks", None],
                             "content": ["Kenya and Egypt held talks in Nairobi.", " "]}), tmp_path / "rows.parquet")
    (tmp_path / "notes.parquet").write_bytes(b"PAR1 truncated")
    items = list(read_sources([str(tmp_path)]))
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert [(d.id, d.title, d.source) for d in docs] == [("k1", "Talks", f"{tmp_path / 'rows.parquet'}:0")]
    reasons = {s.source: s.reason for s in items if isinstance(s, Skipped)}
    assert reasons[f"{tmp_path / 'rows.parquet'}:1"] == "row has an empty text column"
    assert reasons[str(tmp_path / "notes.parquet")].startswith("unreadable Parquet file")
