"""Answers at a level of practice, for tests that build organisations question by question."""

from __future__ import annotations

from typing import Any


def answer_at(question: Any, level: int) -> Any:
    """The answer of a scored question at `level` (0 worst … 3 best)."""
    if question.type == "single":
        return next(o.value for o in question.options if o.points == level)
    if question.type == "yesno":
        return "yes" if level >= 2 else "no"
    if question.type == "number":
        band = next(r for r in question.ranges if r.points == level)
        return band.min
    if question.type == "multiple":
        plain = [o.value for o in question.options if not o.exclusive]
        if level == 0:
            return [next(o.value for o in question.options if o.exclusive)]
        return plain[:level + (1 if level == 3 else 0)]
    return None
