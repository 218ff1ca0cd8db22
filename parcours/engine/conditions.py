"""The condition language of `show_if` and rule `when`: parsed once with Lark, never `eval`.

A condition is parsed into a small tree of frozen nodes, checked against the questionnaire (names,
option values, types), then compiled into nested closures that are fast to evaluate. The tree is
kept so that the roadmap can explain, in words, why a rule fired.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError, UnexpectedInput

from .model import DONT_KNOW, SPECIAL_VALUES
from .numbers import Measure, exact

Score = float | Measure

GRAMMAR = r"""
?start: or_
?or_: and_ ("or" and_)*
?and_: not_ ("and" not_)*
?not_: "not" not_ -> neg
     | atom
?atom: "(" or_ ")"
     | subject COMP literal -> compare
     | subject "in" "[" literal ("," literal)* "]" -> one_of
     | NAME "contains" STRING -> contains
     | "answered" "(" NAME ")" -> answered
     | "dont_know" "(" NAME ")" -> dont_know
     | "profile" "." NAME -> profile
subject: "count" "(" NAME ")" -> count
       | "score" "." NAME -> score
       | "stage" "." NAME -> stage
       | "spread" "." NAME -> spread
       | "global" -> global_
       | NAME -> answer
literal: SIGNED_NUMBER -> number
       | STRING -> string
COMP: "==" | "!=" | "<=" | ">=" | "<" | ">"
STRING: /'[^'\\]*'/
NAME: /[a-z][a-z0-9_]*/
%import common.SIGNED_NUMBER
%import common.WS
%ignore WS
"""

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
MISSING = object()


class ConditionError(ValueError):
    """A condition that does not parse or refers to what does not exist."""


@dataclass(frozen=True, slots=True)
class Subject:
    """What a comparison looks at: an answer, a count of choices, or a score."""

    kind: str  # "answer", "count", "score", "stage", "spread", "global"
    name: str


@dataclass(frozen=True, slots=True)
class Compare:
    subject: Subject
    op: str
    value: float | str


@dataclass(frozen=True, slots=True)
class OneOf:
    subject: Subject
    values: tuple[float | str, ...]


@dataclass(frozen=True, slots=True)
class Contains:
    question: str
    value: str


@dataclass(frozen=True, slots=True)
class Test:
    test: str  # "answered" or "dont_know"
    question: str


@dataclass(frozen=True, slots=True)
class Not:
    node: Node


@dataclass(frozen=True, slots=True)
class Named:
    """A named profile (`profile.NAME`); `node` is its condition once resolved."""

    name: str
    node: Node | None = None


@dataclass(frozen=True, slots=True)
class AllOf:
    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    nodes: tuple[Node, ...]


Node = Compare | OneOf | Contains | Test | Not | AllOf | AnyOf | Named


class _ToNodes(Transformer[Token, Node]):
    """Turns Lark's parse tree into our frozen nodes."""

    def or_(self, items: list[Node]) -> Node:
        return AnyOf(tuple(items))

    def and_(self, items: list[Node]) -> Node:
        return AllOf(tuple(items))

    def neg(self, items: list[Node]) -> Node:
        return Not(items[0])

    def compare(self, items: list[Any]) -> Node:
        return Compare(items[0], str(items[1]), items[2])

    def one_of(self, items: list[Any]) -> Node:
        return OneOf(items[0], tuple(items[1:]))

    def contains(self, items: list[Token]) -> Node:
        return Contains(str(items[0]), str(items[1])[1:-1])

    def answered(self, items: list[Token]) -> Node:
        return Test("answered", str(items[0]))

    def dont_know(self, items: list[Token]) -> Node:
        return Test("dont_know", str(items[0]))

    def profile(self, items: list[Token]) -> Node:
        return Named(str(items[0]))

    def count(self, items: list[Token]) -> Subject:
        return Subject("count", str(items[0]))

    def score(self, items: list[Token]) -> Subject:
        return Subject("score", str(items[0]))

    def stage(self, items: list[Token]) -> Subject:
        return Subject("stage", str(items[0]))

    def spread(self, items: list[Token]) -> Subject:
        return Subject("spread", str(items[0]))

    def global_(self, items: list[Token]) -> Subject:
        return Subject("global", "global")

    def answer(self, items: list[Token]) -> Subject:
        return Subject("answer", str(items[0]))

    def number(self, items: list[Token]) -> float:
        return float(items[0])

    def string(self, items: list[Token]) -> str:
        return str(items[0])[1:-1]


