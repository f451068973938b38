#!/usr/bin/env python3
"""Generate the country part of the actor knowledge base.

Writes (under src/dyadwatch/data/kb/):
  countries.yaml        code (ISO 3166-1 alpha-3, or ISO 3166-3 for former states), iso2, wikidata,
                        canonical English name, start/end for states that no longer exist
  <lang>/countries.yaml names, adjectives, demonyms, metonyms per code, for en, fr, de, es
  cldr/<lang>.yaml      country names alone for every other language that both CLDR and a blank spaCy
                        pipeline know (it, pt, ru, ar, zh, ...), so actors work there before anyone writes
                        that language's tables (``--cldr``)

Country names come from CLDR via Babel (``babel.Locale(lang).territories``); everything Babel lacks
is hand-written data under scripts/country_words/: ``base.tsv`` (alpha-3 code, Wikidata id, validity
of former states) and one ``<lang>.tsv`` per language (adjectives, demonyms, capitals and seats of
power used for the government, usual short and long forms). The committed YAML files are what the
program loads; run ``python scripts/build_country_names.py [LANG ...] [--cldr]`` to regenerate them
(``pip install -e ".[data]"`` brings Babel).

base.tsv columns:   iso2 | alpha3 | wikidata | start | end | English name (only where CLDR has none)
<lang>.tsv columns: iso2 | adjectives | demonyms | metonyms | extra names
Items inside a column are separated by ";", "-" means none. Adjectives are given in their base form
and expanded by the language's forms() function; irregular words are written out with "/"
(grec/grecque/grecs/grecques). An empty demonym column is derived from the adjectives:
  en  "Russian" -> Russian, Russians          fr  the adjective forms, capitalised
  de  (always written out: Russe;Russen;Russin;Russinnen)
  es  the plural adjective forms (rusos, rusas)
German country names also get their genitive ("Russlands"), except names taking an article.
Capitals that are common words, person names or other well-known places are deliberately left out
(Victoria, Kingston, Georgetown, Santiago, San José, Sofia, Vienne, La Haye, Jerusalem ...);
Brussels / Bruxelles, Geneva, The Hague, Vienna stand for organisations, not for a country.
"""
from __future__ import annotations

import sys
from pathlib import Path

import babel
import yaml

ROOT = Path(__file__).resolve().parents[1]
KB = ROOT / "src" / "dyadwatch" / "data" / "kb"

# Canonical English names where CLDR's display name is not what the press uses.
CANONICAL = {
    "TR": "Turkey", "HK": "Hong Kong", "MO": "Macau", "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo", "MM": "Myanmar", "PS": "Palestine", "CZ": "Czech Republic",
    "VA": "Vatican City", "CI": "Ivory Coast", "TL": "East Timor", "FM": "Micronesia",
    "UM": "United States Minor Outlying Islands", "VI": "United States Virgin Islands",
}




WORDS = Path(__file__).resolve().parent / "country_words"
LANGS = tuple(sorted(p.stem for p in WORDS.glob("*.tsv") if p.stem != "base"))   # en, fr, de, es, ...


def french_forms(word: str) -> list[str]:
    """Masculine singular adjective -> [m.sg, f.sg, m.pl, f.pl] (press spelling)."""
    if "/" in word:
        return word.split("/")
    if word.endswith("e"):
        return [word, word + "s"]
    if word.endswith(("s", "x")):
        return [word, word + "e", word + "es"]
    if word.endswith(("en", "on")):
        return [word, word + "ne", word + "s", word + "nes"]
    return [word, word + "e", word + "s", word + "es"]


def german_forms(word: str) -> list[str]:
    """Adjective stem -> its strong and weak endings ("russisch" -> russische, russischen, ...)."""
    if "/" in word:
        return word.split("/")
    return [word] + [word + ending for ending in ("e", "en", "er", "es", "em")]


