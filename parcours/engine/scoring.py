"""Scores: pure and deterministic, from a questionnaire and a set of (checked) answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from .model import DONT_KNOW, NOT_APPLICABLE
from .numbers import exact, rounded
from .questionnaire import Questionnaire
from .questions import QUESTION_TYPES

ANSWERED, UNANSWERED = "answered", "unanswered"


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one question brings to its dimension, so a user can see why a score is what it is.

    `earned` and `possible` are in points of the dimension's 0–100 score.
    """

    question: str
    status: str  # answered, dont_know, not_applicable, unanswered
    points: float | None
    max_points: float
    weight: float
    earned: float
    possible: float


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """A dimension's score (None when no question was answered) and how it came about."""

    id: str
    stage: str
    score: float | None
    level: int | None
    answered: int
    dont_know: int
    not_applicable: int
    unanswered: int
    contributions: tuple[Contribution, ...]


@dataclass(frozen=True, slots=True)
class StageScore:
    """A stage's score: the weighted mean of its dimensions that have a score."""

    id: str
    score: float | None
    level: int | None


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of the scored, shown questions got a real answer."""

    questions: int
    answered: int
    dont_know: int
    not_applicable: int
    unanswered: int

    @property
    def ratio(self) -> float:
        """Answered share of the questions that apply (« non concerné » does not apply)."""
        applicable = self.questions - self.not_applicable
        return self.answered / applicable if applicable else 0.0


@dataclass(frozen=True, slots=True)
class Scores:
    """Everything scoring says about one set of answers."""

    kind: str | None
    dimensions: Mapping[str, DimensionScore]
    stages: Mapping[str, StageScore]
    global_score: float | None
    level: int | None
    coverage: Coverage
    answers: Mapping[str, Any]  # the answers of the questions that are shown


@dataclass(frozen=True, slots=True)
class _Scored:
    id: str
    dimension: str
    weight: float
    max_points: float
    points: Any  # (question, value) -> float
    exact_weight: Fraction
    exact_max: Fraction


@cache
def _plan(questionnaire: Questionnaire) -> dict[str, tuple[_Scored, ...]]:
    """The scored questions of each dimension with their maxima, worked out once."""
    plan: dict[str, list[_Scored]] = {d: [] for d in questionnaire.dimensions}
    for question in questionnaire.questions.values():
        if question.dimension is None:
            continue
        kind = QUESTION_TYPES[question.type]
        max_points = kind.max_points(question)
        plan[question.dimension].append(_Scored(
            question.id, question.dimension, question.weight, max_points, kind.points,
            exact(question.weight), exact(max_points)))
    return {d: tuple(items) for d, items in plan.items()}


def _weighted_mean(pairs: list[tuple[Fraction, Fraction]]) -> Fraction | None:
    total = sum(weight for _, weight in pairs)
    return sum((value * weight for value, weight in pairs), Fraction(0)) / total if total else None


def _exact_score(rows: list[tuple[_Scored, str, float | None]]) -> Fraction | None:
    """The dimension's exact score: 100 × Σ weight × points / max ÷ Σ weight, over answers."""
    total, earned = Fraction(0), Fraction(0)
    for item, status, points in rows:
        if status == ANSWERED:
            total += item.exact_weight
            if item.exact_max:
                earned += item.exact_weight * exact(points or 0.0) / item.exact_max
    return 100 * earned / total if total else None


def _kept(value: Fraction | None) -> float | None:
    return None if value is None else rounded(value)


def score(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> Scores:
    """Score checked answers: dimensions, stages, global score, level and coverage."""
    visible_ids, shown = questionnaire.visibility(answers)
    questions = questionnaire.questions
    dimensions: dict[str, DimensionScore] = {}
    exact_scores: dict[str, Fraction | None] = {}
    counts = {ANSWERED: 0, DONT_KNOW: 0, NOT_APPLICABLE: 0, UNANSWERED: 0}
    for dimension_id, scored in _plan(questionnaire).items():
        rows: list[tuple[_Scored, str, float | None]] = []
        for item in scored:
            if item.id not in visible_ids:
                continue  # hidden: neither in the score nor in the coverage
            value = shown.get(item.id)
            if value is None:
                rows.append((item, UNANSWERED, None))
            elif value in (DONT_KNOW, NOT_APPLICABLE):
                rows.append((item, value, None))
            else:
                rows.append((item, ANSWERED, item.points(questions[item.id], value)))
        total_weight = sum(item.weight for item, status, _ in rows if status == ANSWERED)
        contributions = []
        here = {ANSWERED: 0, DONT_KNOW: 0, NOT_APPLICABLE: 0, UNANSWERED: 0}
        for item, status, points in rows:
            counts[status] += 1
            here[status] += 1
            share = item.weight / total_weight * 100 if status == ANSWERED else 0.0
            earned = share * (points or 0.0) / item.max_points if item.max_points else 0.0
            contributions.append(Contribution(
                item.id, status, points, item.max_points, item.weight, earned, share))
        exact_score = exact_scores[dimension_id] = _exact_score(rows)
        value = _kept(exact_score)
        dimensions[dimension_id] = DimensionScore(
            dimension_id, questionnaire.dimension_stage[dimension_id], value,
            questionnaire.level_of(value), here[ANSWERED], here[DONT_KNOW],
            here[NOT_APPLICABLE], here[UNANSWERED], tuple(contributions),
        )
    stages: dict[str, StageScore] = {}
    exact_stages: list[Fraction] = []
    for stage in questionnaire.scored_stages:
        mean = _weighted_mean([(found, exact(d.weight)) for d in stage.dimensions
                               if (found := exact_scores[d.id]) is not None])
        if mean is not None:
            exact_stages.append(mean)
        value = _kept(mean)
        stages[stage.id] = StageScore(stage.id, value, questionnaire.level_of(value))
    global_score = _kept(_weighted_mean([(s, Fraction(1)) for s in exact_stages]))
    return Scores(
        kind=questionnaire.kind_of(shown),
        dimensions=dimensions,
        stages=stages,
        global_score=global_score,
        level=questionnaire.level_of(global_score),
        coverage=Coverage(sum(counts.values()), counts[ANSWERED], counts[DONT_KNOW],
                          counts[NOT_APPLICABLE], counts[UNANSWERED]),
        answers=shown,
    )

