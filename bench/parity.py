"""Language parity: the same facts written in en, fr, de and es should code to the same event.

    python bench/parity.py [--out bench/results/parity.json]

For each item of tests/data/parity.yaml (one fact, four sentences, its PLOVER type and the countries
of each side), a language *hits* when some event of that type has one of the gold source countries
among its sources and one of the gold target countries among its targets (a side the item leaves
empty is not checked; a mutual event may be read either way). Parity is the share of items where all four languages hit.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import yaml

LANGS = ("en", "fr", "de", "es")
ITEMS = Path(__file__).resolve().parents[1] / "tests" / "data" / "parity.yaml"


def hits(events, item: dict) -> bool:
    for e in events:
        if e.type != item["type"] or e.modality == "negated":
            continue
        sides = {a.country for a in e.source}, {a.country for a in e.target}
        for sources, targets in [sides, sides[::-1]] if e.mutual else [sides]:   # a mutual event holds both ways
            if (not item["source"] or sources & set(item["source"])) and (not item["target"] or targets & set(item["target"])):
                return True
    return False


def run(date: str = "2024-10-15") -> dict:
    from dyadwatch.coder import Coder

    items = yaml.safe_load(ITEMS.read_text(encoding="utf-8"))
    coders = {lang: Coder(lang=lang, date=date) for lang in LANGS}
    per_lang, by_type, misses = Counter(), Counter(), {lang: [] for lang in LANGS}
    all_four = 0
    for item in items:
        ok = {lang: hits(coders[lang].analyze(item[lang]).events, item) for lang in LANGS}
        per_lang.update(lang for lang, hit in ok.items() if hit)
        for lang, hit in ok.items():
            if not hit:
                misses[lang].append(item["id"])
        if all(ok.values()):
            all_four += 1
            by_type[item["type"]] += 1
    n = len(items)
    return {"items": n, "hit_rate": {lang: round(per_lang[lang] / n, 3) for lang in LANGS},
            "all_four": round(all_four / n, 3), "all_four_by_type": dict(sorted(by_type.items())), "misses": misses}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    result = run()
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