def spanish_forms(word: str) -> list[str]:
    """Masculine singular adjective -> [m.sg, f.sg, m.pl, f.pl]."""
    if "/" in word:
        return word.split("/")
    unaccented = word[:-2] + {"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u"}.get(word[-2], word[-2]) + word[-1]
    if word.endswith("o"):
        return [word, word[:-1] + "a", word + "s", word[:-1] + "as"]
    if word.endswith(("e", "a")):
        return [word, word + "s"]
    if word.endswith(("í", "ú")):
        return [word, word + "es", word + "s"]
    if word.endswith(("és", "án", "ín", "ón")):
        return [word, unaccented + "a", unaccented + "es", unaccented + "as"]
    return [word, word + "a", word + "es", word + "as"]


def english_demonyms(adjectives: list[str]) -> list[str]:
    """"Russian" -> Russian, Russians; "Sudanese" -> Sudanese; -ish/-ch words are written out."""
    out = []
    for adj in adjectives:
        if "." in adj or adj.isupper() or adj.endswith(("ish", "ch")):
            continue
        out += [adj] if adj.endswith(("ese", "ss")) else [adj, adj + "s"]
    return out


def german_genitives(names: list[str]) -> list[str]:
    """"Russland" -> "Russlands"; names with an article (die Ukraine, die Türkei, die Schweiz) take none."""
    return [n + "s" for n in names if " " not in n and n[-1:].isalpha() and not n.endswith(("s", "ß", "x", "z", "e", "ei"))]


FORMS = {"en": lambda a: [a], "fr": french_forms, "de": german_forms, "es": spanish_forms}


def default_demonyms(lang: str, adjectives: list[str]) -> list[str]:
    if lang == "en":
        return english_demonyms(adjectives)
    if lang == "fr":
        return [cap(a) for a in adjectives]
    if lang == "es":
        return [a for a in adjectives if a.endswith("s")]
    return []


def items(field: str) -> list[str]:
    field = field.strip()
    if not field or field == "-":
        return []
    return [x.strip() for x in field.split(";") if x.strip()]


