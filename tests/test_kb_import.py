"""Phoenix/PETRARCH dictionary import: our own miniature dictionary in the Phoenix syntax."""
import json

from dyadwatch.kb_import import import_phoenix, read_layer, write_layer

SAMPLE = """# a test dictionary written for dyadwatch
RUTANIA_
+RUTANIAN_
+PORT_ELLA_
ANNA_VOLKOVA_  # fictional
+ANNA_V._VOLKOVA_
\t[RUTELI 700101-050301]
\t[RUTGOV 050301-120101]
\t[RUTELI]
FREEDOM_FRONT_OF_RUTANIA_ [RUTREB]
BLUE_LEAGUE_ [IGOBLU]
"""


def test_import_keeps_actors_with_dated_codes_and_drops_places(tmp_path):
    (tmp_path / "Phoenix.Countries.actors.txt").write_text(SAMPLE, encoding="utf-8")
    layer = import_phoenix(tmp_path)
    by_name = {a["name"]: a for a in layer["actors"]}
    assert "Rutania" not in by_name and "Port Ella" not in by_name        # bare country codes: places
    anna = by_name["Anna Volkova"]
    assert anna["names"] == ["Anna Volkova", "Anna V. Volkova"]
    assert [(r["code"], r["start"], r["end"]) for r in anna["roles"]] == [
        ("RUTELI", "1970-01-01", "2005-03-01"), ("RUTGOV", "2005-03-01", "2012-01-01"), ("RUTELI", None, None)]
    assert by_name["Freedom Front of Rutania"]["roles"][0]["sector"] == "REB"
    assert by_name["Blue League"]["roles"][0]["country"] == "IGO"
    out = tmp_path / "layer.jsonl"
    write_layer(layer, out)
    assert read_layer(out) == layer and json.loads(out.read_text().splitlines()[0])["licence"].startswith("MIT")


def test_shipped_phoenix_layer_resolves_historical_leaders():
    from dyadwatch.coder import Coder

    a = Coder(lang="en", date="1992-03-01").analyze("Francois Mitterrand received the delegation.")
    assert [x.code for x in a.actors if x.country] == ["FRAGOV"]
    a = Coder(lang="en", date="1999-01-01").analyze("Francois Mitterrand received the delegation.")
    assert a.actors[0].country == "FRA" and a.actors[0].code != "FRAGOV"
