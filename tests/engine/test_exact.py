"""Issue 27, item 1: levels and rule thresholds compare the exact score, and what is printed of
a score (a page, a reason, the PDF) never lands on the other side of a threshold than the score.

tests/engine/exact is a questionnaire with published decimal boundaries: a SAMM-like practice
(three questions worth 0, 0.99 or 1; its second level at 1.0 out of 3, 33.33 %) and an AIA-like
impact (raw points out of 167; a level at 25 %)."""

from __future__ import annotations

import shutil
from fractions import Fraction
from pathlib import Path

import pytest

from parcours.engine import Questionnaire, check, check_answers, evaluate, load, result_dict
from parcours.engine.numbers import Measure, Threshold, figure, honest, kept, threshold
from tests.shapes import ADOC, NUMERIQUE, ROOT

EXACT = Path(__file__).parent / "exact"
FLASH = ROOT / "questionnaires" / "flash"
NONE = {"p1": "none", "p2": "none", "p3": "none"}


@pytest.fixture(scope="module")
def exact_q() -> Questionnaire:
    return load(EXACT)


def _ge(*values: str) -> tuple[Threshold, ...]:
    return tuple(threshold(Fraction(v)) for v in values)


@pytest.mark.parametrize(("value", "thresholds", "printed"), [
    # far from every threshold: a whole number, as A.D.O.C. always printed it
    (Fraction(6225, 100), _ge("40", "60", "80"), "62"),
    (Fraction(40), _ge("40", "60", "80"), "40"),
    # just below a level: never the whole number that would reach it
    (Fraction(396, 10), _ge("40"), "39,6"),
    (Fraction(3996, 100), _ge("40"), "39,96"),
    (Fraction(39999999, 1000000), _ge("40"), "39,9999"),
    # SAMM: 1.0 out of 3 at a level of 33.33, 0.99 out of 3 below it; 2 out of 3 below 66.67
    (Fraction(100, 3), _ge("33.33"), "33,33"),
    (Fraction(100, 3), _ge("33.3"), "33,3"),
    (Fraction(33), _ge("33.33"), "33"),
    (Fraction(200, 3), _ge("66.67"), "66,667"),
    # AIA: 41 and 42 out of 167 on both sides of 25 %
    (Fraction(4100, 167), _ge("25"), "24,6"),
    (Fraction(4200, 167), _ge("25"), "25"),
    # a rule's `>` splits above the value: 40.04 is « above 40 », so not printed 40
    (Fraction(4004, 100), (threshold(Fraction(40), strict=True),), "40,04"),
    (Fraction(40), (threshold(Fraction(40), strict=True),), "40"),
])
def test_a_printed_score_never_crosses_a_threshold(value: Fraction, thresholds: tuple,
                                                   printed: str) -> None:
    figure_value, places = honest(Measure(float(value), value), thresholds, 0)
    assert figure(figure_value, places, "fr") == printed
    assert figure(figure_value, places, "en") == printed.replace(",", ".")


@pytest.mark.parametrize(("value", "stored"), [
    (Fraction(6225, 100), 62.3), (Fraction(100, 3), 33.33), (Fraction(33), 33.0),
    (Fraction(3996, 100), 39.96), (Fraction(4100, 167), 24.6),
])
def test_a_stored_score_keeps_one_decimal_and_more_near_a_threshold(value: Fraction,
                                                                    stored: float) -> None:
    assert kept(Measure(float(value), value), _ge("25", "33.33", "40")) == stored


@pytest.mark.parametrize(("answers", "level", "stored", "printed", "fires"), [
    ({**NONE, "p1": "full"}, "l2", 33.33, 33.33, False),  # 1.0 / 3: 33.333…
    ({**NONE, "p1": "almost"}, "l1", 33.0, 33, True),  # 0.99 / 3: 33
    ({**NONE, "p1": "almost", "p2": "almost", "p3": "almost"}, "l3", 99.0, 99, False),
    ({**NONE, "p1": "full", "p2": "full"}, "l2", 66.667, 66.667, False),  # 2 / 3 < 66.67
    ({**NONE, "p1": "full", "p2": "full", "p3": "almost"}, "l3", 99.7, 100, False),
])
def test_a_practice_at_a_decimal_boundary(exact_q: Questionnaire, answers: dict, level: str,
                                          stored: float, printed: float, fires: bool) -> None:
    scores, road = evaluate(exact_q, check_answers(exact_q, answers))
    practice = scores.dimensions["practice"]
    assert exact_q.levels[practice.level - 1].id == level
    assert practice.score == stored
    data = result_dict(exact_q, scores, road, "fr")
    shown = data["stages"][0]["dimensions"][0]
    assert (shown["id"], shown["shown"], shown["level"]["id"]) == ("practice", printed, level)
    ids = {item.recommendation.id for item in road.main + road.others}
    assert ("below_one" in ids) is fires


