"""Scores: pure and deterministic, from a questionnaire and a set of (checked) answers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cache
from typing import Any

from .conditions import Facts
from .model import DONT_KNOW, NOT_APPLICABLE
from .numbers import Measure, Ratio, exact, kept, ratio
from .questionnaire import Questionnaire
from .questions import QUESTION_TYPES

ANSWERED, UNANSWERED = "answered", "unanswered"
HIDDEN = "hidden"  # hidden by `show_if`, counted as no points under `hidden: zero` (issue 27)


# not frozen: a frozen dataclass is built several times slower (a call of object.__setattr__
# per field), and every scoring builds ~100 of these; nothing changes one once built
@dataclass(slots=True)
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


# not frozen, as Contribution
@dataclass(slots=True)
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
    measure: Measure | None = None  # the exact score; `score` is it as stored (numbers.kept)

    @property
    def counted(self) -> int:
        """The questions that could have scored it: answered, « je ne sais pas » or left
        unanswered (« non concerné » ones are not its questions for this organisation)."""
        return self.answered + self.dont_know + self.unanswered

    @property
    def thin(self) -> bool:
        """Scored from fewer than half of its questions: its figure is shown as such and it is
        never a strength (issue 26)."""
        return self.score is not None and 2 * self.answered < self.counted


# not frozen, as Contribution
@dataclass(slots=True)
class StageScore:
    """A stage's score: the weighted mean of its dimensions that have a score."""

    id: str
    score: float | None
    level: int | None
    measure: Measure | None = None


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
    measure: Measure | None = None  # the exact global score
    derived: Mapping[str, StageScore] = field(default_factory=dict)  # issue 27, in order


@dataclass(frozen=True, slots=True)
class _Scored:
    id: str
    dimension: str
    weight: float
    max_points: float
    exact_weight: Ratio
    exact_max: Ratio
    worth: Callable[[Any], float]  # value -> points, for this question (QuestionType.points_of)
    hidden_zero: bool  # hidden by `show_if`, it counts as no points (`hidden: zero`)


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
            question.id, question.dimension, question.weight, max_points,
            ratio(question.weight), ratio(max_points), kind.points_of(question),
            _hidden_counts(questionnaire, question.id)))
    return {d: tuple(items) for d, items in plan.items()}


@cache
def _stage_plan(q: Questionnaire) -> tuple[tuple[Any, str, tuple[tuple[str, float, bool], ...],
                                                  float], ...]:
    """Each scored stage, its id, its dimensions (id, weight, in_global) and its weight in the
    global score, read once: a field of the content's (pydantic) models is slow to read."""
    return tuple((stage, stage.id, tuple((d.id, d.weight, q.dimension_scoring(d.id).in_global)
                                         for d in stage.dimensions), q.stage_weight(stage))
                 for stage in q.scored_stages)


def _weighted_mean(pairs: list[tuple[Ratio, Ratio]]) -> Ratio | None:
    """Σ value × weight ÷ Σ weight, in integers."""
    num, den, total_num, total_den = 0, 1, 0, 1
    for (vn, vd), (wn, wd) in pairs:
        num, den = num * vd * wd + vn * wn * den, den * vd * wd
        total_num, total_den = total_num * wd + wn * total_den, total_den * wd
    return (num * total_den, den * total_num) if total_num else None


_COUNTED = frozenset({ANSWERED, HIDDEN})  # the statuses `_counted` counts; `score` reads them
_COUNTED_ZERO = _COUNTED | {UNANSWERED, DONT_KNOW}  # … under `unanswered: zero`


def _counted(status: str, zero: bool) -> bool:
    """Whether a question is in its dimension's denominator: when answered, and also when left
    unanswered (or « je ne sais pas ») under the `unanswered: zero` policy, or hidden under
    `hidden: zero`."""
    return status in (_COUNTED_ZERO if zero else _COUNTED)


def _exact_score(rows: list[tuple[_Scored, str, float | None]], zero: bool) -> Ratio | None:
    """The dimension's exact score: 100 × Σ weight × points / max ÷ Σ weight, over the
    questions counted."""
    pairs = []
    for item, status, points in rows:
        if not _counted(status, zero):
            continue
        if item.exact_max[0]:
            pn, pd = ratio(points or 0.0)
            mn, md = item.exact_max
            pairs.append(((100 * pn * md, pd * mn), item.exact_weight))
        else:
            pairs.append(((0, 1), item.exact_weight))
    return _weighted_mean(pairs)


