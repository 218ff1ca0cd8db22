"""Cross-reference checks of a questionnaire whose files each passed the schema."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

from .conditions import (
    ALWAYS,
    Compare,
    Condition,
    ConditionError,
    Contains,
    Named,
    Node,
    OneOf,
    Subject,
    Test,
    compile_node,
    parse,
    resolve,
    walk,
)
from .intents import can_both_hold, reads_question
from .model import (
    SPECIAL_VALUES,
    AnyQuestion,
    Dimension,
    Index,
    MultipleQuestion,
    NumberQuestion,
    Recommendation,
    Section,
    SingleQuestion,
    Stage,
    TextQuestion,
    YesNoQuestion,
)
from .yamlfile import PathKey, Problem, YamlDocument

RESERVED = frozenset(
    {"and", "or", "not", "in", "contains", "answered", "dont_know", "count", "score", "stage",
     "spread", "global", "profile"}
)
# A dimension without a scored question could never have a score. How many it needs to be measured
# well is the content's business (A.D.O.C. asks three or more, see tests/engine/test_content.py;
# the flash asks the single most telling one).
MIN_SCORED_PER_DIMENSION = 1


class Checker:
    """Walks the validated files, builds the look-ups and records every problem."""

    def __init__(
        self,
        index: Index,
        index_doc: YamlDocument,
        stage_docs: list[tuple[YamlDocument, Stage]],
        reco_docs: list[tuple[YamlDocument, tuple[Recommendation, ...]]],
    ) -> None:
        self.index, self.index_doc = index, index_doc
        self.stage_docs, self.reco_docs = stage_docs, reco_docs
        self.problems: list[Problem] = []
        self.questions: dict[str, AnyQuestion] = {}
        self.question_stage: dict[str, str] = {}
        self.question_section: dict[str, str] = {}
        self.sections: dict[str, Section] = {}
        self.dimensions: dict[str, Dimension] = {}
        self.dimension_stage: dict[str, str] = {}
        self.dimension_questions: dict[str, list[str]] = defaultdict(list)
        self.show_if: dict[str, Condition] = {}
        self.rules: dict[str, tuple[Condition, ...]] = {}
        self.presumes: dict[str, Condition] = {}
        self.profiles: dict[str, Condition] = {}
        self.kind_specific: set[str] = set()
        self._where: dict[tuple[str, str], tuple[YamlDocument, PathKey]] = {}

    def error(self, doc: YamlDocument, path: PathKey, message: str) -> None:
        self.problems.append(Problem(doc.file, doc.line(path), message))

    def warning(self, doc: YamlDocument, path: PathKey, message: str) -> None:
        self.problems.append(Problem(doc.file, doc.line(path), message, "warning"))

    def _unique(self, kind: str, ident: str, doc: YamlDocument, path: PathKey) -> bool:
        first = self._where.get((kind, ident))
        if first is not None:
            self.error(doc, path + ("id",), f"duplicate {kind} id {ident!r} "
                       f"(first at {first[0].file}:{first[0].line(first[1])})")
            return False
        self._where[(kind, ident)] = (doc, path)
        return True

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
        self._check_roadmap_settings()
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

    def _check_intents(self) -> None:
        """Recommendations of one intent are alternatives: one supersedes the other, or their
        `presumes` cannot both hold; and which of them are an organisation kind's own."""
        kind_question = self.index.kind_question
        by_intent: dict[str, list[tuple[YamlDocument, int, Recommendation]]] = defaultdict(list)
        for doc, recos in self.reco_docs:
            for r, reco in enumerate(recos):
                if reco.scope != "plan":
                    continue
                presumes = self.presumes.get(reco.id)
                if kind_question and presumes is not None and reads_question(
                        presumes.node, kind_question):
                    self.kind_specific.add(reco.id)
                by_intent[reco.intent_id].append((doc, r, reco))
        for rivals in by_intent.values():
            for (doc, r, reco), (_, _, other) in itertools.combinations(rivals, 2):
                if reco.id in other.supersedes or other.id in reco.supersedes:
                    continue
                if can_both_hold(self.presumes.get(reco.id), self.presumes.get(other.id),
                                 self.questions):
                    self.error(doc, (r, "intent"), f"recommendation {reco.id!r}: same intent "
                               f"{reco.intent_id!r} as {other.id!r}, and nothing chooses between "
                               "them (list one in the other's 'supersedes', or give them "
                               "'presumes' that cannot both hold)")

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

    def _check_profiles(self) -> None:
        for p, profile in enumerate(self.index.profiles):
            path: PathKey = ("profiles", p)
            if not self._unique("profile", profile.id, self.index_doc, path):
                continue
            condition = self._condition(self.index_doc, path + ("when",),
                                        f"profile {profile.id!r}", profile.when, show_if=False,
                                        answers_only=True)
            if condition is not None:
                self.profiles[profile.id] = condition

    def _check_roadmap_settings(self) -> None:
        doc, index = self.index_doc, self.index
        levels = {level.id for level in index.levels}
        for p, phase in enumerate(index.phases):
            self._unique("phase", phase.id, doc, ("phases", p))
            if phase.opens_at is not None and phase.opens_at not in levels:
                self.error(doc, ("phases", p, "opens_at"),
                           f"phase {phase.id!r}: unknown level {phase.opens_at!r} in 'opens_at'")
        settings = index.roadmap
        if settings.min_actions > min([settings.max_actions, *settings.sizes.values()]):
            self.error(doc, ("roadmap",), "roadmap: 'min_actions' is larger than a maximum")
        if settings.by_importance_from is not None and settings.by_importance_from not in levels:
            self.error(doc, ("roadmap", "by_importance_from"), "roadmap: unknown level "
                       f"{settings.by_importance_from!r} in 'by_importance_from'")
        if not settings.size_questions:
            if settings.sizes:
                self.error(doc, ("roadmap", "sizes"), "roadmap: 'sizes' needs 'size_question'")
            return
        values: set[str] = set()
        for name in settings.size_questions:
            question = self.questions.get(name)
            if not isinstance(question, SingleQuestion):
                self.error(doc, ("roadmap", "size_question"), f"roadmap: size_question "
                           f"{name!r} is not a single-choice question")
                return
            values |= {option.value for option in question.options}
        asked = ", ".join(repr(name) for name in settings.size_questions)
        for value in settings.sizes:
            if value not in values:
                self.error(doc, ("roadmap", "sizes", value), f"roadmap: {value!r} is not an "
                           f"option of question {asked}")

    def _check_kind_question(self) -> None:
        if self.index.kind_question is None:
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

    def _check_recommendation(self, doc: YamlDocument, path: PathKey,
                              reco: Recommendation) -> None:
        who = f"recommendation {reco.id!r}"
        self._unique("recommendation", reco.id, doc, path)
        for i, dimension in enumerate(reco.dimensions):
            if dimension not in self.dimensions:
                self.error(doc, path + ("dimensions", i), f"{who}: unknown dimension {dimension!r}")
        phases = {phase.id for phase in self.index.phases}
        if reco.phase is None and phases:
            self.error(doc, path + ("id",), f"{who}: missing 'phase' (one of {sorted(phases)})")
        elif reco.phase is not None and reco.phase not in phases:
            self.error(doc, path + ("phase",), f"{who}: unknown phase {reco.phase!r}")
        categories = self.index.categories
        if reco.category is not None and (categories is None or reco.category not in {
                item.id for item in categories.items}):
            known = ", ".join(item.id for item in categories.items) if categories else ""
            self.error(doc, path + ("category",), f"{who}: unknown category {reco.category!r}"
                       + (f" (expected one of {known})" if known else
                          " (the index declares no 'categories')"))
        for i, variant in enumerate(reco.variants):
            if variant.profile not in self.profiles:
                self.error(doc, path + ("variants", i, "profile"),
                           f"{who}: unknown profile {variant.profile!r} in variants")
            if (variant.title, variant.description, variant.because, variant.resources) == (
                    None, None, None, None):
                self.error(doc, path + ("variants", i), f"{who}: a variant needs a title, "
                           "a description, a reason ('because') or resources")
        if reco.presumes is not None:
            presumes = self._condition(doc, path + ("presumes",), who, reco.presumes,
                                       show_if=False)
            if presumes is not None:
                self.presumes[reco.id] = presumes
        compiled: list[Condition] = []
        for i, rule in enumerate(reco.rules):
            if rule.when is None:
                compiled.append(ALWAYS)
                continue
            condition = self._condition(doc, path + ("rules", i, "when"), who, rule.when,
                                        show_if=False)
            if condition is not None:
                compiled.append(condition)
        self.rules[reco.id] = tuple(compiled)
        if reco.scope == "joint":
            self._check_joint(doc, path, who, reco, compiled)
        if not reco.rules:
            self.warning(doc, path, f"{who}: no rule can fire it (it has no rules)")
        elif compiled and len(compiled) == len(reco.rules) and all(
                _never(c.node) for c in compiled):
            self.warning(doc, path + ("rules",),
                         f"{who}: no rule can fire it (its conditions can never hold)")

    def _check_joint(self, doc: YamlDocument, path: PathKey, who: str, reco: Recommendation,
                     compiled: list[Condition]) -> None:
        """Two partners have no answers in common to read: a joint step is chosen from their
        scores and the gaps between them, and worded the same for both."""
        if reco.presumes is not None or reco.variants:
            self.error(doc, path + ("id",), f"{who}: a joint recommendation has neither "
                       "'presumes' nor 'variants' (two partners share no answers)")
        for i, condition in enumerate(compiled):
            if any(_reads_answers(node) for node in walk(condition.node)):
                self.error(doc, path + ("rules", i, "when"), f"{who}: a joint recommendation's "
                           "rules read score, stage, spread and global, not answers or profiles")

    def _condition(self, doc: YamlDocument, path: PathKey, who: str, source: str,
                   show_if: bool, answers_only: bool = False) -> Condition | None:
        try:
            node = parse(source)
        except ConditionError as err:
            self.error(doc, path, f"{who}: {err}")
            return None
        messages = [m for n in walk(node)
                    for m in self._node_problems(n, show_if or answers_only, who, show_if)]
        for message in messages:
            self.error(doc, path, f"{who}: {message}")
        if messages:
            return None
        node = resolve(node, {name: c.node for name, c in self.profiles.items()})
        return Condition(source, node, compile_node(node))

    def _node_problems(self, node: Node, show_if: bool, who: str,
                       in_show_if: bool = False) -> list[str]:
        if isinstance(node, Named):
            if in_show_if:
                return ["show_if may only refer to answers, not to a profile"]
            return [] if node.name in self.profiles else [
                f"unknown profile {node.name!r} (profiles are declared in the index, "
                "each before those that use it)"]
        subject: Subject | None = None
        values: tuple[Any, ...] = ()
        if isinstance(node, Compare):
            subject, values = node.subject, (node.value,)
        elif isinstance(node, OneOf):
            subject, values = node.subject, node.values
        elif isinstance(node, Contains):
            subject, values = Subject("contains", node.question), (node.value,)
        elif isinstance(node, Test):
            subject = Subject("test", node.question)
        if subject is None:
            return []
        if subject.kind in ("score", "stage", "spread", "global"):
            if show_if:
                return [f"show_if may only refer to answers, not to {subject.kind!r}"]
            known = self.dimensions if subject.kind in ("score", "spread") else {
                s.id for _, s in self.stage_docs if s.dimensions}
            if subject.kind != "global" and subject.name not in known:
                kind = "scored stage" if subject.kind == "stage" else "dimension"
                return [f"unknown {kind} {subject.name!r} in condition"]
            return _numbers_only(values, subject.kind)
        question = self.questions.get(subject.name)
        if question is None:
            where = "earlier " if show_if else ""
            return [f"unknown {where}question {subject.name!r} in condition"]
        return _fits(question, subject.kind, node, values)