def uniq(seq):
    seen, out = set(), []
    for x in seq:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def read_table(name: str, columns: int) -> dict[str, list[str]]:
    """Rows of scripts/country_words/<name>.tsv keyed by iso2."""
    rows = {}
    for n, line in enumerate((WORDS / f"{name}.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("|")
        if len(cols) != columns:
            raise SystemExit(f"{name}.tsv:{n}: {len(cols)} columns, expected {columns}: {line}")
        if cols[0] in rows:
            raise SystemExit(f"{name}.tsv:{n}: duplicate {cols[0]}")
        rows[cols[0]] = cols
    return rows


def cldr_names(lang: str, iso2: str, territories: dict) -> list[str]:
    """CLDR's name for the territory and its parts ("Congo (RDC)" -> Congo, RDC), minus special forms."""
    if iso2 not in territories:
        return []
    name = territories[iso2].replace("’", "'")
    out = [name, name.replace(" & ", " and " if lang == "en" else " et ")]
    # "Congo (RDC)" gives RDC; but "Saint-Martin (partie néerlandaise)" names MAF and "RAE de Hong Kong (China)" China
    if " (" in name and name.endswith(")") and iso2 not in ("SX", "HK", "MO"):
        out += [name.split(" (")[0], name.split(" (")[1].rstrip(")")]
    elif " (" in name and iso2 in ("HK", "MO"):
        out.append(name.split(" (")[0])
    return [n for n in out if " (" not in n and " - " not in n and "SAR" not in n and not n.startswith("R.A.S.")]


def language_entry(lang: str, iso2: str, row: list[str], territories: dict, canonical: str) -> dict:
    _, adj_col, dem_col, met_col, extra_col = row
    names = ([canonical] if lang == "en" else []) + cldr_names(lang, iso2, territories) + items(extra_col)
    if lang == "de":
        names += german_genitives(names)
    forms = FORMS.get(lang, lambda a: a.split("/"))   # other languages: every form written out with "/"
    adjectives = [f for a in items(adj_col) if "(" not in a for f in forms(a)]
    demonyms = items(dem_col) if dem_col.strip() else default_demonyms(lang, adjectives)
    return {"names": uniq(names), "adjectives": uniq(adjectives), "demonyms": uniq(demonyms),
            "metonyms": uniq(items(met_col))}


def cldr_only_languages() -> list[str]:
    """Languages with CLDR territory names and a spaCy blank pipeline that needs no extra package."""
    import warnings

    import spacy
    from babel import localedata

    warnings.filterwarnings("ignore")
    out = []
    for lang in sorted({x for x in localedata.locale_identifiers() if "_" not in x}):
        if lang in LANGS or not babel.Locale(lang).territories:
            continue
        try:
            spacy.blank(lang)("Test")
        except Exception:   # a tokenizer that needs a package we do not install (ja, ko, th, vi, ...)
            continue
        out.append(lang)
    return out


def write_cldr(base_rows: dict[str, list[str]]) -> None:
    """kb/cldr/<lang>.yaml: {code: [CLDR names]} for the current states, for every CLDR-only language."""
    dump = dict(allow_unicode=True, sort_keys=False, width=200, default_flow_style=None)
    (KB / "cldr").mkdir(exist_ok=True)
    langs = cldr_only_languages()
    for lang in langs:
        territories = babel.Locale(lang).territories
        body = {code: names for iso2, (_, code, _, start, end, _) in sorted(base_rows.items(), key=lambda r: r[1][1])
                if not (start or end) and (names := uniq(cldr_names(lang, iso2, territories)))}
        header = (f"# Country names in '{lang}' from CLDR (Babel), generated by scripts/build_country_names.py --cldr.\n"
                  f"# Names only: write kb/{lang}/countries.yaml (adjectives, capitals, ...) to do better.\n")
        (KB / "cldr" / f"{lang}.yaml").write_text(header + yaml.safe_dump(body, **dump), encoding="utf-8")
    print(f"CLDR names written for {len(langs)} languages")


def main(langs: list[str]) -> int:
    """Regenerate countries.yaml and the per-language files of ``langs`` (default: all); ``--cldr``
    also writes the names-only files of every other language."""
    cldr = "--cldr" in langs
    langs = [x for x in langs if x != "--cldr"]
    en_terr = babel.Locale("en").territories
    base_rows = read_table("base", 6)
    tables = {lang: read_table(lang, 5) for lang in langs or LANGS}
    base, out = [], {lang: {} for lang in tables}
    for iso2, (_, code, qid, start, end, own_name) in base_rows.items():
        if iso2 not in en_terr and not own_name:
            raise SystemExit(f"{iso2} unknown to Babel and without a name in base.tsv")
        name = own_name or CANONICAL.get(iso2, en_terr[iso2].replace(" & ", " and ").replace("St. ", "Saint "))
        entry = {"code": code, "iso2": iso2}
        if qid:
            entry["wikidata"] = qid
        entry["name"] = name
        if start or end:
            entry.update(start=start or None, end=end or None)
        base.append(entry)
        for lang, table in tables.items():
            if iso2 not in table:
                raise SystemExit(f"{lang}.tsv has no row for {iso2}")
            territories = babel.Locale(lang).territories if not (start or end) else {}
            out[lang][code] = language_entry(lang, iso2, table[iso2], territories, name)
    missing = [c for c in en_terr if len(c) == 2 and c.isalpha() and c not in base_rows]
    skipped = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
    if set(missing) - skipped:
        raise SystemExit(f"territories without a row: {sorted(set(missing) - skipped)}")

    base.sort(key=lambda e: e["code"])
    dump = dict(allow_unicode=True, sort_keys=False, width=200, default_flow_style=None)
    header = "# Generated by scripts/build_country_names.py from CLDR (Babel) and scripts/country_words/. Do not edit by hand.\n"
    (KB / "countries.yaml").write_text(header + yaml.safe_dump(base, **dump), encoding="utf-8")
    for lang, entries in out.items():
        (KB / lang).mkdir(parents=True, exist_ok=True)
        body = {k: entries[k] for k in sorted(entries)}
        (KB / lang / "countries.yaml").write_text(header + yaml.safe_dump(body, **dump), encoding="utf-8")
    print(f"{len(base)} countries written for {', '.join(out)}")
    if cldr:
        write_cldr(base_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
