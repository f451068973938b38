import json

import pytest

from dyadwatch.pipeline import language
from dyadwatch.pipeline.ingest import RawDocument, Skipped, read_inputs
from dyadwatch.pipeline.language import identify
from dyadwatch.pipeline.normalize import normalize


def test_text_html_and_jsonl(tmp_path):
    (tmp_path / "a.txt").write_text("Le ministre a rencontré son homologue.", encoding="utf-8")
    (tmp_path / "b.html").write_text(
        "<html><head><title>Talks in Oslo</title><meta name='date' content='2023-03-02'></head><body><article>"
        "<h1>Talks in Oslo</h1><p>" + "Norway hosted delegations from both parties for a second round of talks. " * 5 +
        "</p></article></body></html>", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"id": "x1", "text": "Peru recalled its ambassador.", "lang": "en", "date": "2020-01-02"}) + "\n"
        + "{not json\n" + json.dumps({"id": "x2"}) + "\n", encoding="utf-8")
    items = list(read_inputs([str(tmp_path)]))
    docs = [i for i in items if isinstance(i, RawDocument)]
    skips = [i for i in items if isinstance(i, Skipped)]
    assert [d.id for d in docs] == ["a", "b", "x1"]
    assert docs[1].title == "Talks in Oslo" and "Norway hosted" in docs[1].text
    assert docs[2].lang == "en" and docs[2].date == "2020-01-02"
    assert len(skips) == 2 and "invalid JSON" in skips[0].reason and "'text'" in skips[1].reason
    assert skips[0].source.endswith("c.jsonl:2")


def test_bad_inputs_are_skipped_with_reasons(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "huge.txt").write_bytes(b"word " * 300_000)
    (tmp_path / "latin1.txt").write_bytes("Le gouvernement a démenti les accusations portées contre lui.".encode("cp1252"))
    items = {i.source.split("/")[-1]: i for i in read_inputs([str(tmp_path)], max_bytes=1_000_000)}
    assert isinstance(items["empty.txt"], Skipped) and "empty" in items["empty.txt"].reason
    assert isinstance(items["binary.txt"], Skipped) and "binary" in items["binary.txt"].reason
    assert isinstance(items["huge.txt"], Skipped) and "too large" in items["huge.txt"].reason
    latin = items["latin1.txt"]
    assert isinstance(latin, RawDocument) and "démenti" in latin.text and "not valid UTF-8" in latin.warnings[0]


def test_missing_file_is_reported():
    [item] = list(read_inputs(["/nonexistent/file.txt"]))
    assert isinstance(item, Skipped) and item.reason == "no such file"


def test_normalize_drops_furniture_keeps_headings_as_lines():
    text = "Un titre court\n\nVeröffentlicht am\nPartager\nLe premier ministre est arrivé.\n\nUn intertitre\nLa suite.  "
    n = normalize(text)
    assert n.title == "Un titre court"
    assert n.text == "Un titre court\nLe premier ministre est arrivé.\nUn intertitre\nLa suite."
    assert n.removed == ["Veröffentlicht am", "Partager"]


def test_language_identification():
    assert identify("Les deux gouvernements ont signé un accord de coopération militaire.").lang == "fr"
    assert identify("The two governments signed a military cooperation agreement.").lang == "en"
    assert identify("short").method == "default"
    assert identify("anything", given="de").lang == "de"


class _FakeIdentifier:
    """py3langid's interface, with a ranking chosen by the test."""

    def __init__(self, ranking):
        self.ranking = ranking

    def classify(self, text):
        return self.ranking[0]

    def rank(self, text):
        return self.ranking


@pytest.mark.parametrize("ranking, text, expected", [
    ([("xx", 0.30), ("yy", 0.20), ("en", 0.10)], "A short headline of a kind.", ("en", "langid-coded")),
    ([("xx", 0.90), ("en", 0.05)], "A short headline of a kind.", ("xx", "langid")),          # a sure guess stands
    ([("xx", 0.30), ("en", 0.05)], "A short headline of a kind.", ("xx", "langid")),          # too far behind
    ([("xx", 0.30), ("en", 0.20)], "A long article. " * 40, ("xx", "langid")),                # long texts are read right
    ([("fr", 0.30), ("en", 0.29)], "A short headline of a kind.", ("fr", "langid")),          # a coded guess stands
])
def test_an_unsure_uncoded_guess_on_a_short_text_gives_way_to_a_coded_language(monkeypatch, ranking, text, expected):
    monkeypatch.setattr(language, "_identifier", lambda: _FakeIdentifier(ranking))
    guess = identify(text, coded={"en", "fr"})
    assert (guess.lang, guess.method) == expected
    assert (guess.passed_over is not None) == (expected[1] == "langid-coded")


def test_coder_codes_a_headline_langid_misreads_and_says_so():
    from dyadwatch.coder import Coder

    headline = Coder().analyze("Russia attacked Ukraine.")   # py3langid: Crimean Tatar 0.18, English 0.09
    assert headline.lang == "en" and [e.type for e in headline.events] == ["ASSAULT"]
    assert any("language unsure" in w for w in headline.warnings)
    italian = Coder().analyze("Il governo ha firmato un accordo di cooperazione con la Francia lunedì scorso.")
    assert italian.lang == "it" and not italian.events
    assert any("no lexicon for language 'it'" in w for w in italian.warnings)
