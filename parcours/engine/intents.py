"""What the plan needs to know about whom a recommendation fits: its kind, and its rivals.

Two facts are settled once per questionnaire, when it loads:

- a recommendation is *kind-specific* when its `presumes` fits some kinds of organisation and
  can never hold for others (`profile.entreprise`, `profile.benevoles_seulement`; not « has
  employees », which reads the kind but fits them all): the plan keeps a place among its first
  three actions for one of them (engine/roadmap.py);
- two recommendations of one *intent* must never both be possible in a plan unless one supersedes
  the other: the checker proves that their `presumes` cannot both hold by trying every
  combination of the answers those conditions read (a few thousand closures at most).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import Any

from .conditions import (
    MISSING,
    Compare,
    Condition,
    Contains,
    Facts,
    Node,
    OneOf,
    Test,
    compile_condition,
    walk,
)
from .model import (
    DONT_KNOW,
    AnyQuestion,
    MultipleQuestion,
    NumberQuestion,
    SingleQuestion,
    YesNoQuestion,
)

MAX_COMBINATIONS = 50_000  # past this, exclusivity is not proven: say `supersedes` instead


def written_for_some_kinds(presumes: Condition, kind_question: str,
                           questions: Mapping[str, AnyQuestion]) -> bool:
    """Whether a `presumes` fits some kinds of organisation and not others: it reads the kind
    question and, for at least one kind, can never hold (« has employees » reads the kind but
    fits every kind, so it is no kind's own)."""
    if kind_question not in _questions_read(presumes.node):
        return False
    question = questions.get(kind_question)
    kinds = [o.value for o in getattr(question, "options", ())]
    possible = [k for k in kinds if can_both_hold(
        presumes, compile_condition(f"{kind_question} == '{k}'"), questions)]
    return 0 < len(possible) < len(kinds)


def _questions_read(node: Node) -> set[str]:
    found: set[str] = set()
    for part in walk(node):
        if isinstance(part, Compare | OneOf) and part.subject.kind in ("answer", "count"):
            found.add(part.subject.name)
        elif isinstance(part, Contains | Test):
            found.add(part.question)
    return found


def _numbers(node: Node, question_id: str) -> set[float]:
    """The numbers a condition compares a number question with, and their neighbours."""
    found: set[float] = set()
    for part in walk(node):
        if isinstance(part, Compare) and part.subject.name == question_id and isinstance(
                part.value, float):
            found |= {part.value - 1, part.value, part.value + 1}
        elif isinstance(part, OneOf) and part.subject.name == question_id:
            found |= {v for v in part.values if isinstance(v, float)}
    return found


def _domain(question: AnyQuestion, numbers: set[float]) -> list[Any]:
    """Every answer that can make a difference to a condition, « no answer » included."""
    values: list[Any] = [MISSING, DONT_KNOW]
    if isinstance(question, SingleQuestion):
        values += [option.value for option in question.options]
    elif isinstance(question, YesNoQuestion):
        values += ["yes", "no"]
    elif isinstance(question, MultipleQuestion):
        options = [option.value for option in question.options]
        for size in range(len(options) + 1):
            values += [tuple(c) for c in itertools.combinations(options, size)]
    elif isinstance(question, NumberQuestion):
        values += sorted(numbers | {question.min, question.max})
    else:
        values.append("texte")
    return values


def _answer_sets(questions: Mapping[str, AnyQuestion], ids: list[str],
                 nodes: tuple[Node, ...]) -> Iterator[dict[str, Any]] | None:
    domains = []
    for question_id in ids:
        numbers: set[float] = set()
        for node in nodes:
            numbers |= _numbers(node, question_id)
        domains.append(_domain(questions[question_id], numbers))
    total = 1
    for domain in domains:
        total *= len(domain)
    if total > MAX_COMBINATIONS:
        return None
    return ({qid: value for qid, value in zip(ids, combo, strict=True) if value is not MISSING}
            for combo in itertools.product(*domains))


def can_both_hold(first: Condition | None, second: Condition | None,
                  questions: Mapping[str, AnyQuestion]) -> bool:
    """Whether some answers satisfy both conditions (no condition: always holds). True too when
    there are too many combinations to try: exclusivity is then not proven."""
    if first is None or second is None:
        return True
    if any(isinstance(part, Compare | OneOf) and part.subject.kind not in ("answer", "count")
           for node in (first.node, second.node) for part in walk(node)):
        return True  # scores are not known when a plan is chosen: nothing to prove with
    ids = sorted(_questions_read(first.node) | _questions_read(second.node))
    if any(question_id not in questions for question_id in ids):
        return True  # already reported as an unknown question
    answer_sets = _answer_sets(questions, ids, (first.node, second.node))
    if answer_sets is None:
        return True
    for answers in answer_sets:
        facts = Facts(answers, {}, {})
        if first(facts) and second(facts):
            return True
    return False
