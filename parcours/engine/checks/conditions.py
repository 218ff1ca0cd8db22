"""Checks of conditions (show_if, not_applicable_if, rules, presumes, profiles): every name
known, every question used as its type allows."""

from __future__ import annotations

from typing import Any

from ..conditions import (
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
from ..model import AnyQuestion, MultipleQuestion, NumberQuestion, TextQuestion, YesNoQuestion
from ..yamlfile import PathKey, YamlDocument
from .state import CheckerState


class ConditionChecks(CheckerState):
    """Parse, check and compile one condition where it is written."""

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
            known = ({*self.dimensions, *self.derived} if subject.kind == "score"
                     else self.dimensions if subject.kind == "spread" else {
                         s.id for _, s in self.stage_docs if s.dimensions})
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


# --- not_applicable_if ----------------------------------------------------------------------------

NOT_APPLICABLE_IF = "not_applicable_if"


def check_not_applicable_if(checker: CheckerState) -> None:
    """Compile each question's `not_applicable_if`: a condition on earlier answers and on named
    profiles (whose own questions must come earlier too: the question is settled when it is
    reached, in one pass, like `show_if`). Run once the profiles are known."""
    order = {qid: n for n, qid in enumerate(checker.questions)}
    profiles = {name: condition.node for name, condition in checker.profiles.items()}
    for doc, stage in checker.stage_docs:
        for s, section in enumerate(stage.sections):
            for q, question in enumerate(section.questions):
                source = question.not_applicable_if
                if source is None or checker.questions.get(question.id) is not question:
                    continue  # none, or a duplicate id (already reported)
                path: PathKey = ("sections", s, "questions", q, NOT_APPLICABLE_IF)
                who = f"question {question.id!r}"
                try:
                    node = parse(source)
                except ConditionError as err:
                    checker.error(doc, path, f"{who}: {err}")
                    continue
                messages: list[str] = []
                for found in walk(node):
                    for message in _not_applicable_problems(checker, found, order[question.id],
                                                            order, profiles):
                        if message not in messages:
                            messages.append(message)
                for message in messages:
                    checker.error(doc, path, f"{who}: {message}")
                if not messages:
                    node = resolve(node, profiles)
                    checker.not_applicable_if[question.id] = Condition(source, node,
                                                                       compile_node(node))


def _subject_of(node: Node) -> tuple[Subject | None, tuple[Any, ...]]:
    """What a condition node reads (a question or a score), and the values it compares with."""
    if isinstance(node, Compare):
        return node.subject, (node.value,)
    if isinstance(node, OneOf):
        return node.subject, node.values
    if isinstance(node, Contains):
        return Subject("contains", node.question), (node.value,)
    if isinstance(node, Test):
        return Subject("test", node.question), ()
    return None, ()


def _not_applicable_problems(checker: CheckerState, node: Node, position: int,
                             order: dict[str, int], profiles: dict[str, Node]) -> list[str]:
    if isinstance(node, Named):
        if node.name not in profiles:
            return [f"unknown profile {node.name!r} in {NOT_APPLICABLE_IF} (profiles are "
                    "declared in the index)"]
        later = [subject.name for found in walk(profiles[node.name])
                 if (subject := _subject_of(found)[0]) is not None
                 and subject.name in order and order[subject.name] >= position]
        return [f"profile {node.name!r} reads question {name!r}, which comes later, "
                f"in {NOT_APPLICABLE_IF}" for name in dict.fromkeys(later)]
    subject, values = _subject_of(node)
    if subject is None:
        return []
    if subject.kind in ("score", "stage", "spread", "global"):
        return [f"{NOT_APPLICABLE_IF} may only refer to answers and profiles, "
                f"not to {subject.kind!r}"]
    if order.get(subject.name, position) >= position:
        return [f"unknown earlier question {subject.name!r} in {NOT_APPLICABLE_IF}"]
    return _fits(checker.questions[subject.name], subject.kind, node, values)