def _float_mean(pairs: list[tuple[float, float]]) -> float | None:
    total = sum(weight for _, weight in pairs)
    return sum(value * weight for value, weight in pairs) / total if total else None


class _Exact:
    """The exact fractions behind the scores, worked out only when a float cannot be trusted
    to round right (a value within 1e-6 of a half tenth): rarely, so scoring stays fast."""

    def __init__(self, q: Questionnaire, rows: dict[str, list[tuple[_Scored, str, float | None]]]):
        self.q, self.rows = q, rows
        self.dimensions: dict[str, Ratio | None] = {}

    def dimension(self, dimension_id: str) -> Ratio | None:
        if dimension_id not in self.dimensions:
            self.dimensions[dimension_id] = _exact_score(self.rows[dimension_id],
                                                         self.q.zero_when_unanswered)
        return self.dimensions[dimension_id]

    def stage(self, stage: Any, in_global: bool = False) -> Ratio | None:
        return _weighted_mean([(found, ratio(d.weight)) for d in stage.dimensions
                               if (found := self.dimension(d.id)) is not None and (
                                   not in_global or self.q.dimension_scoring(d.id).in_global)])

    def overall(self) -> Ratio | None:
        """The global score of `global: stages`: the mean of the stages' in_global scores,
        each weighing its stage's weight."""
        return _weighted_mean([(mean, ratio(self.q.stage_weight(stage)))
                               for stage in self.q.scored_stages
                               if (mean := self.stage(stage, in_global=True)) is not None])


def _measure(approx: float | None, exact_value: Any) -> Measure | None:
    """A score's float, and its exact fraction when a comparison needs it."""
    if approx is None:
        return None
    return Measure(approx, lambda: Fraction(*exact_value()))


def _hidden_counts(q: Questionnaire, question_id: str) -> bool:
    """Whether a question hidden by `show_if` counts as no points (`hidden: zero`)."""
    own = q.questions[question_id].scoring
    policy = own.hidden if own is not None and own.hidden is not None else q.scoring.hidden
    return policy == "zero"


def _raw(combine: str, rows: list[tuple[_Scored, str, float | None]], zero: bool,
         scored: tuple[_Scored, ...]) -> tuple[Fraction, Fraction] | None:
    """A dimension's raw points and their maximum, exactly: Σ weight × points out of
    Σ weight × best points under `mean` and `sum`; the chosen answer's points out of the best
    points of any of its questions under `max`, `min` and `last`. None: nothing counted."""
    counted = [(item, status, exact(points or 0.0)) for item, status, points in rows
               if _counted(status, zero)]
    if not counted:
        return None
    if combine in ("mean", "sum"):
        possible = sum((exact(item.weight) * exact(item.max_points) for item, _, _ in counted),
                       Fraction(0))
        earned = sum((exact(item.weight) * points for item, _, points in counted), Fraction(0))
        return earned, possible
    best = max((exact(item.max_points) for item in scored), default=Fraction(0))
    if combine == "last":
        answered = [points for _, status, points in counted if status == ANSWERED]
        chosen = answered[-1] if answered else Fraction(0)
    else:
        chosen = (max if combine == "max" else min)(points for _, _, points in counted)
    return chosen, best


def _combined(combine: str, rows: list[tuple[_Scored, str, float | None]], zero: bool,
              scored: tuple[_Scored, ...]) -> Ratio | None:
    """A dimension's exact score (0–100) under `sum`, `max`, `min` or `last`."""
    raw = _raw(combine, rows, zero, scored)
    if raw is None:
        return None
    earned, possible = raw
    value = 100 * earned / possible if possible else Fraction(0)
    return value.numerator, value.denominator


def _pooled(q: Questionnaire, rows: dict[str, list[tuple[_Scored, str, float | None]]]
            ) -> Measure | None:
    """`global: pooled`: 100 × the raw points of every in_global dimension out of their
    maximum (`_raw`), whatever stage they sit in; stage and dimension weights do not enter a
    pool of points. None when no question of theirs counts."""
    plan = _plan(q)
    found = [raw for d, found_rows in rows.items() if q.dimension_scoring(d).in_global
             and (raw := _raw(q.dimension_scoring(d).combine, found_rows,
                              q.zero_when_unanswered, plan[d])) is not None]
    if not found:
        return None
    possible = sum((most for _, most in found), Fraction(0))
    value = 100 * sum((earned for earned, _ in found), Fraction(0)) / possible if possible \
        else Fraction(0)
    return Measure(float(value), value)


