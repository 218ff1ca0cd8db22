"""Derived scores' expressions (issue 27): `round(…)` rounds half up to a whole number, as the
published tools that the expressions transcribe do (JavaScript's Math.round)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from parcours.engine.conditions import ConditionError
from parcours.engine.formulas import parse_formula
from parcours.engine.numbers import Measure


def value(text: str, score: float) -> Fraction | None:
    """The expression's value when score.a is `score`."""
    return parse_formula(text).evaluate({("score", "a"): Measure(score, Fraction(str(score)))})


@pytest.mark.parametrize(("score", "rounded"), [
    (41.65, 42), (41.5, 42), (41.49, 41), (42.5, 43), (0, 0), (0.5, 1), (99.5, 100)])
def test_round_rounds_half_up_to_a_whole_number(score: float, rounded: int) -> None:
    assert value("round(score.a)", score) == rounded


def test_round_works_inside_an_expression_exactly() -> None:
    # the AIA: 49 raw points of 119, less 15 %, are 41.65, rounded 42, back in percent
    assert value("round(score.a * 119 / 100 * 0.85) * 100 / 119", 4900 / 119) == Fraction(
        4200, 119)
    assert parse_formula("round(score.a) + 1").subjects[0].name == "a"


@pytest.mark.parametrize("text", ["round()", "round(score.a, 2)"])
def test_round_takes_one_number(text: str) -> None:
    with pytest.raises(ConditionError):
        parse_formula(text)
