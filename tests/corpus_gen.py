"""Generate a multilingual test corpus with known answers: unique articles, duplicates, syndicated
copies and corrupt files, in every format ``dyadwatch ingest`` reads from a folder.

The expected counts come from how the corpus is built, not from the code under test.
Usable as a script too: ``python tests/corpus_gen.py OUT_DIR [N_ARTICLES]``.
"""
from __future__ import annotations

import csv
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

TEMPLATES = Path(__file__).with_name("data") / "corpus_templates.yaml"
LANGS = ("en", "fr", "de", "es")


@dataclass
class Article:
    lang: str
    title: str
    body: str
    date: str

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.body}\n"


@dataclass
class Expected:
    documents: int     # distinct documents the store must end with
    duplicates: int    # inputs that repeat a stored document
    skipped: int       # inputs that cannot be read
    seen: int          # readable documents (documents + duplicates)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def articles(n: int, seed: int = 7) -> list[Article]:
    """``n`` distinct short articles, languages in turn."""
    spec = yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    codes = sorted(spec["countries"])
    out, bodies = [], set()
    while len(out) < n:
        lang = LANGS[len(out) % len(LANGS)]
        a, b = rng.sample(codes, 2)
        (a_name, a_of, a_city), (b_name, b_of, _) = spec["countries"][a][lang], spec["countries"][b][lang]
        values = {"a": a_name, "A": _cap(a_name), "a_of": a_of, "b": b_name, "b_of": b_of, "city": a_city,
                  "day": rng.choice(spec["days"][lang]), "hours": rng.randint(2, 12), "n": rng.randint(2, 40)}
        sentences = [rng.choice(spec["leads"][lang])] + rng.sample(spec["details"][lang], 2)
        body = _cap(" ".join(s.format(**values) for s in sentences))
        if body in bodies:
            continue
        bodies.add(body)
        title = rng.choice(spec["headlines"][lang]).format(**values)
        out.append(Article(lang, title, body, f"2024-10-{1 + len(out) % 28:02d}"))
    return out


def _html(article: Article) -> str:
    paragraphs = "".join(f"<p>{s}.</p>" for s in article.body.split(". ") if s)
    return (f"<!DOCTYPE html><html lang='{article.lang}'><head><meta charset='utf-8'><title>{article.title}</title>"
            f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{article.title}</h1>{paragraphs}"
            f"</article><footer>© News</footer></body></html>")


def write_corpus(root: Path, n: int = 200) -> Expected:
    """Write the corpus under ``root``; returns the counts a correct ingestion ends with."""
    root.mkdir(parents=True, exist_ok=True)
    items = articles(n + 30)
    files, wire, agency = items[:n], items[n:n + 20], items[n + 20:]
    documents, duplicates, skipped = 0, 0, 0

    for i, art in enumerate(files):                     # one file per article, every 8th as HTML
        folder = root / art.lang
        folder.mkdir(exist_ok=True)
        if i % 8 == 0:
            (folder / f"{i:03d}.html").write_text(_html(art), encoding="utf-8")
        else:
            (folder / f"{i:03d}.txt").write_text(art.text, encoding="utf-8")
        documents += 1

    copies = root / "copies"
    copies.mkdir()
    text_files = [a for i, a in enumerate(files) if i % 8]
    for k, art in enumerate(text_files[:10]):           # exact duplicates under another name
        (copies / f"dup-{k}.txt").write_text(art.text, encoding="utf-8")
    for k, art in enumerate(text_files[10:12]):         # the same, with different line breaks and spaces
        (copies / f"respaced-{k}.txt").write_text(art.text.replace(" ", "  ").replace("\n\n", "\n"), encoding="utf-8")
    duplicates += 12
    for k, art in enumerate(text_files[12:20]):         # syndicated: same body, another headline
        (copies / f"syndicated-{k}.txt").write_text(f"Wire report: {art.title}\n\n{art.body}\n", encoding="utf-8")
    documents += 8

    feeds = root / "feeds"
    feeds.mkdir()
    records = [{"id": f"w{k}", "lang": a.lang, "date": a.date, "title": a.title, "text": a.body, "source": "Wire"}
               for k, a in enumerate(wire)]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.append(json.dumps({**records[0], "id": "w0-again"}, ensure_ascii=False))       # same body, title, outlet
    lines.append(json.dumps({**records[1], "id": "w1-retitled", "title": "Updated: " + records[1]["title"]},
                            ensure_ascii=False))                                        # another headline
    lines.append(json.dumps({**records[2], "id": "w2-elsewhere", "source": "Other Daily"}, ensure_ascii=False))
    lines.insert(5, '{"id": "broken", "text": "unterminated')                            # malformed line
    (feeds / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    documents += len(records) + 2
    duplicates += 1
    skipped += 1

    with open(feeds / "agency.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "date", "lang", "headline", "body"])
        for k, art in enumerate(agency[:-1]):
            writer.writerow([f"a{k}", art.date, art.lang, art.title, art.body])
        writer.writerow(["a-empty", "2024-10-02", "en", "Nothing here", ""])           # empty text
    documents += len(agency) - 1
    skipped += 1

    legacy = agency[-1]                                  # a cp1252 file: read with a warning, not skipped
    (root / "legacy-cp1252.txt").write_bytes(f"Édition spéciale\n\n{legacy.body} Café crème.\n".encode("cp1252"))
    documents += 1

    bad = root / "corrupt"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blank.txt").write_bytes(b"  \n\t\n")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (bad / "invalid-utf8.txt").write_bytes(bytes(range(128, 256)) * 3)
    (bad / "broken.html").write_text("<html><body><div class='story'><p", encoding="utf-8")
    skipped += 5
    return Expected(documents=documents, duplicates=duplicates, skipped=skipped, seen=documents + duplicates)


def write_shards(root: Path, n: int = 500) -> int:
    """``n`` articles as corpus shards: JSONL, Parquet and WARC, a few text files, and one bad input of
    each shard kind (a malformed JSONL line, an unreadable Parquet file, a file that is not a WARC).
    Returns how many inputs cannot be read."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    root.mkdir(parents=True, exist_ok=True)
    items = articles(n)
    cut_jsonl, cut_parquet, cut_warc = int(n * 0.5), int(n * 0.8), n - 10
    lines = [json.dumps({"id": f"j{k}", "lang": a.lang, "date": a.date, "title": a.title, "text": a.body},
                        ensure_ascii=False) for k, a in enumerate(items[:cut_jsonl])]
    lines.insert(7, '{"id": "broken", "text": "unterminated')
    (root / "part-0.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = items[cut_jsonl:cut_parquet]
    pq.write_table(pa.table({"id": [f"p{k}" for k in range(len(rows))], "headline": [a.title for a in rows],
                             "body": [a.body for a in rows], "date": [a.date for a in rows]}), root / "part-1.parquet")
    with open(root / "part-2.warc.gz", "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for k, art in enumerate(items[cut_parquet:cut_warc]):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://news.example/{k}", "response", http_headers=headers,
                                                          payload=io.BytesIO(_html(art).encode("utf-8"))))
    for k, art in enumerate(items[cut_warc:]):
        (root / f"story-{k}.txt").write_text(art.text, encoding="utf-8")
    (root / "part-3.parquet").write_bytes(b"PAR1 not really")
    (root / "part-4.warc").write_bytes(b"this is not a WARC file\n")
    return 3


if __name__ == "__main__":
    expected = write_corpus(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 200)
    print(json.dumps(expected.__dict__))