@cache
def _parser() -> Lark:
    return Lark(GRAMMAR, parser="lalr", maybe_placeholders=False)


def parse(text: str) -> Node:
    """Parse a condition into nodes, or raise ConditionError saying where it went wrong."""
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as err:
        raise ConditionError(
            f"condition does not parse at column {err.column}: {text!r}"
        ) from None
    except LarkError as err:  # pragma: no cover - other Lark failures
        raise ConditionError(f"condition does not parse: {text!r} ({err})") from None
    return _ToNodes().transform(tree)


def walk(node: Node) -> list[Node]:
    """Every node of the tree, depth first."""
    found: list[Node] = [node]
    if isinstance(node, Not):
        found += walk(node.node)
    elif isinstance(node, Named) and node.node is not None:
        found += walk(node.node)
    elif isinstance(node, AllOf | AnyOf):
        for child in node.nodes:
            found += walk(child)
    return found


@dataclass(slots=True)
class Facts:
    """What conditions are evaluated against: answers, and scores once they are known.

    `spreads` is how far apart several views of a dimension are, in points: for a collective
    diagnostic the interquartile range of its respondents' scores, for two partners the
    difference between theirs (engine/collective.py, engine/joint.py); a single diagnostic has
    none, so a rule reading `spread.…` never holds for it.

    `profiles`, when given (an empty dict), remembers each profile's value once worked out:
    the roadmap asks the same few profiles of one set of facts a hundred times (`presumes`,
    variants). Only facts that no longer change may have it: the answers of `applicability`,
    which grow question by question, have none."""

    answers: Mapping[str, Any]
    dimensions: Mapping[str, Score | None]  # exact scores (numbers.Measure) since issue 27
    stages: Mapping[str, Score | None]
    global_score: Score | None = None
    spreads: Mapping[str, float | None] = field(default_factory=dict)
    # what each score printed on a scale of its own is out of, and its decimals (scales.py):
    # for the reasons only, which say it as the page does (« 1,5 / 3 »); rules read percent
    scales: Mapping[tuple[str, str], tuple[Fraction, int]] = field(default_factory=dict)
    # id of a profile's node → whether it holds; not part of what the facts are
    profiles: dict[int, bool] | None = field(default=None, compare=False, repr=False)

    def value(self, subject: Subject) -> Any:
        """The value a subject stands for, or MISSING when there is none."""
        if subject.kind == "answer":
            value = self.answers.get(subject.name, MISSING)
            return MISSING if value in SPECIAL_VALUES else value
        if subject.kind == "count":
            value = self.answers.get(subject.name, MISSING)
            return len(value) if isinstance(value, tuple | list) else MISSING
        if subject.kind == "score":
            found = self.dimensions.get(subject.name)
        elif subject.kind == "stage":
            found = self.stages.get(subject.name)
        elif subject.kind == "spread":
            found = self.spreads.get(subject.name)
        else:
            found = self.global_score
        return MISSING if found is None else found


Evaluator = Callable[[Facts], bool]


