"""A reason speaks its score's own scale (issue 27): « 1,5 / 3, en dessous de 2 », not « 50/100 ».

Rules compare every score in percent of its maximum (`score.x < 66.66`), whatever its `scale`;
the page prints a score on a scale of its own « 1,5 / 3 » or « 14 / 20 ». The reason says the
score as the page does, and its bound on the same scale: the threshold scaled with it, with two
decimals at least (33.33 on 0–3 is 0.9999, said « 1 »; 72 % of 20 points « 14,4 »), more when
they would put the printed score on the wrong side of the printed bound.

tests/engine/globals: a: x (mean of x1, x2 on 0–3, `scale: 3`), w (0–100); b: z (`sum` of z1 on
0–10 and z2 on 0–5 of weight 2, `scale: points`), m (out of the global). With G: x = 50 (1,5 /
3), w = 25, z = 70 (14 / 20), the global of stages (37.5 + 2 × 70) / 3 = 59.17, pooled 18 / 30.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parcours.engine import check_answers, evaluate, load, result_dict
from parcours.engine.conditions import compile_condition
from parcours.engine.explain import because
from parcours.engine.numbers import Measure
from parcours.engine.roadmap import facts_for
from tests.engine.test_published_models import AIA, SAMM, examples, ours
from tests.engine.test_scoring_policies import G, globals_with

POOLED_POINTS = ("questionnaire.yaml", "global: stages\n  global_scale: percent",
                 "global: pooled\n  global_scale: points")
STAGES_ON_3 = ("questionnaire.yaml", "global_scale: percent", "global_scale: 3")
HALVED_ON_10 = ("questionnaire.yaml", 'value: "score.x / 2"',
                'value: "score.x / 2"\n      scale: 10')
WORSE = ("questionnaire.yaml", "global: stages", "global: stages\n  higher_is: worse")
WITHOUT_X = {k: v for k, v in G.items() if k not in ("x1", "x2")}
WITHOUT_Z2 = {k: v for k, v in G.items() if k != "z2"}


@pytest.mark.parametrize(("edits", "answers", "condition", "fr", "en"), [
    # 0–100: as before (A.D.O.C.'s reference roadmaps stay byte-identical)
    ((), G, "score.w < 40", "votre score « W » est de 25/100, en dessous de 40",
     "your “W” score is 25/100, below 40"),
    ((), G, "stage.a < 40", "votre score pour « A » est de 38/100, en dessous de 40",
     "your score for “A” is 38/100, below 40"),
    ((), G, "global < 60", "votre score global est de 59/100, en dessous de 60",
     "your overall score is 59/100, below 60"),
    # scale: 3, its bound scaled with it: 66.66 % of 3 is 1.9998, said « 2 »
    ((), G, "score.x < 66.66", "votre score « X » est de 1,5 / 3, en dessous de 2",
     "your “X” score is 1.5 / 3, below 2"),
    ((), {**G, "x1": "p1", "x2": "p1"}, "score.x >= 33.33",
     "votre score « X » est de 1 / 3, au moins 1", "your “X” score is 1 / 3, at least 1"),
    ((), {**G, "x1": "p1", "x2": "p0"}, "score.x <= 20",
     "votre score « X » est de 0,5 / 3, au plus 0,6", "your “X” score is 0.5 / 3, at most 0.6"),
    # scale: points, out of this diagnostic's own maximum: 14 of 20, or 4 of 10 without z2
    ((), G, "score.z < 75", "votre score « Z » est de 14 / 20, en dessous de 15",
     "your “Z” score is 14 / 20, below 15"),
    ((), G, "score.z < 72", "votre score « Z » est de 14 / 20, en dessous de 14,4",
     "your “Z” score is 14 / 20, below 14.4"),
    ((), WITHOUT_Z2, "score.z < 75", "votre score « Z » est de 4 / 10, en dessous de 7,5",
     "your “Z” score is 4 / 10, below 7.5"),
    # the global on its own scale
    ((POOLED_POINTS,), G, "global < 70", "votre score global est de 18 / 30, en dessous de 21",
     "your overall score is 18 / 30, below 21"),
    ((STAGES_ON_3,), G, "global < 60", "votre score global est de 1,78 / 3, en dessous de 1,8",
     "your overall score is 1.78 / 3, below 1.8"),
    # a derived score on a numeric scale (halved = x / 2 = 25 %)
    ((HALVED_ON_10,), G, "score.halved < 30",
     "votre score « Moitié de X » est de 2,5 / 10, en dessous de 3",
     "your “Half of X” score is 2.5 / 10, below 3"),
    # a higher score is worse: the words do not change, « au-dessus de » stays right
    ((WORSE,), G, "score.z > 60", "votre score « Z » est de 14 / 20, au-dessus de 12",
     "your “Z” score is 14 / 20, above 12"),
    ((WORSE,), G, "score.x > 33.33", "votre score « X » est de 1,5 / 3, au-dessus de 1",
     "your “X” score is 1.5 / 3, above 1"),
    # negated conditions: the bound turned round, on the same scale
    ((), G, "not (score.x >= 66.66)", "votre score « X » est de 1,5 / 3, en dessous de 2",
     "your “X” score is 1.5 / 3, below 2"),
    ((), G, "not (score.z < 50)", "votre score « Z » est de 14 / 20, au moins 10",
     "your “Z” score is 14 / 20, at least 10"),
    ((POOLED_POINTS,), G, "not (global > 60)", "votre score global est de 18 / 30, au plus 18",
     "your overall score is 18 / 30, at most 18"),
    # no score: still on its scale when that scale is a number
    ((), WITHOUT_X, "not (score.x >= 50)", "votre score « X » est de — / 3, en dessous de 1,5",
     "your “X” score is — / 3, below 1.5"),
])
def test_a_reason_says_a_score_on_its_own_scale(tmp_path: Path, edits: tuple, answers: dict,
                                                condition: str, fr: str, en: str) -> None:
    q = load(globals_with(tmp_path, *edits))
    scores, _ = evaluate(q, check_answers(q, answers))
    rule = compile_condition(condition)
    facts = facts_for(scores, questionnaire=q)
    assert rule(facts)
    text = because(rule.node, facts, q, None)
    assert (text.fr, text.en) == (f"Parce que {fr}.", f"Because {en}.")


def test_the_bound_takes_the_decimals_the_printed_score_needs(tmp_path: Path) -> None:
    # 1.232 of 3 against a bound of 1.234 (41.1333 %): « 1,23 » would be « en dessous de
    # 1,23 »; the bound keeps the decimal that tells them apart
    q = load(globals_with(tmp_path))
    scores, _ = evaluate(q, check_answers(q, G))
    facts = facts_for(scores, questionnaire=q)
    facts.dimensions = {**facts.dimensions, "x": Measure.stored(41.0667)}
    rule = compile_condition("score.x < 41.1333")
    assert rule(facts)
    assert because(rule.node, facts, q, None).fr == (
        "Parce que votre score « X » est de 1,23 / 3, en dessous de 1,234.")


def test_a_reason_prints_the_score_as_the_results_page_does(tmp_path: Path) -> None:
    # recos.yaml: `raise` when `global < 60`; pooled, w1 at 0: 17 of 30 points (56.67 %)
    q = load(globals_with(tmp_path, POOLED_POINTS))
    scores, road = evaluate(q, check_answers(q, {**G, "w1": "p0"}))
    data = result_dict(q, scores, road, "fr")
    assert data["global"]["scaled"] == {"shown": 17, "max": 30}
    assert data["roadmap"][0]["reasons"] == [
        "Parce que votre score global est de 17 / 30, en dessous de 18."]


def _reasons(data: dict) -> list[str]:
    return [reason for item in data["roadmap"] + data["other_recommendations"]
            for reason in item["reasons"]]


@pytest.mark.parametrize("example", examples(SAMM) + examples(AIA))
def test_no_reason_of_a_published_model_says_percent_of_a_scaled_score(example: dict) -> None:
    folder = SAMM if "answers" in example else AIA
    q = load(folder)
    answers = example["answers"] if folder == SAMM else ours(example["data"])
    scores, road = evaluate(q, check_answers(q, answers))
    said = [reason for lang in q.index.languages
            for reason in _reasons(result_dict(q, scores, road, lang))]
    assert all("/100" not in reason and "/ 100" not in reason for reason in said), said
    if folder == SAMM and scores.dimensions["strategy_metrics"].score != 100:
        assert any(" / 3, below 3" in reason for reason in said), said