@pytest.mark.parametrize(("raw", "level", "printed", "fires"), [
    ("p41", "l0", 24.6, False),  # 41 / 167 = 24.55 %: below 25, never printed « 25 »
    ("p42", "l1", 25, True),  # 42 / 167 = 25.15 %
])
def test_an_impact_at_a_quarter_of_its_raw_points(exact_q: Questionnaire, raw: str, level: str,
                                                  printed: float, fires: bool) -> None:
    scores, road = evaluate(exact_q, check_answers(exact_q, {**NONE, "i1": raw, "i2": "no"}))
    impact = scores.dimensions["impact"]
    assert exact_q.levels[impact.level - 1].id == level
    data = result_dict(exact_q, scores, road, "fr")
    assert data["stages"][0]["dimensions"][1]["shown"] == printed
    fired = [item for item in road.main + road.others
             if item.recommendation.id == "high_impact"]
    assert bool(fired) is fires
    if fires:
        assert fired[0].reasons[0].fr == (
            "Parce que votre score « Incidence » est de 25/100, au moins 25.")


def test_a_reason_prints_the_decimals_its_threshold_needs(exact_q: Questionnaire) -> None:
    scores, road = evaluate(exact_q, check_answers(exact_q, {**NONE, "p1": "almost"}))
    item = next(i for i in road.main + road.others if i.recommendation.id == "below_one")
    assert item.reasons[0].fr == (
        "Parce que votre score « Pratique » est de 33/100, en dessous de 33,33.")
    assert item.reasons[0].en == "Because your “Practice” score is 33/100, below 33.33."


@pytest.mark.parametrize(("value", "level"), [
    # a stored score (a collective's median, a partner's side) is the decimal it is
    (33.33, "l2"), (33.32, "l1"), (24.99, "l0"), (25, "l1"), (66.669, "l2"), (66.67, "l3"),
])
def test_a_stored_score_is_compared_as_the_decimal_it_is(exact_q: Questionnaire, value: float,
                                                         level: str) -> None:
    assert exact_q.levels[exact_q.level_of(value) - 1].id == level


def test_the_validator_warns_about_a_threshold_a_score_rounds_to_but_misses() -> None:
    _, problems = check(EXACT)
    said = [(Path(p.file).name, p.line, p.severity, p.message) for p in problems]
    # two thirds is 66.666…: a level and a strength at 66.67 miss it; 33.33 is reached by a
    # third (33.333…), and 25 is a whole number, exact
    assert said == [
        ("questionnaire.yaml", 13, "warning", "dimension 'practice': the threshold 66.67 of"
         " level 'l3' cannot be reached exactly: a score of 66.6667… rounds to it but stays"
         " below it; write 66.66 to include that score"),
        ("questionnaire.yaml", 8, "warning", "dimension 'practice': the threshold 66.67 of"
         " 'strength_threshold' cannot be reached exactly: a score of 66.6667… rounds to it"
         " but stays below it; write 66.66 to include that score"),
    ]


def test_a_rule_threshold_that_misses_its_score_is_warned_about(tmp_path: Path) -> None:
    folder = tmp_path / "exact"
    shutil.copytree(EXACT, folder)
    recos = folder / "recos.yaml"
    recos.write_text(recos.read_text(encoding="utf-8").replace(
        "score.practice < 33.33", "score.practice < 66.67"), encoding="utf-8")
    _, problems = check(folder)
    assert any("the threshold 66.67 of a rule of recommendation 'below_one' cannot be reached"
               " exactly: a score of 66.6667… rounds to it" in str(p) for p in problems)


@pytest.mark.parametrize("folder", [ADOC, FLASH, NUMERIQUE])
def test_shipped_thresholds_are_all_reached_exactly(folder: Path) -> None:
    _, problems = check(folder)
    assert not [p for p in problems if "reached exactly" in str(p)]
