"""Derived scores (issue 27): a small arithmetic over other scores, parsed once with Lark like
conditions (never `eval`) and evaluated exactly with fractions.

    score.impact * 0.85            min(score.a, score.b)            (stage.x + global) / 2

`round(x)` rounds half up to a whole number, as JavaScript's Math.round does for the scores
published tools compute (the AIA rounds its raw impact points less 15 %).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError, UnexpectedInput, VisitError

from .conditions import ConditionError, Subject
from .numbers import Measure

GRAMMAR = r"""
?start: sum
?sum: product
    | sum "+" product -> add
    | sum "-" product -> sub
?product: unary
        | product "*" unary -> mul
        | product "/" unary -> div
?unary: "-" unary -> neg
      | atom
?atom: NUMBER -> number
     | "score" "." NAME -> score
     | "stage" "." NAME -> stage
     | "global" -> global_
     | FUNC "(" sum ("," sum)* ")" -> call
     | "(" sum ")"
FUNC: "min" | "max" | "round"
NAME: /[a-z][a-z0-9_]*/
%import common.NUMBER
%import common.WS
%ignore WS
"""

Value = Fraction | None
Scores = Mapping[tuple[str, str], Measure | None]  # (kind, name) → the score
Formula = Callable[[Scores], Value]


@dataclass(frozen=True, slots=True)
class Parsed:
    """A formula: the subjects it reads (to check them) and its evaluator."""

    source: str
    subjects: tuple[Subject, ...]
    evaluate: Formula


def _binary(op: Callable[[Fraction, Fraction], Value]) -> Callable[[Any, list[Any]], Any]:
    def build(self: Any, items: list[Any]) -> Any:
        (left, ls), (right, rs) = items

        def run(scores: Scores) -> Value:
            a, b = left(scores), right(scores)
            return None if a is None or b is None else op(a, b)

        return run, ls + rs
    return build


class _ToFormula(Transformer[Token, Any]):
    add = _binary(lambda a, b: a + b)
    sub = _binary(lambda a, b: a - b)
    mul = _binary(lambda a, b: a * b)
    div = _binary(lambda a, b: a / b if b else None)

    def neg(self, items: list[Any]) -> Any:
        inner, subjects = items[0]
        return (lambda scores: None if (v := inner(scores)) is None else -v), subjects

    def number(self, items: list[Token]) -> Any:
        value = Fraction(str(items[0]))
        return (lambda scores: value), ()

    def _subject(self, kind: str, name: str) -> Any:
        key = (kind, name)

        def read(scores: Scores) -> Value:
            found = scores.get(key)
            return None if found is None else found.exact()

        return read, (Subject(kind, name),)

    def score(self, items: list[Token]) -> Any:
        return self._subject("score", str(items[0]))

    def stage(self, items: list[Token]) -> Any:
        return self._subject("stage", str(items[0]))

    def global_(self, items: list[Token]) -> Any:
        return self._subject("global", "global")

    def call(self, items: list[Any]) -> Any:
        name = str(items[0])
        if name == "round":
            return self._round(items[1:])
        pick = min if name == "min" else max
        parts = [run for run, _ in items[1:]]
        subjects = tuple(s for _, found in items[1:] for s in found)

        def run(scores: Scores) -> Value:
            values = [part(scores) for part in parts]
            return None if any(v is None for v in values) else pick(values)  # type: ignore[type-var]

        return run, subjects


    @staticmethod
    def _round(arguments: list[Any]) -> Any:
        if len(arguments) != 1:
            raise ConditionError(f"round() takes one number, not {len(arguments)}")
        inner, subjects = arguments[0]

        def run(scores: Scores) -> Value:
            value = inner(scores)
            return None if value is None else Fraction(math.floor(value + Fraction(1, 2)))

        return run, subjects


@cache
def _parser() -> Lark:
    return Lark(GRAMMAR, parser="lalr", maybe_placeholders=False)


def parse_formula(text: str) -> Parsed:
    """Parse a derived score's expression, or raise ConditionError saying where it failed."""
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as err:
        raise ConditionError(f"expression does not parse at column {err.column}: {text!r}"
                             ) from None
    except LarkError as err:  # pragma: no cover - other Lark failures
        raise ConditionError(f"expression does not parse: {text!r} ({err})") from None
    try:
        run, subjects = _ToFormula().transform(tree)
    except VisitError as err:
        if isinstance(err.orig_exc, ConditionError):
            raise err.orig_exc from None
        raise  # pragma: no cover - a defect of the transformer
    return Parsed(text, tuple(subjects), run)
