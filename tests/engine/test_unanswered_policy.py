"""`unanswered: skip` (the default) against `unanswered: zero` on the mini questionnaire.

Mini's one stage: alpha (a1 weight 1 / 3 points, a2 weight 2 / yes 3, a3 weight 1 / 2 points,
« non concerné » allowed) and beta, weight 2 in the stage (b1 capped at 3, b2 shown to firms
only, b3 / 3 points); the global score is (alpha + 2 × beta) ÷ 3.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parcours.engine import Questionnaire, check_answers, load, score

from .test_scoring import BEST


def approx(value: float | None) -> object:
    return None if value is None else pytest.approx(value, abs=1e-9)


@pytest.fixture
def mini_zero(mini_copy: Path) -> Questionnaire:
    """The mini questionnaire with `unanswered: zero`."""
    index = mini_copy / "questionnaire.yaml"
    source = index.read_text(encoding="utf-8")
    assert "unanswered:" not in source
    index.write_text(source.replace("estimated_minutes: 5\n",
                                    "estimated_minutes: 5\nunanswered: zero\n"), encoding="utf-8")
    return load(mini_copy)


# case, answers, (alpha, beta, global) under skip, the same under zero
TABLE = [
    ("nothing_answered", {}, (None, None, None), (0, 0, 0)),
    # zero: alpha 1 × 1 ÷ (1 + 2 + 1) = 25; beta (b1, b3 counted, b2 hidden) 0; global 25 ÷ 3
    ("one_answer", {"a1": "all"}, (100, None, 100), (25, 0, 8.3)),
    # « je ne sais pas » is no points under zero, like an unanswered question
    ("dont_know", {"a1": "all", "a2": "dont_know"}, (100, None, 100), (25, 0, 8.3)),
    # « non concerné » is left out under both: zero alpha 1 ÷ (1 + 2) = 33.3, global 11.1
    ("not_applicable", {"a1": "all", "a3": "not_applicable"}, (100, None, 100),
     (33.3, 0, 11.1)),
    # b2 is shown to a firm: zero beta 1 ÷ 3 = 33.3 (b1, b2 at 0), global 2 × 33.3 ÷ 3 = 22.2
    ("shown_question_counts", {"kind": "firm", "b3": "hi"}, (None, 100, 100), (0, 33.3, 22.2)),
    # b2 is hidden from an association: zero beta 1 ÷ 2 = 50, global 2 × 50 ÷ 3 = 33.3
    ("hidden_question_never_counts", {"kind": "asso", "b3": "hi"}, (None, 100, 100),
     (0, 50, 33.3)),
    ("everything_at_best", BEST, (100, 100, 100), (100, 100, 100)),
]
IDS = [row[0] for row in TABLE]


def scores_of(q: Questionnaire, answers: dict) -> tuple:
    result = score(q, check_answers(q, answers))
    return (result.dimensions["alpha"].score, result.dimensions["beta"].score,
            result.global_score)


@pytest.mark.parametrize(("case", "answers", "skip", "zero"), TABLE, ids=IDS)
def test_skip_leaves_unanswered_questions_out(mini: Questionnaire, case: str, answers: dict,
                                              skip: tuple, zero: tuple) -> None:
    assert not mini.zero_when_unanswered
    assert scores_of(mini, answers) == tuple(approx(v) for v in skip)


@pytest.mark.parametrize(("case", "answers", "skip", "zero"), TABLE, ids=IDS)
def test_zero_counts_unanswered_questions_as_no_points(mini_zero: Questionnaire, case: str,
                                                       answers: dict, skip: tuple,
                                                       zero: tuple) -> None:
    assert scores_of(mini_zero, answers) == tuple(approx(v) for v in zero)