def _numbers_only(values: tuple[Any, ...], what: str) -> list[str]:
    if any(not isinstance(v, float) for v in values):
        return [f"{what} is compared with a text"]
    return []


def _fits(question: AnyQuestion, use: str, node: Node, values: tuple[Any, ...]) -> list[str]:
    """Whether a condition uses a question the way its type allows."""
    name = question.id
    if use == "test":
        return []
    if use in ("count", "contains") and not isinstance(question, MultipleQuestion):
        return [f"{use} needs a multiple-choice question; {name!r} is {question.type}"]
    if use == "count":
        return _numbers_only(values, f"count({name})")
    if isinstance(question, MultipleQuestion) and use == "answer":
        return [f"multiple-choice question {name!r}: use 'contains' or 'count()'"]
    if isinstance(question, TextQuestion):
        return [f"text question {name!r} can only be tested with answered()"]
    if isinstance(question, NumberQuestion):
        return _numbers_only(values, f"number question {name!r}")
    if isinstance(node, Compare) and node.op not in ("==", "!="):
        return [f"{node.op!r} does not apply to the choices of {name!r}; use == or in"]
    allowed = ({"yes", "no"} if isinstance(question, YesNoQuestion)
               else {o.value for o in question.options})
    return [f"{v!r} is not an option of question {name!r}" for v in values if v not in allowed]


def _reads_answers(node: Node) -> bool:
    """Whether a condition node reads an answer (or a profile, which reads answers)."""
    if isinstance(node, Named | Contains | Test):
        return True
    return isinstance(node, Compare | OneOf) and node.subject.kind in ("answer", "count")


def _never(node: Node) -> bool:
    """A score comparison that no score in [0, 100] can satisfy."""
    if not isinstance(node, Compare) or node.subject.kind not in ("score", "stage", "spread",
                                                                   "global"):
        return False
    limit = float(node.value)
    return (node.op == "<" and limit <= 0) or (node.op == "<=" and limit < 0) or (
        node.op == ">" and limit >= 100) or (node.op == ">=" and limit > 100)
