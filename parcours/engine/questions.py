"""Question types, looked up by name: how each one checks an answer and turns it into points.

Adding a type: its model in `model.py` (and in the `AnyQuestion` union), one entry in
`QUESTION_TYPES` here, and its field handler on the web side (`parcours/journey/fields.py`: how
it is read from a form, echoed, displayed and drawn); tests/journey/test_toy_type.py adds a toy
type that way. The loader's load-time cross-checks (`checks.py`: options, ranges, conditions
that name a question) still name each type, so a type with such content gets its checks there.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .model import (
    SPECIAL_VALUES,
    AnyQuestion,
    MultipleQuestion,
    NumberQuestion,
    SingleQuestion,
    TextQuestion,
    YesNoQuestion,
)

Answer = str | float | tuple[str, ...]


class InvalidAnswer(ValueError):
    """An answer that does not fit its question; `code` lets the web layer translate it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class QuestionType:
    """What the engine needs of a question type."""

    check: Callable[[Any, Any], Answer]
    max_points: Callable[[Any], float]
    points: Callable[[Any, Any], float]
    # question -> (answer -> points), the same as `points` with what depends on the question
    # alone worked out once (scoring asks it of every answer of every diagnostic); None: `points`
    scorer: Callable[[Any], Callable[[Any], float]] | None = None

    def points_of(self, question: Any) -> Callable[[Any], float]:
        """The points of an answer to this question, as a function of the answer alone."""
        if self.scorer is not None:
            return self.scorer(question)
        points = self.points
        return lambda value: points(question, value)


# id → (question, table). Keeping the question alive keeps its id from being reused by another.
_POINTS: dict[int, tuple[Any, dict[str, float]]] = {}


def _option_values(question: SingleQuestion | MultipleQuestion) -> dict[str, float]:
    """Option value → points, worked out once per (immutable) question."""
    found = _POINTS.get(id(question))
    if found is None or found[0] is not question:
        found = _POINTS[id(question)] = (
            question, {o.value: o.points or 0.0 for o in question.options})
    return found[1]


def _check_single(question: SingleQuestion, value: Any) -> Answer:
    if not isinstance(value, str) or value not in _option_values(question):
        raise InvalidAnswer("not_an_option", f"{value!r} is not one of the options")
    return value


def _check_multiple(question: MultipleQuestion, value: Any) -> Answer:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not value:
        raise InvalidAnswer("not_a_list", "expected a list of option values")
    known = _option_values(question)
    for item in value:
        if not isinstance(item, str) or item not in known:
            raise InvalidAnswer("not_an_option", f"{item!r} is not one of the options")
    if len(set(value)) != len(value):
        raise InvalidAnswer("duplicate_option", "an option is chosen twice")
    exclusive = {option.value for option in question.options if option.exclusive}
    if len(value) > 1 and exclusive.intersection(value):
        raise InvalidAnswer("exclusive_option", "an exclusive option is combined with others")
    order = [option.value for option in question.options]
    return tuple(sorted(value, key=order.index))


def _check_yesno(question: YesNoQuestion, value: Any) -> Answer:
    if value is True or value == "yes":
        return "yes"
    if value is False or value == "no":
        return "no"
    raise InvalidAnswer("not_yes_no", f"{value!r} is not 'yes' or 'no'")


def _check_number(question: NumberQuestion, value: Any) -> Answer:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidAnswer("not_a_number", f"{value!r} is not a number")
    number = float(value)
    if not math.isfinite(number):
        raise InvalidAnswer("not_a_number", f"{value!r} is not a number")
    if question.integer and not number.is_integer():
        raise InvalidAnswer("not_an_integer", f"{value!r} is not a whole number")
    if not question.min <= number <= question.max:
        raise InvalidAnswer(
            "out_of_range", f"{value!r} is outside {question.min:g}–{question.max:g}"
        )
    return number


def _check_text(question: TextQuestion, value: Any) -> Answer:
    if not isinstance(value, str):
        raise InvalidAnswer("not_a_text", f"{value!r} is not a text")
    if len(value) > question.max_length:
        raise InvalidAnswer("too_long", f"text longer than {question.max_length} characters")
    return value


def _max_choice(question: SingleQuestion) -> float:
    return max(option.points or 0.0 for option in question.options)


def _max_multiple(question: MultipleQuestion) -> float:
    total = sum(max(option.points or 0.0, 0.0) for option in question.options)
    return min(total, question.max_points) if question.max_points else total


def _points_multiple(question: MultipleQuestion, value: tuple[str, ...]) -> float:
    points = _option_values(question)
    return min(sum(points[item] for item in value), _max_multiple(question))


def _scorer_single(question: SingleQuestion) -> Callable[[str], float]:
    return dict(_option_values(question)).__getitem__


def _scorer_multiple(question: MultipleQuestion) -> Callable[[tuple[str, ...]], float]:
    points, most = dict(_option_values(question)), _max_multiple(question)
    return lambda value: min(sum([points[item] for item in value]), most)


def _max_yesno(question: YesNoQuestion) -> float:
    return max(question.points.yes, question.points.no) if question.points else 0.0


def _points_yesno(question: YesNoQuestion, value: str) -> float:
    if question.points is None:
        return 0.0
    return question.points.yes if value == "yes" else question.points.no


def _points_number(question: NumberQuestion, value: float) -> float:
    for band in question.ranges:
        if band.min <= value <= band.max:
            return band.points
    return 0.0


QUESTION_TYPES: dict[str, QuestionType] = {
    "single": QuestionType(_check_single, _max_choice, lambda q, v: _option_values(q)[v],
                           _scorer_single),
    "multiple": QuestionType(_check_multiple, _max_multiple, _points_multiple,
                             _scorer_multiple),
    "yesno": QuestionType(_check_yesno, _max_yesno, _points_yesno),
    "number": QuestionType(
        _check_number, lambda q: max((r.points for r in q.ranges), default=0.0), _points_number
    ),
    "text": QuestionType(_check_text, lambda q: 0.0, lambda q, v: 0.0),
}


def points_range(question: AnyQuestion) -> float:
    """How many points lie between the lowest and the highest answer to a question (a single
    choice or yes/no may give points to its lowest answer too)."""
    lowest = 0.0
    if isinstance(question, SingleQuestion):
        lowest = min(option.points or 0.0 for option in question.options)
    elif isinstance(question, YesNoQuestion) and question.points is not None:
        lowest = min(question.points.yes, question.points.no)
    return QUESTION_TYPES[question.type].max_points(question) - lowest


def check_answer(question: AnyQuestion, value: Any) -> Answer:
    """Normalise an answer for `question`, or raise InvalidAnswer saying what is wrong."""
    if value in SPECIAL_VALUES and isinstance(value, str):
        if value == "dont_know" and not question.dont_know_allowed:
            raise InvalidAnswer("dont_know_not_allowed", "« je ne sais pas » is not offered here")
        if value == "not_applicable" and not question.allow_not_applicable:
            raise InvalidAnswer("not_applicable_not_allowed",
                                "« non concerné » is not offered here")
        return value
    return QUESTION_TYPES[question.type].check(question, value)
