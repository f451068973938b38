"""Scoring exactly as ../shared/benchmarks/FORMAT.md defines it, on hand-made predictions."""
from dyadwatch.evaluate import Report, score_record
from dyadwatch.model import Actor, Event, Evidence, Span


def ev(ptype, src=(), tgt=(), modality="asserted", conf=0.8, quad=1):
    actor = lambda c: Actor(text=c, country=c, start=0, end=1)
    return Event(event_id="x", doc_id="d", type=ptype, cameo="040", quad_class=quad, modality=modality,
                 confidence=conf, source=[actor(c) for c in src], target=[actor(c) for c in tgt], coder="t",
                 evidence=Evidence(sentence="s", sentence_index=0, sentence_start=0, trigger=Span(start=0, end=1, text="s")))


def gold(ptype, src=(), tgt=()):
    return {"type": ptype, "source": [{"country": c} for c in src], "target": [{"country": c} for c in tgt]}


def test_one_to_one_matching_by_type_and_dyad():
    r = Report()
    score_record(r, [gold("AGREE", ["HUN", "ROU"]), gold("CONSULT", ["USA"], ["RUS"])],
                 [ev("AGREE", ["ROU"], ["HUN"]), ev("AGREE", ["HUN"]), ev("CONSULT", ["USA"], ["CHN"])])
    assert (r.type.tp, r.type.n_pred, r.type.n_gold) == (2, 3, 2)
    assert r.dyad.tp == 1       # the CONSULT target is wrong


def test_negated_events_are_left_out_and_negatives_count():
    r = Report()
    score_record(r, [], [ev("ASSAULT", modality="negated")])
    score_record(r, [], [ev("ASSAULT")])
    assert r.negatives == 2 and r.negatives_with_events == 1 and r.type.n_pred == 1


def test_quad_only_records_use_the_most_confident_prediction():
    r = Report()
    score_record(r, [{"type": None, "quad_class": 4}], [ev("AGREE", conf=0.5, quad=1), ev("ASSAULT", conf=0.9, quad=4)])
    assert (r.quad_total, r.quad_correct, r.type.n_gold) == (1, 1, 0)


def test_actor_country_accuracy_on_matched_events():
    r = Report()
    # AGREE matches with a correct source; CONSULT matches by type with a wrong target and a missing source
    score_record(r, [gold("AGREE", ["HUN"]), gold("CONSULT", ["USA"], ["RUS"])],
                 [ev("AGREE", ["HUN"]), ev("CONSULT", [], ["CHN"]), ev("ASSAULT", ["SYR"])])
    assert (r.country_sides, r.country_sides_predicted, r.country_sides_correct) == (3, 2, 1)
    report = r.as_dict()
    assert report["actor_country_accuracy"] == round(1 / 3, 4) and report["actor_country_precision"] == 0.5


def test_sector_codes_filed_as_countries_do_not_constrain_the_dyad():
    r = Report()
    score_record(r, [gold("PROTEST", ["CVL"], ["COL"])], [ev("PROTEST", [], ["COL"])])
    assert r.dyad.tp == 1 and r.country_sides == 1
