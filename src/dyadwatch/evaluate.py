"""`dyadwatch eval`: score the coder on a gold JSONL set exactly as ../shared/benchmarks/FORMAT.md says.

- type P/R/F1: per record, predicted and gold events matched one-to-one by PLOVER type; micro-averaged.
- type+dyad P/R/F1: a match also needs, on each side where the gold names countries, one of them
  among the predicted actors' countries on that side.
- quad accuracy (records whose gold gives only a quad class): quad of the most confident prediction.
- false-positive rate: share of negative records (no gold events) with at least one prediction.
- actor-country accuracy: on type-matched events (pairs that also agree on the dyad are taken first),
  the share of gold sides naming countries whose predicted side holds one of them; "precision" counts
  only the sides where we gave some country (a wrong country, not a missing actor).
Events with modality ``negated`` are left out.

FORMAT.md defines a gold ``country`` as an ISO alpha-3 code or a non-state code (IGO, UNO, EUR, NGO, ISM,
IMG, MNC). Some gold sets put sector codes there (CVL, COP, REB, ...) when they know no country; such a
side names no country, so it constrains neither the dyad nor the actor-country score.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from .model import DocumentAnalysis, Event


@dataclass
class PRF:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "predicted": self.n_pred, "gold": self.n_gold}


@dataclass
class Report:
    records: int = 0
    type: PRF = field(default_factory=PRF)
    dyad: PRF = field(default_factory=PRF)
    per_type: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    quad_total: int = 0
    quad_correct: int = 0
    negatives: int = 0
    negatives_with_events: int = 0
    country_sides: int = 0          # gold sides with countries, on matched events
    country_sides_predicted: int = 0   # ... where the predicted side has some country
    country_sides_correct: int = 0

    def as_dict(self) -> dict:
        return {
            "records": self.records,
            "type": self.type.as_dict(),
            "type_dyad": self.dyad.as_dict(),
            "quad_accuracy": round(self.quad_correct / self.quad_total, 4) if self.quad_total else None,
            "quad_records": self.quad_total,
            "false_positive_rate": round(self.negatives_with_events / self.negatives, 4) if self.negatives else None,
            "negatives": self.negatives,
            "actor_country_accuracy": round(self.country_sides_correct / self.country_sides, 4)
            if self.country_sides else None,
            "actor_country_precision": round(self.country_sides_correct / self.country_sides_predicted, 4)
            if self.country_sides_predicted else None,
            "actor_country_sides": self.country_sides,
            "per_type": {t: prf.as_dict() for t, prf in sorted(self.per_type.items())},
        }


NON_STATE = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    from .kb import load_kb

    return frozenset(e.country for e in load_kb().entities.values() if e.kind == "country") | NON_STATE


def _countries(actors: Iterable) -> set[str]:
    return {a["country"] if isinstance(a, dict) else a.country for a in actors
            if (a.get("country") if isinstance(a, dict) else a.country)}


def _gold_countries(actors: Iterable[dict]) -> set[str]:
    """Gold countries that are countries (not sector codes filed as countries)."""
    return _countries(actors) & _country_codes()


def _dyad_ok(gold: dict, pred: Event) -> bool:
    for side in ("source", "target"):
        wanted = _gold_countries(gold.get(side) or [])
        if wanted and not wanted & _countries(getattr(pred, side)):
            return False
    return True


def _matching(gold: list[dict], pred: list[Event], ok: Callable[[dict, Event], bool],
              gold_ids: Iterable[int] | None = None, pred_ids: Iterable[int] | None = None) -> dict[int, int]:
    """A maximum one-to-one matching {pred index: gold index} (Kuhn's augmenting paths; records are tiny),
    optionally restricted to some gold and predicted events."""
    gold_ids = list(range(len(gold)) if gold_ids is None else gold_ids)
    pred_ids = list(range(len(pred)) if pred_ids is None else pred_ids)
    owner: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for p in pred_ids:
            if p not in seen and ok(gold[g], pred[p]):
                seen.add(p)
                if p not in owner or augment(owner[p], seen):
                    owner[p] = g
                    return True
        return False

    for g in gold_ids:
        augment(g, set())
    return owner


def _score_countries(report: Report, typed: list[dict], predicted: list[Event], same_type, dyad_pairs) -> None:
    """Actor-country agreement on matched events: dyad-correct pairs first, then same-type pairs."""
    rest = _matching(typed, predicted, same_type, [g for g in range(len(typed)) if g not in dyad_pairs.values()],
                     [p for p in range(len(predicted)) if p not in dyad_pairs])
    for p, g in {**dyad_pairs, **rest}.items():
        for side in ("source", "target"):
            wanted = _gold_countries(typed[g].get(side) or [])
            if not wanted:
                continue
            got = _countries(getattr(predicted[p], side))
            report.country_sides += 1
            report.country_sides_predicted += bool(got)
            report.country_sides_correct += bool(wanted & got)


def score_record(report: Report, gold_events: list[dict], predicted: list[Event]) -> None:
    predicted = [e for e in predicted if e.modality != "negated"]
    report.records += 1
    if not gold_events:
        report.negatives += 1
        report.negatives_with_events += bool(predicted)
    typed = [g for g in gold_events if g.get("type")]
    if gold_events and not typed:  # a quad-only record
        report.quad_total += 1
        best = max(predicted, key=lambda e: e.confidence, default=None)
        report.quad_correct += bool(best and best.quad_class == gold_events[0].get("quad_class"))
        return
    same_type = lambda g, p: g["type"] == p.type
    dyad_pairs = _matching(typed, predicted, lambda g, p: same_type(g, p) and _dyad_ok(g, p))
    report.type.tp += len(_matching(typed, predicted, same_type))
    report.dyad.tp += len(dyad_pairs)
    _score_countries(report, typed, predicted, same_type, dyad_pairs)
    for prf in (report.type, report.dyad):
        prf.n_pred += len(predicted)
        prf.n_gold += len(typed)
    for t in {g["type"] for g in typed} | {p.type for p in predicted}:
        gs = [g for g in typed if g["type"] == t]
        ps = [p for p in predicted if p.type == t]
        prf = report.per_type[t]
        prf.tp += min(len(gs), len(ps))
        prf.n_pred += len(ps)
        prf.n_gold += len(gs)


def load_gold(path: Path) -> list[dict]:
    records = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{lineno}: invalid JSON ({exc.msg})") from exc
    return records


def evaluate(analyses: Iterable[DocumentAnalysis], gold: dict[str, list[dict]]) -> Report:
    report = Report()
    for analysis in analyses:
        score_record(report, gold.get(analysis.id, []), analysis.events)
    return report
