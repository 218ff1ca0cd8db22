"""Cross-reference checks of a questionnaire whose files each passed the schema.

One family of checks a module: the structure and the questions here, conditions in
conditions.py, profiles, roadmap settings and recommendations in recommendations.py."""

from __future__ import annotations

from ..model import (
    SPECIAL_VALUES,
    AnyQuestion,
    MultipleQuestion,
    NumberQuestion,
    SingleQuestion,
    Stage,
    TextQuestion,
    YesNoQuestion,
)
from ..yamlfile import PathKey, YamlDocument
from .conditions import check_not_applicable_if
from .reach import check_reach
from .recommendations import RecommendationChecks
from .scoring import check_scoring
from .state import MIN_SCORED_PER_DIMENSION, RESERVED


class Checker(RecommendationChecks):
    """Walks the validated files, builds the look-ups and records every problem."""

    def run(self) -> None:
        """Every check, in file order."""
        self._check_levels()
        for doc, stage in self.stage_docs:
            self._unique("stage", stage.id, doc, ())
            for d, dimension in enumerate(stage.dimensions):
                if self._unique("dimension", dimension.id, doc, ("dimensions", d)):
                    self.dimensions[dimension.id] = dimension
                    self.dimension_stage[dimension.id] = stage.id
            for s, section in enumerate(stage.sections):
                if self._unique("section", section.id, doc, ("sections", s)):
                    self.sections[section.id] = section
                for q, question in enumerate(section.questions):
                    path = ("sections", s, "questions", q)
                    if self._unique("question", question.id, doc, path):
                        self._check_question(doc, path, stage, question)
                        self.questions[question.id] = question
                        self.question_stage[question.id] = stage.id
                        self.question_section[question.id] = section.id
        self._check_kind_question()
        self._check_variants()
        self._check_dimension_sizes()
        self._check_profiles()
        check_not_applicable_if(self)
        self._check_roadmap_settings()
        check_scoring(self)
        for doc, recos in self.reco_docs:
            for r, reco in enumerate(recos):
                self._check_recommendation(doc, (r,), reco)
        for doc, recos in self.reco_docs:
            for r, reco in enumerate(recos):
                for i, other in enumerate(reco.supersedes):
                    if ("recommendation", other) not in self._where or other == reco.id:
                        self.error(doc, (r, "supersedes", i), f"recommendation {reco.id!r}: "
                                   f"unknown recommendation {other!r} in 'supersedes'")
        self._check_intents()
        check_reach(self)

    def _check_levels(self) -> None:
        mins = [level.min for level in self.index.levels]
        if mins[0] != 0 or mins != sorted(set(mins)):
            self.error(self.index_doc, ("levels",),
                       "levels must start at 0 and have strictly ascending 'min'")
        seen: set[str] = set()
        for i, level in enumerate(self.index.levels):
            if level.id in seen:
                self.error(self.index_doc, ("levels", i, "id"), f"duplicate level id {level.id!r}")
            seen.add(level.id)

    def _check_question(self, doc: YamlDocument, path: PathKey, stage: Stage,
                        question: AnyQuestion) -> None:
        who = f"question {question.id!r}"
        if question.id in RESERVED:
            self.error(doc, path + ("id",), f"{who}: {question.id!r} is a reserved word")
        if question.dimension is not None:
            if question.dimension not in {d.id for d in stage.dimensions}:
                self.error(doc, path + ("dimension",), f"{who}: unknown dimension "
                           f"{question.dimension!r} (not a dimension of stage {stage.id!r})")
            else:
                self.dimension_questions[question.dimension].append(question.id)
        if isinstance(question, SingleQuestion | MultipleQuestion):
            self._check_options(doc, path, question)
        elif isinstance(question, YesNoQuestion) and question.scored and question.points is None:
            self.error(doc, path, f"{who}: scored yes/no question without 'points'")
        elif isinstance(question, NumberQuestion):
            self._check_ranges(doc, path, question)
        elif isinstance(question, TextQuestion) and question.scored:
            self.error(doc, path + ("dimension",), f"{who}: a text question cannot be scored")
        if question.show_if is not None:
            condition = self._condition(doc, path + ("show_if",), who, question.show_if,
                                        show_if=True)
            if condition is not None:
                self.show_if[question.id] = condition

    def _check_options(self, doc: YamlDocument, path: PathKey,
                       question: SingleQuestion | MultipleQuestion) -> None:
        seen: set[str] = set()
        for o, option in enumerate(question.options):
            opath = path + ("options", o)
            who = f"question {question.id!r}, option {option.value!r}"
            if option.value in seen:
                self.error(doc, opath + ("value",), f"{who}: duplicate option value")
            if option.value in SPECIAL_VALUES:
                self.error(doc, opath + ("value",), f"{who}: {option.value!r} is reserved")
            seen.add(option.value)
            if question.scored and option.points is None:
                self.error(doc, opath, f"{who}: option lacks 'points' (the question is scored)")
            if option.exclusive and isinstance(question, SingleQuestion):
                self.error(doc, opath, f"{who}: 'exclusive' only applies to multiple choice")
        if question.scored and max((o.points or 0 for o in question.options), default=0) <= 0:
            self.error(doc, path, f"question {question.id!r}: no option is worth any points")

    def _check_ranges(self, doc: YamlDocument, path: PathKey, question: NumberQuestion) -> None:
        who = f"question {question.id!r}"
        if question.min > question.max:
            self.error(doc, path, f"{who}: 'min' is greater than 'max'")
        if question.scored and not question.ranges:
            self.error(doc, path, f"{who}: scored number question without 'ranges'")
        if not question.ranges:
            return
        step = 1 if question.integer else 0
        ranges = sorted(question.ranges, key=lambda r: r.min)
        expected = question.min
        for band in ranges:
            if band.min > band.max:
                self.error(doc, path + ("ranges",), f"{who}: a range has min > max")
            if band.min > expected:
                self.error(doc, path + ("ranges",),
                           f"{who}: ranges leave a gap before {band.min:g}")
            expected = max(expected, band.max + step)
        if expected - step < question.max:
            self.error(doc, path + ("ranges",),
                       f"{who}: ranges stop before 'max' ({question.max:g})")

    def _check_kind_question(self) -> None:
        if self.index.kind_question is None:
            if self.index.words.profile is not None:
                self.warning(self.index_doc, ("words", "profile"),
                             "words.profile is never shown: there is no kind_question, so the "
                             "start page asks none")
            return
        question = self.questions.get(self.index.kind_question)
        if not isinstance(question, SingleQuestion):
            self.error(self.index_doc, ("kind_question",),
                       f"kind_question {self.index.kind_question!r} "
                       "is not a single-choice question")

    def _check_variants(self) -> None:
        kind_question = self.questions.get(self.index.kind_question or "")
        kinds = ({option.value for option in kind_question.options}
                 if isinstance(kind_question, SingleQuestion) else set())
        if self.index.kind_question is not None and not kinds:
            return  # already reported: the kind question is not a single-choice question
        for doc, stage in self.stage_docs:
            for s, section in enumerate(stage.sections):
                for q, question in enumerate(section.questions):
                    path: PathKey = ("sections", s, "questions", q)
                    keyed: list[tuple[PathKey, str]] = [
                        (path + ("variants", k), k) for k in question.variants]
                    for o, option in enumerate(getattr(question, "options", ())):
                        keyed += [(path + ("options", o, "variants", k), k)
                                  for k in option.variants]
                    for where, kind in keyed:
                        if kind not in kinds:
                            self.error(doc, where, f"question {question.id!r}: unknown "
                                       f"organisation kind {kind!r} in variants" + (
                                           "" if kinds else
                                           " (variants need the index's 'kind_question')"))

    def _check_dimension_sizes(self) -> None:
        for doc, stage in self.stage_docs:
            for d, dimension in enumerate(stage.dimensions):
                count = len(self.dimension_questions.get(dimension.id, ()))
                if count < MIN_SCORED_PER_DIMENSION:
                    self.error(doc, ("dimensions", d), f"dimension {dimension.id!r}: {count} "
                               f"scored question(s), at least {MIN_SCORED_PER_DIMENSION} needed")


__all__ = ["Checker"]