def points_max(q: Questionnaire, d: DimensionScore) -> Fraction | None:
    """The maximum of a dimension's raw points (`_raw`), from its contributions: what its
    score is out of in points, and its share of a pooled global. None when it has no score."""
    if d.score is None and d.measure is None:
        return None
    combine = q.dimension_scoring(d.id).combine
    if combine in ("mean", "sum"):
        counted = [c for c in d.contributions if _counted(c.status, q.zero_when_unanswered)]
        if not counted:  # a collective's median, where the combined answers count none
            return sum((exact(item.weight) * exact(item.max_points)
                        for item in _plan(q)[d.id]), Fraction(0))
        return sum((exact(c.weight) * exact(c.max_points) for c in counted), Fraction(0))
    return max((exact(item.max_points) for item in _plan(q)[d.id]), default=Fraction(0))


def _chosen(combine: str, rows: list[tuple[_Scored, str, float | None]], zero: bool,
            scored: tuple[_Scored, ...], contributions: list[Contribution]
            ) -> list[Contribution]:
    """What each question brings under `sum` (its points out of the pooled maximum), or under
    `max`/`min`/`last` (the question chosen brings the score, the others nothing)."""
    counted = [(item, points or 0.0) for item, status, points in rows if _counted(status, zero)]
    if combine == "sum":
        possible = sum(item.weight * item.max_points for item, _ in counted)
        return [replace(c, earned=100 * c.weight * (c.points or 0.0) / possible
                        if possible and c.possible else 0.0,
                        possible=100 * c.weight * c.max_points / possible
                        if possible and c.possible else 0.0) for c in contributions]
    best = max((item.max_points for item in scored), default=0.0)
    answered = [(item, points) for (item, status, points) in rows if status == ANSWERED]
    pick = None
    if combine == "last" and answered:
        pick = answered[-1][0].id
    elif combine in ("max", "min") and counted:
        pick = (max if combine == "max" else min)(counted, key=lambda pair: pair[1])[0].id
    return [replace(c, earned=100 * (c.points or 0.0) / best if c.question == pick and best
                    else 0.0, possible=100.0 if c.question == pick else 0.0)
            for c in contributions]


def _derived(q: Questionnaire, answers: Mapping[str, Any],
             dimensions: Mapping[str, DimensionScore], stages: Mapping[str, StageScore],
             overall: Measure | None) -> tuple[dict[str, StageScore], Measure | None]:
    """The derived scores, in order: the first case whose condition holds, else `value`;
    within 0–100; None when a score it reads has none. They come after the dimensions, the
    stages and the global score, which they may read, except when the global score is one
    of them: then it is known once that one is worked out (the validator makes sure that no
    derived score reads it before). Returns them and the global score."""
    read: dict[tuple[str, str], Measure | None] = {("global", "global"): overall}
    read.update({("score", d): found.measure for d, found in dimensions.items()})
    read.update({("stage", s): found.measure for s, found in stages.items()})
    found: dict[str, StageScore] = {}
    for derived_id, (formula, cases) in q.derived.items():
        facts = Facts(answers, {name: m for (kind, name), m in read.items() if kind == "score"},
                      {name: m for (kind, name), m in read.items() if kind == "stage"},
                      read[("global", "global")])
        use = next((value for condition, value in cases if condition(facts)), formula)
        value = use.evaluate(read)
        measure = None if value is None else Measure(
            float(clamped := min(max(value, Fraction(0)), Fraction(100))), clamped)
        read[("score", derived_id)] = measure
        found[derived_id] = StageScore(derived_id, kept(measure, q.thresholds[
            ("score", derived_id)]), q.level_of(measure), measure)
        if derived_id == q.global_from:
            read[("global", "global")] = measure
    return found, read[("global", "global")]


