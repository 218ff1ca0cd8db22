"""The condition language: what parses, what it means, and that a missing answer is false."""

from __future__ import annotations

import pytest

from parcours.engine.conditions import ConditionError, Facts, compile_condition

FACTS = Facts(
    answers={"kind": "firm", "n": 3.0, "partners": ("assos", "firms"), "dk": "dont_know",
             "na": "not_applicable", "yn": "yes"},
    dimensions={"alpha": 35.0, "beta": None},
    stages={"main": 50.0},
    global_score=42.0,
)


@pytest.mark.parametrize(("source", "expected"), [
    ("kind == 'firm'", True),
    ("kind != 'firm'", False),
    ("kind in ['asso', 'firm']", True),
    ("kind in ['asso']", False),
    ("n >= 3", True),
    ("n < 3", False),
    ("n == 3", True),
    ("yn == 'yes'", True),
    ("partners contains 'firms'", True),
    ("partners contains 'none'", False),
    ("count(partners) == 2", True),
    ("count(partners) > 2", False),
    ("answered(kind)", True),
    ("answered(dk)", False),
    ("answered(missing)", False),
    ("dont_know(dk)", True),
    ("dont_know(na)", False),
    ("score.alpha < 40", True),
    ("score.alpha >= 40", False),
    ("stage.main <= 50", True),
    ("global > 40", True),
    ("score.alpha < 40 and kind == 'firm'", True),
    ("score.alpha < 10 or kind == 'firm'", True),
    ("not (score.alpha < 10) and (n > 1 or kind == 'asso')", True),
    ("not not answered(kind)", True),
    # a missing value makes every comparison false, whatever the operator
    ("score.beta < 50", False),
    ("score.beta >= 50", False),
    ("dk == 'dont_know'", False),
    ("na != 'x'", False),
    ("unknown == 'x'", False),
    ("count(kind) > 0", False),
    ("not (score.beta < 50)", True),
])
def test_condition_evaluates(source: str, expected: bool) -> None:
    assert compile_condition(source)(FACTS) is expected


@pytest.mark.parametrize("source", [
    "", "kind =", "kind = 'firm'", "kind == \"firm\"", "__import__('os')", "kind.__class__",
    "eval('1')", "kind == 'firm' and", "(kind == 'firm'", "score.alpha < 1e400x", "count(kind",
    "kind in []", "1 == 1", "lambda: 1",
])
def test_malformed_conditions_are_refused(source: str) -> None:
    with pytest.raises(ConditionError, match="does not parse"):
        compile_condition(source)
