"""A loaded questionnaire: the validated content plus the look-ups the engine needs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any

from .conditions import Compare, Condition, Evaluator, Facts, Named, OneOf, walk
from .model import (
    AnyQuestion,
    Dimension,
    DimensionScoring,
    Index,
    Level,
    Recommendation,
    Scoring,
    Section,
    Stage,
    Text,
)
from .numbers import Measure, Threshold, exact, threshold
from .yamlfile import Problem

DEFAULT_SCORING = Scoring()
DEFAULT_DIMENSION_SCORING = DimensionScoring()
# how a comparison splits scores: `<`/`>=` at the value (a level's `min`), `>`/`<=` above it
_STRICT = {"<": (False,), ">=": (False,), ">": (True,), "<=": (True,)}
Applicability = tuple[frozenset[str], dict[str, Any], frozenset[str]]


def _copied(answers: Mapping[str, Any]) -> dict[str, Any]:
    copy = dict(answers)
    for qid, value in copy.items():  # (a loop: faster than a comprehension, lists being rare)
        if isinstance(value, list):
            copy[qid] = list(value)
    return copy


@dataclass(frozen=True, eq=False)
class Questionnaire:
    """An immutable, versioned, hashed questionnaire with its compiled conditions."""

    index: Index
    stages: tuple[Stage, ...]
    recommendations: tuple[Recommendation, ...]
    content_hash: str
    questions: Mapping[str, AnyQuestion]
    question_stage: Mapping[str, str]
    question_section: Mapping[str, str]
    sections: Mapping[str, Section]
    dimensions: Mapping[str, Dimension]
    dimension_stage: Mapping[str, str]
    dimension_questions: Mapping[str, tuple[str, ...]]
    show_if: Mapping[str, Condition]
    rules: Mapping[str, tuple[Condition, ...]]
    presumes: Mapping[str, Condition] = field(default_factory=dict)
    profiles: Mapping[str, Condition] = field(default_factory=dict)
    # questions not asked, and « Non concerné », when their condition holds
    not_applicable_if: Mapping[str, Condition] = field(default_factory=dict)
    # the recommendations written for some kinds of organisation only (engine/intents.py)
    kind_specific: frozenset[str] = frozenset()
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    # derived scores (issue 27), in order: id → (formula, ((condition, formula), …) cases)
    derived: Mapping[str, tuple[Any, tuple[tuple[Condition, Any], ...]]] = field(
        default_factory=dict)

    @property
    def key(self) -> str:
        return self.index.key

    @property
    def version(self) -> str:
        return self.index.version

    @property
    def levels(self) -> tuple[Level, ...]:
        return self.index.levels

    @cached_property  # asked at every scoring; the stages never change
    def scored_stages(self) -> tuple[Stage, ...]:
        """The stages that have dimensions (every stage but the profile)."""
        return tuple(stage for stage in self.stages if stage.dimensions)

    def stage(self, stage_id: str) -> Stage:
        """The stage with this id (KeyError when there is none)."""
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)

    @cached_property  # asked at every scoring (kind_of)
    def kinds(self) -> tuple[str, ...]:
        """The organisation kinds: option values of the kind question (none without one)."""
        if self.index.kind_question is None:
            return ()
        question = self.questions[self.index.kind_question]
        return tuple(option.value for option in getattr(question, "options", ()))

    def kind_of(self, answers: Mapping[str, Any]) -> str | None:
        """The organisation kind an answer set declares, if any."""
        if self.index.kind_question is None:
            return None
        kind = answers.get(self.index.kind_question)
        return kind if kind in self.kinds else None

    @property
    def scoring(self) -> Scoring:
        """The scoring policy (issue 27), today's when the index says none."""
        return self.index.scoring or DEFAULT_SCORING

    def dimension_scoring(self, dimension_id: str) -> DimensionScoring:
        """How a dimension combines its answers and shows its score (today's by default)."""
        return self.dimensions[dimension_id].scoring or DEFAULT_DIMENSION_SCORING

    def score_title(self, name: str) -> Text:
        """The title of a dimension or of a derived score."""
        if name in self.dimensions:
            return self.dimensions[name].title
        derived = self.index.scoring.derived if self.index.scoring else ()
        return next(found.title for found in derived if found.id == name)

    def stage_weight(self, stage: Stage) -> float:
        """A stage's weight in the global score (format 3's `scoring.weight`; default 1)."""
        return stage.scoring.weight if stage.scoring is not None else 1.0

    @property
    def global_from(self) -> str:
        """What the global score is: `stages` (the weighted mean of the stages' scores),
        `pooled` (raw points out of their maximum) or a dimension's or derived score's id."""
        return self.scoring.global_

    @cached_property
    def plain_scoring(self) -> bool:
        """Whether every score is worked out as before issue 27 (the fast path)."""
        return self.index.scoring is None and all(
            d.scoring is None for d in self.dimensions.values()) and all(
            q.scoring is None for q in self.questions.values()) and all(
            stage.scoring is None for stage in self.stages)

    @property
    def zero_when_unanswered(self) -> bool:
        """Whether unanswered scored questions count as no points (else they are left out)."""
        return self.index.unanswered == "zero"

    @cached_property
    def level_mins(self) -> tuple[Fraction, ...]:
        """Each level's threshold, as the decimal its author wrote."""
        return tuple(exact(level.min) for level in self.levels)

    def level_of(self, score: float | Measure | None) -> int | None:
        """The level number (1 to the number of levels) of a score, compared exactly (a stored
        score as the decimal it is), None for no score."""
        if score is None:
            return None
        measure = Measure.stored(score)
        approx = measure.approx
        number = 1
        for n, (limit, near, margin) in enumerate(self._level_bounds, start=1):
            # Measure.reaches, with the float test inlined: the exact score only near `near`
            if (approx > near) if abs(approx - near) > margin else measure.reaches(limit):
                number = n
        return number

    @cached_property
    def _level_limits(self) -> tuple[Threshold, ...]:
        return tuple(threshold(value) for value in self.level_mins)

    @cached_property
    def _level_bounds(self) -> tuple[tuple[Threshold, float, float], ...]:
        """Each level's threshold, its float, and how near it a float cannot decide
        (numbers._side's margin)."""
        return tuple((limit, limit[2], 1e-7 * (1 + abs(limit[2])))
                     for limit in self._level_limits)

    @cached_property
    def thresholds(self) -> dict[tuple[str, str], tuple[Threshold, ...]]:
        """Every value a score is compared with, by subject (`("score", DIMENSION)`,
        `("stage", STAGE)`, `("global", "global")`): the levels, the strength threshold for
        a dimension, and the numbers its rules compare it with (strict for `>` and `<=`, both
        ways for `==`). What is printed of a score never lands on the other side of any of
        them (numbers.honest)."""
        at_least = set(self._level_limits)
        found: dict[tuple[str, str], set[Threshold]] = {("global", "global"): set()}
        found.update({("score", d): {threshold(self.index.strength_threshold)}
                      for d in [*self.dimensions, *self.derived]})
        found.update({("stage", stage.id): set() for stage in self.scored_stages})
        conditions = [c for group in self.rules.values() for c in group]
        conditions += [*self.presumes.values(), *self.profiles.values()]
        for condition in conditions:
            for node in walk(condition.node):
                if not isinstance(node, Compare | OneOf) or node.subject.kind not in (
                        "score", "stage", "global"):
                    continue
                values = (node.value,) if isinstance(node, Compare) else node.values
                ways = _STRICT.get(node.op, (False, True)) if isinstance(node, Compare) else (
                    False, True)
                found.setdefault((node.subject.kind, node.subject.name), set()).update(
                    threshold(v, strict) for v in values if isinstance(v, float)
                    for strict in ways)
        if self.global_from not in ("stages", "pooled"):  # the global is that score: both
            named = found.setdefault(("score", self.global_from), set())  # printed alike
            named |= found[("global", "global")]
            found[("global", "global")] = set(named)
        return {key: tuple(sorted(values | at_least)) for key, values in found.items()}

    def holds(self, profile: str, answers: Mapping[str, Any]) -> bool:
        """Whether a named profile describes the organisation of these answers."""
        return self.profiles[profile](Facts(answers, {}, {}))

    @cached_property
    def _recent(self) -> list[tuple[dict[str, Any], Applicability]]:
        return []

    def applicability(self, answers: Mapping[str, Any]
                      ) -> tuple[frozenset[str], dict[str, Any], frozenset[str]]:
        """The questions that are shown, their answers, and the questions not applicable.

        `show_if` and `not_applicable_if` only look at earlier questions (and at profiles of
        earlier questions), so one pass in order settles everything. A hidden question and a
        question not applicable are not asked: their answers are ignored, as if not given; a
        question not applicable is « Non concerné » (out of its dimension's score).

        A page asks it of the same answers five times (its questions, two progress bars, the
        outline, the way back): the last two answer sets are remembered with their result,
        and compared by value, so that an answer set changed since is never taken for the same.
        """
        recent = self._recent
        for seen, found in tuple(recent):
            if seen == answers:
                return found[0], _copied(found[1]), found[2]
        copy = _copied(answers)  # neither the caller's lists nor ours are shared
        found = self._applicability(copy)
        recent.insert(0, (copy, found))
        del recent[2:]
        return found[0], _copied(found[1]), found[2]

    def _applicability(self, answers: Mapping[str, Any]) -> Applicability:
        shown_ids: set[str] = set()
        shown: dict[str, Any] = {}
        not_applicable: set[str] = set()
        facts = Facts(shown, {}, {})
        for question_id, condition, excused in self._asked:
            if condition is not None and not condition(facts):
                continue
            if excused is not None and excused(facts):
                not_applicable.add(question_id)
                continue
            shown_ids.add(question_id)
            if question_id in answers:
                shown[question_id] = answers[question_id]
        return frozenset(shown_ids), shown, frozenset(not_applicable)

    @cached_property
    def _asked(self) -> tuple[tuple[str, Evaluator | None, Evaluator | None], ...]:
        """Each question in order with its compiled `show_if` and `not_applicable_if`."""
        return tuple((question_id,
                      None if (shown := self.show_if.get(question_id)) is None
                      else shown.evaluate,
                      None if (excused := self.not_applicable_if.get(question_id)) is None
                      else excused.evaluate)
                     for question_id in self.questions)

    def visibility(self, answers: Mapping[str, Any]) -> tuple[frozenset[str], dict[str, Any]]:
        """The questions that are shown (asked), and their answers, given the answers themselves.

        A question hidden by `show_if` or not applicable (`not_applicable_if`) is not shown.
        """
        shown_ids, shown, _ = self.applicability(answers)
        return shown_ids, shown

    def visible(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """The answers of the questions that are shown."""
        return self.visibility(answers)[1]

    def not_applicable_because(self, question_id: str, answers: Mapping[str, Any]) -> str | None:
        """The first profile named in a question's `not_applicable_if` that holds for these
        answers (whose label says why the question does not apply), if any."""
        condition = self.not_applicable_if.get(question_id)
        if condition is None:
            return None
        facts = Facts(answers, {}, {})
        return next((node.name for node in walk(condition.node)
                     if isinstance(node, Named) and node.name in self.profiles
                     and self.profiles[node.name](facts)), None)
