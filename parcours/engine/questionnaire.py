"""A loaded questionnaire: the validated content plus the look-ups the engine needs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .conditions import Condition, Facts, Named, walk
from .model import AnyQuestion, Dimension, Index, Level, Recommendation, Section, Stage
from .numbers import shown
from .yamlfile import Problem


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

    @property
    def key(self) -> str:
        return self.index.key

    @property
    def version(self) -> str:
        return self.index.version

    @property
    def levels(self) -> tuple[Level, ...]:
        return self.index.levels

    @property
    def scored_stages(self) -> tuple[Stage, ...]:
        """The stages that have dimensions (every stage but the profile)."""
        return tuple(stage for stage in self.stages if stage.dimensions)

    def stage(self, stage_id: str) -> Stage:
        """The stage with this id (KeyError when there is none)."""
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)

    @property
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
    def zero_when_unanswered(self) -> bool:
        """Whether unanswered scored questions count as no points (else they are left out)."""
        return self.index.unanswered == "zero"

    def level_of(self, score: float | None) -> int | None:
        """The level number (1 to the number of levels) of a 0–100 score as displayed, None for
        no score."""
        value = shown(score)
        if value is None:
            return None
        number = 1
        for n, level in enumerate(self.levels, start=1):
            if value >= level.min:
                number = n
        return number

    def holds(self, profile: str, answers: Mapping[str, Any]) -> bool:
        """Whether a named profile describes the organisation of these answers."""
        return self.profiles[profile](Facts(answers, {}, {}))

    def applicability(self, answers: Mapping[str, Any]
                      ) -> tuple[frozenset[str], dict[str, Any], frozenset[str]]:
        """The questions that are shown, their answers, and the questions not applicable.

        `show_if` and `not_applicable_if` only look at earlier questions (and at profiles of
        earlier questions), so one pass in order settles everything. A hidden question and a
        question not applicable are not asked: their answers are ignored, as if not given; a
        question not applicable is « Non concerné » (out of its dimension's score).
        """
        shown_ids: set[str] = set()
        shown: dict[str, Any] = {}
        not_applicable: set[str] = set()
        facts = Facts(shown, {}, {})
        for question_id in self.questions:
            condition = self.show_if.get(question_id)
            if condition is not None and not condition(facts):
                continue
            excused = self.not_applicable_if.get(question_id)
            if excused is not None and excused(facts):
                not_applicable.add(question_id)
                continue
            shown_ids.add(question_id)
            if question_id in answers:
                shown[question_id] = answers[question_id]
        return frozenset(shown_ids), shown, frozenset(not_applicable)

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
