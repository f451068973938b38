"""End-to-end: the `dyadwatch` command on real files, every format, bad input, schema, eval."""
import json
import os
import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ministers-en.txt"


def run(*args, stdin=None):
    env = dict(os.environ, COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "dyadwatch.cli", *args], capture_output=True, text=True,
                          input=stdin, env=env, cwd=ROOT, timeout=300)


def test_table_output_on_the_example_article():
    res = run("code", str(EXAMPLE), "--date", "2024-10-15")
    assert res.returncode == 0, res.stderr
    assert "CONSULT" in res.stdout and "Japan" in res.stdout
    assert "1 documents" in res.stderr


def test_jsonl_and_json_formats(tmp_path):
    out = tmp_path / "events.jsonl"
    res = run("code", str(EXAMPLE), "--date", "2024-10-15", "--format", "jsonl", "-o", str(out))
    assert res.returncode == 0, res.stderr
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert events and {"event_id", "type", "cameo", "source", "target", "evidence", "coder"} <= set(events[0])
    res = run("code", str(EXAMPLE), "--date", "2024-10-15", "--format", "json")
    doc = json.loads(res.stdout)
    assert doc["lang"] == "en" and doc["events"] and doc["quotes"] and doc["timex"]
    quote = doc["quotes"][0]
    assert quote["speaker"] and quote["speaker"]["country"] == "IND"


def test_bad_inputs_are_reported_and_the_run_continues(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Le Maroc a expulsé deux diplomates algériens mardi.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "latin1.txt").write_bytes("Le Maroc a expulsé deux diplomates algériens.".encode("cp1252"))
    (tmp_path / "huge.txt").write_bytes(b"mot " * 13_000_000)
    (tmp_path / "broken.html").write_text("<html><body><div><p><<<>></div", encoding="utf-8")
    (tmp_path / "corpus.jsonl").write_text('{"id": "r1", "text": "Peru recalled its ambassador from Chile."}\n'
                                           '{"id": "r2", "text": \n', encoding="utf-8")
    res = run("code", str(tmp_path), "--format", "jsonl")
    assert res.returncode == 0, res.stderr
    for name in ("empty.txt", "binary.txt", "huge.txt", "broken.html", "corpus.jsonl:2"):
        assert f"{name}:" in res.stderr, name
    assert "latin1: not valid UTF-8; decoded as cp1252" in res.stderr
    assert "MAR" in res.stdout and "PER" in res.stdout
    strict = run("code", str(tmp_path), "--format", "jsonl", "--strict")
    assert strict.returncode == 1


def test_stdin_and_language_option():
    res = run("code", "-", "--lang", "fr", "--format", "jsonl", stdin="La Chine a menacé Taïwan de représailles.")
    assert res.returncode == 0 and json.loads(res.stdout.splitlines()[0])["type"] == "THREATEN"


def test_schema_command():
    res = run("schema", "event")
    schema = json.loads(res.stdout)
    assert {"event_id", "modality", "evidence", "goldstein"} <= set(schema["properties"])


def test_eval_command_on_our_own_gold(tmp_path):
    gold = tmp_path / "gold.jsonl"
    records = [
        {"id": "g1", "lang": "en", "date": None, "text": "Ghana accused Niger of harbouring rebels.",
         "events": [{"type": "ACCUSE", "source": [{"country": "GHA"}], "target": [{"country": "NER"}]}]},
        {"id": "g2", "lang": "en", "date": None, "text": "The weather in Accra was hot.", "events": []},
    ]
    gold.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    res = run("eval", str(gold), "--json")
    report = json.loads(res.stdout)
    assert report["type"]["f1"] == 1.0 and report["type_dyad"]["f1"] == 1.0
    assert report["false_positive_rate"] == 0.0 and report["negatives"] == 1


def test_data_errors_are_one_clear_line(tmp_path):
    res = run("code", str(EXAMPLE), "--model", "en=not_a_real_model")
    assert res.returncode == 2 and "not installed" in res.stderr and "Traceback" not in res.stderr


def test_kb_lookup_is_date_aware_and_explains_itself():
    before = json.loads(run("kb", "lookup", "Belooussov", "--date", "2023-06-01", "--json").stdout)
    after = json.loads(run("kb", "lookup", "Belooussov", "--date", "2024-10-15", "--json").stdout)
    assert before[0]["kb_id"] == after[0]["kb_id"] == "person/andrey-belousov"
    assert before[0]["role"] == "first deputy prime minister" and after[0]["role"] == "defence minister"
    assert after[0]["form"] == "surname" and "2024-05-14" in after[0]["why"]
    tass = json.loads(run("kb", "lookup", "Tass", "--json").stdout)
    assert tass[0]["kind"] == "organisation" and tass[0]["code"] == "RUSJRN"
    misspelt = json.loads(run("kb", "lookup", "Ethopia", "--json").stdout)
    assert misspelt[0]["kb_id"] == "country/ETH" and misspelt[0]["exact"] is False
    former = json.loads(run("kb", "lookup", "URSS", "--date", "2020-01-01", "--json").stdout)
    assert former[0]["code"] == "SUN" and "1991-12-26" in former[0]["why"]
    assert run("kb", "lookup", "Qwxyzzy").returncode == 1


def test_kb_stats_and_validate():
    stats = json.loads(run("kb", "stats", "--json").stdout)
    assert set(stats["languages"]) >= {"en", "fr", "de", "es"}
    assert stats["own_by_kind"]["country"] >= 250 and stats["countries_with_persons"] >= 60
    res = run("kb", "validate")
    assert res.returncode == 0 and "knowledge base loads" in res.stderr


def test_ray_engine_refuses_stdin_and_a_missing_output_folder(tmp_path):
    for args in (["-", "--engine", "ray", "-o", str(tmp_path / "out")], ["x.txt", "--engine", "ray"]):
        result = run("code", *args)
        assert result.returncode == 2 and "--engine ray" in result.stderr