def _global(q: Questionnaire, stage_means: list[tuple[float, float]], exact_scores: _Exact,
            rows: dict[str, list[tuple[_Scored, str, float | None]]],
            dimensions: Mapping[str, DimensionScore]) -> Measure | None:
    """The global score before the derived scores (`scoring.global`): the weighted mean of
    the stages' scores, the pooled raw points, or a dimension's score (None when it is a
    derived score's: worked out with them)."""
    policy = q.global_from
    if policy == "stages":
        return _measure(_float_mean(stage_means), exact_scores.overall)
    if policy == "pooled":
        return _pooled(q, rows)
    return dimensions[policy].measure if policy in dimensions else None


def score(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> Scores:
    """Score checked answers: dimensions, stages, global score, level and coverage."""
    visible_ids, shown, not_applicable = questionnaire.applicability(answers)
    dimensions: dict[str, DimensionScore] = {}
    approx: dict[str, float | None] = {}
    all_rows: dict[str, list[tuple[_Scored, str, float | None]]] = {}
    exact_scores = _Exact(questionnaire, all_rows)
    counts = {ANSWERED: 0, DONT_KNOW: 0, NOT_APPLICABLE: 0, UNANSWERED: 0}
    zero = questionnaire.zero_when_unanswered
    thresholds = questionnaire.thresholds
    plain = questionnaire.plain_scoring  # no issue-27 policy: exactly the code of before
    counted_statuses = _COUNTED_ZERO if zero else _COUNTED  # in the denominator: `_counted`
    for dimension_id, scored in _plan(questionnaire).items():
        rows: list[tuple[_Scored, str, float | None]] = []
        for item in scored:
            if item.id in not_applicable:  # not asked, « Non concerné » by its condition
                rows.append((item, NOT_APPLICABLE, None))
                continue
            if item.id not in visible_ids:
                if plain or not item.hidden_zero:
                    continue  # hidden: neither in the score nor in the coverage
                rows.append((item, HIDDEN, 0.0))  # `hidden: zero`: no points, in the score
                continue
            value = shown.get(item.id)
            if value is None:
                rows.append((item, UNANSWERED, None))
            elif value in (DONT_KNOW, NOT_APPLICABLE):
                rows.append((item, value, None))
            else:
                rows.append((item, ANSWERED, item.worth(value)))
        total_weight = sum([item.weight for item, status, _ in rows
                            if status in counted_statuses])
        contributions = []
        earned_all = []
        here = {ANSWERED: 0, DONT_KNOW: 0, NOT_APPLICABLE: 0, UNANSWERED: 0, HIDDEN: 0}
        for item, status, points in rows:
            here[status] += 1
            share = item.weight / total_weight * 100 if status in counted_statuses else 0.0
            earned = share * (points or 0.0) / item.max_points if item.max_points else 0.0
            earned_all.append(earned)
            contributions.append(Contribution(
                item.id, status, points, item.max_points, item.weight, earned, share))
        for status in counts:  # a hidden question was not asked: not in the coverage
            counts[status] += here[status]
        all_rows[dimension_id] = rows
        approx[dimension_id] = sum(earned_all) if total_weight else None
        combine = "mean" if plain else questionnaire.dimension_scoring(dimension_id).combine
        if combine != "mean":
            combined = _combined(combine, rows, zero, scored)
            exact_scores.dimensions[dimension_id] = combined
            approx[dimension_id] = None if combined is None else combined[0] / combined[1]
            contributions = _chosen(combine, rows, zero, scored, contributions)
        measure = _measure(approx[dimension_id],
                           lambda d=dimension_id: exact_scores.dimension(d))
        dimensions[dimension_id] = DimensionScore(
            dimension_id, questionnaire.dimension_stage[dimension_id],
            kept(measure, thresholds[("score", dimension_id)]),
            questionnaire.level_of(measure), here[ANSWERED], here[DONT_KNOW],
            here[NOT_APPLICABLE], here[UNANSWERED], tuple(contributions), measure,
        )
    stages: dict[str, StageScore] = {}
    stage_means: list[tuple[float, float]] = []  # (in_global mean, the stage's weight)
    for stage, stage_id, members, stage_weight in _stage_plan(questionnaire):
        mean = _float_mean([(found, weight) for d, weight, _ in members
                            if (found := approx[d]) is not None])
        counted = mean if plain else _float_mean([
            (found, weight) for d, weight, in_global in members
            if (found := approx[d]) is not None and in_global])
        if counted is not None:
            stage_means.append((counted, stage_weight))
        measure = _measure(mean, lambda stage=stage: exact_scores.stage(stage))
        stages[stage_id] = StageScore(stage_id, kept(measure, thresholds[("stage", stage_id)]),
                                      questionnaire.level_of(measure), measure)
    # the order: dimensions, stages, the global score, then the derived scores, which may read
    # it (or one of which it is: `_derived`), then the level
    overall = _global(questionnaire, stage_means, exact_scores, all_rows, dimensions)
    derived: dict[str, StageScore] = {}
    if not plain:
        derived, overall = _derived(questionnaire, shown, dimensions, stages, overall)
    global_score = kept(overall, thresholds[("global", "global")])
    level_from = None if plain else questionnaire.scoring.level_from
    read = overall if level_from is None else (
        derived[level_from].measure if level_from in derived
        else dimensions[level_from].measure)
    return Scores(
        kind=questionnaire.kind_of(shown),
        dimensions=dimensions,
        stages=stages,
        global_score=global_score,
        level=questionnaire.level_of(read),
        derived=derived,
        coverage=Coverage(sum(counts.values()), counts[ANSWERED], counts[DONT_KNOW],
                          counts[NOT_APPLICABLE], counts[UNANSWERED]),
        answers=shown,
        measure=overall,
    )



def with_dimension_scores(questionnaire: Questionnaire, scores: Scores,
                          values: Mapping[str, float | None]) -> Scores:
    """`scores` (answers, coverage, contributions kept) with each dimension's score taken from
    `values`, and the stages, the global score and the level worked out from those as `score`
    does: a collective diagnostic's dimensions score the median of its respondents' own."""
    dimensions = {d: replace(found, score=kept(measure := _stored(values.get(d)),
                                               questionnaire.thresholds[("score", d)]),
                             level=questionnaire.level_of(measure), measure=measure)
                  for d, found in scores.dimensions.items()}
    stages: dict[str, StageScore] = {}
    means: list[tuple[float, float]] = []
    q = questionnaire
    for stage in q.scored_stages:
        mean = _float_mean([(value, d.weight) for d in stage.dimensions
                            if (value := values.get(d.id)) is not None])
        counted = mean if q.plain_scoring else _float_mean([
            (value, d.weight) for d in stage.dimensions
            if (value := values.get(d.id)) is not None and q.dimension_scoring(d.id).in_global])
        if counted is not None:
            means.append((counted, q.stage_weight(stage)))
        measure = _stored(mean)
        stages[stage.id] = StageScore(
            stage.id, kept(measure, q.thresholds[("stage", stage.id)]),
            q.level_of(measure), measure)
    if q.global_from == "pooled":  # each dimension's score, on its share of the pool
        overall = _pooled_scores(q, dimensions)
    elif q.global_from == "stages":
        overall = _stored(_float_mean(means))
    else:
        overall = dimensions[q.global_from].measure if q.global_from in dimensions else None
    derived: dict[str, StageScore] = {}
    if not q.plain_scoring:
        derived, overall = _derived(q, scores.answers, dimensions, stages, overall)
    level_from = q.scoring.level_from
    read = overall if level_from is None else (
        derived[level_from].measure if level_from in derived
        else dimensions[level_from].measure)
    return replace(scores, dimensions=dimensions, stages=stages,
                   global_score=kept(overall, q.thresholds[("global", "global")]),
                   level=q.level_of(read), measure=overall, derived=derived)


def _pooled_scores(q: Questionnaire, dimensions: Mapping[str, DimensionScore]
                   ) -> Measure | None:
    """A pooled global from dimension scores alone: Σ score × its points maximum ÷ Σ maxima,
    over the in_global dimensions that have a score."""
    found = [(d.measure, most) for d in dimensions.values() if d.measure is not None
             and q.dimension_scoring(d.id).in_global and (most := points_max(q, d)) is not None]
    possible = sum((most for _, most in found), Fraction(0))
    if not found:
        return None
    value = sum((m.exact() * most for m, most in found), Fraction(0)) / possible if possible \
        else Fraction(0)
    return Measure(float(value), value)


def _stored(value: float | None) -> Measure | None:
    return None if value is None else Measure.stored(value)
