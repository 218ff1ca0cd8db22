"""Scoring tables on the mini questionnaire (alpha: a1 w1/3pts, a2 w2/3pts, a3 w1/2pts;
beta, weight 2 in its stage: b1 capped at 3, b2 firms only, b3)."""

from __future__ import annotations

import pytest

from parcours.engine import Questionnaire, check_answers, score

BEST = {"kind": "firm", "a1": "all", "a2": "yes", "a3": 5, "b1": ["x", "y"], "b2": "hi",
        "b3": "hi"}


def approx(value: float | None) -> object:
    # scores are exact fractions rounded half up to one decimal: 1/3 is 33.3, 2/3 is 66.7
    return None if value is None else pytest.approx(value, abs=1e-9)


@pytest.mark.parametrize(("case", "answers", "alpha", "beta", "overall"), [
    ("nothing_answered", {}, None, None, None),
    ("everything_at_best", BEST, 100, 100, 100),
    ("one_answer_is_the_whole_dimension", {"a1": "some"}, 33.3, None, 33.3),
    ("weights_count", {"a1": "none", "a2": "yes"}, 66.7, None, 66.7),
    ("dont_know_leaves_the_denominator", {"a1": "all", "a2": "dont_know"}, 100, None, 100),
    ("not_applicable_leaves_the_denominator", {"a1": "all", "a3": "not_applicable"}, 100, None,
     100),
    ("number_ranges", {"a3": 3}, 50, None, 50),
    ("number_zero", {"a3": 0}, 0, None, 0),
    ("multiple_is_capped", {"b1": ["x", "y"]}, None, 100, 100),
    ("multiple_adds_up", {"b1": ["x"], "b3": "mid"}, None, 50, 50),
    ("hidden_question_is_ignored", {"kind": "asso", "b2": "hi", "b3": "lo"}, None, 0, 0),
    ("shown_question_counts", {"kind": "firm", "b2": "hi", "b3": "lo"}, None, 50, 50),
    ("stage_weights_dimensions", {"a1": "all", "b3": "lo"}, 100, 0, 33.3),
    ("all_low", {"a1": "none", "a2": "no", "a3": 0, "b1": ["z"], "b3": "lo"}, 0, 0, 0),
])
def test_scores(mini: Questionnaire, case: str, answers: dict, alpha: float | None,
                beta: float | None, overall: float | None) -> None:
    result = score(mini, check_answers(mini, answers))
    assert result.dimensions["alpha"].score == approx(alpha)
    assert result.dimensions["beta"].score == approx(beta)
    assert result.global_score == approx(overall)
    assert result.stages["main"].score == approx(overall)


@pytest.mark.parametrize(("value", "level"), [
    # a level is reached by the exact score (issue 27), never by a rounding of it
    (0, 1), (39.4, 1), (39.5, 1), (39.99, 1), (40, 2), (59.5, 2), (60, 3), (79.95, 3),
    (80, 4), (100, 4), (None, None),
])
def test_levels(mini: Questionnaire, value: float | None, level: int | None) -> None:
    assert mini.level_of(value) == level


def test_coverage_counts_shown_scored_questions(mini: Questionnaire) -> None:
    answers = check_answers(mini, {"a1": "all", "a2": "dont_know", "a3": "not_applicable",
                                   "note": "libre"})
    coverage = score(mini, answers).coverage
    # b2 is hidden (no kind), so 5 scored questions are shown
    assert (coverage.questions, coverage.answered, coverage.dont_know,
            coverage.not_applicable, coverage.unanswered) == (5, 1, 1, 1, 2)
    assert coverage.ratio == pytest.approx(1 / 4)


def test_contributions_explain_the_score(mini: Questionnaire) -> None:
    result = score(mini, check_answers(mini, {"a1": "some", "a2": "yes", "a3": "dont_know"}))
    alpha = result.dimensions["alpha"]
    rows = {c.question: c for c in alpha.contributions}
    assert rows["a1"].earned == pytest.approx(100 / 3 * 1 / 3)
    assert rows["a1"].possible == pytest.approx(100 / 3)
    assert rows["a2"].earned == pytest.approx(200 / 3)
    assert (rows["a3"].status, rows["a3"].earned, rows["a3"].possible) == ("dont_know", 0, 0)
    assert sum(c.earned for c in alpha.contributions) == pytest.approx(alpha.score, abs=0.05)
    assert (alpha.answered, alpha.dont_know, alpha.unanswered) == (2, 1, 0)


def test_wording_follows_the_organisation_kind(mini: Questionnaire) -> None:
    a1 = mini.questions["a1"]
    assert a1.text_for("firm", "fr") == "A1 entreprise ?"
    assert a1.text_for("asso", "en") == "A1?"
    assert a1.help_for("firm", "en") == "Help A1."
    assert a1.options[1].label_for("firm", "en") == "Some (company)"
    assert a1.options[1].label_for(None, "fr") == "Un peu"