def compile_node(node: Node) -> Evaluator:
    """Compile nodes into closures; comparisons with a missing value are false."""
    # Answers are looked up inline rather than through Facts.value: rules are evaluated for
    # every recommendation of every scoring, and the call was a third of the roadmap's time.
    if isinstance(node, Compare):
        subject, test, expected = node.subject, OPERATORS[node.op], node.value
        if subject.kind == "answer":
            name = subject.name
            if node.op == "==" and expected not in SPECIAL_VALUES:
                # equal to a value that is neither missing nor special: it is given
                return lambda facts: facts.answers.get(name) == expected

            def compare_answer(facts: Facts) -> bool:
                value = facts.answers.get(name, MISSING)
                return value is not MISSING and value not in SPECIAL_VALUES and test(
                    value, expected)

            return compare_answer

        if subject.kind in _SCORES and isinstance(expected, float):
            return _compare_score(subject, test, expected)

        def compare(facts: Facts) -> bool:
            value = facts.value(subject)
            return value is not MISSING and test(value, expected)

        return compare
    if isinstance(node, OneOf):
        one_of_subject, allowed = node.subject, frozenset(node.values)
        if one_of_subject.kind == "answer":
            one_of_name = one_of_subject.name
            return lambda facts: facts.answers.get(one_of_name) in allowed
        exactly = frozenset(Fraction(repr(v)) for v in node.values if isinstance(v, float))

        def one_of_score(facts: Facts) -> bool:
            value = facts.value(one_of_subject)
            if hasattr(value, "exact"):  # a score (numbers.Measure): compared exactly
                return bool(value.exact() in exactly)
            return value in allowed

        return one_of_score
    if isinstance(node, Contains):
        name, wanted = node.question, node.value

        def contains(facts: Facts) -> bool:
            value = facts.answers.get(name)
            return isinstance(value, tuple | list) and wanted in value

        return contains
    if isinstance(node, Test):
        question = node.question
        if node.test == "dont_know":
            return lambda facts: facts.answers.get(question) == DONT_KNOW
        def answered(facts: Facts) -> bool:  # Facts.value of the answer, inlined
            value = facts.answers.get(question, MISSING)
            return value is not MISSING and value not in SPECIAL_VALUES

        return answered
    if isinstance(node, Not):
        inner = compile_node(node.node)
        return lambda facts: not inner(facts)
    if isinstance(node, Named):
        if node.node is None:
            raise ConditionError(f"profile {node.name!r} is not resolved")
        return _remembered(node.node, compile_node(node.node))
    parts = tuple(compile_node(child) for child in node.nodes)
    if len(parts) == 2:  # the usual case, without a generator
        first, second = parts
        if isinstance(node, AllOf):
            return lambda facts: first(facts) and second(facts)
        return lambda facts: first(facts) or second(facts)
    if isinstance(node, AllOf):
        def all_of(facts: Facts) -> bool:  # a loop: faster than all() over a generator
            for part in parts:
                if not part(facts):
                    return False
            return True

        return all_of

    def any_of(facts: Facts) -> bool:
        for part in parts:
            if part(facts):
                return True
        return False

    return any_of


def _remembered(profile: Node, holds: Evaluator) -> Evaluator:
    """A profile's closure that remembers its value in `facts.profiles`, when the facts keep
    one. The key is the identity of the profile's node, one object per profile of a loaded
    questionnaire, which this closure keeps alive (its id is not reused while it lives)."""
    key = id(profile)

    def profile_holds(facts: Facts) -> bool:
        known = facts.profiles
        if known is None:
            return holds(facts)
        found = known.get(key)
        if found is None:
            found = known[key] = holds(facts)
        return found

    return profile_holds


def remembered(profile: Condition) -> Evaluator:
    """A profile's condition, its value remembered as `profile.NAME` remembers it."""
    return _remembered(profile.node, profile.evaluate)


_SCORES = frozenset({"score", "stage", "global"})


def _compare_score(subject: Subject, test: Callable[[Any, Any], bool],
                   expected: float) -> Evaluator:
    """A score against a number, as `Measure.cmp` compares them, with the threshold's exact
    value and margin worked out once rather than at every comparison (rules compare scores
    thousands of times a second when a cohort is scored)."""
    target = exact(expected)
    near = float(target)
    margin = 1e-7 * (1 + abs(near))
    kind, name = subject.kind, subject.name

    def compare_score(facts: Facts) -> bool:
        value = (facts.dimensions.get(name) if kind == "score" else
                 facts.stages.get(name) if kind == "stage" else facts.global_score)
        if value is None:
            return False
        if not isinstance(value, Measure):
            return test(value, expected)
        diff = value.approx - near
        side = (1 if diff > 0 else -1) if abs(diff) > margin else value.cmp(target)
        return test(side, 0)

    return compare_score


def resolve(node: Node, profiles: Mapping[str, Node]) -> Node:
    """The tree with each `profile.NAME` bound to its condition (KeyError for an unknown name)."""
    if isinstance(node, Named):
        return Named(node.name, profiles[node.name])
    if isinstance(node, Not):
        return Not(resolve(node.node, profiles))
    if isinstance(node, AllOf):
        return AllOf(tuple(resolve(child, profiles) for child in node.nodes))
    if isinstance(node, AnyOf):
        return AnyOf(tuple(resolve(child, profiles) for child in node.nodes))
    return node


@dataclass(frozen=True, slots=True)
class Condition:
    """A parsed, checked and compiled condition."""

    source: str
    node: Node
    evaluate: Evaluator

    def __call__(self, facts: Facts) -> bool:
        return self.evaluate(facts)


def compile_condition(source: str, profiles: Mapping[str, Node] | None = None) -> Condition:
    """Parse and compile a condition (names are checked by the loader, which knows them)."""
    node = resolve(parse(source), profiles or {})
    return Condition(source, node, compile_node(node))


ALWAYS = Condition("", AllOf(()), lambda facts: True)  # a fallback rule's: no condition
