"""A cohort's answers, question by question, as a trainer reads them before a workshop: how many
gave each answer (Google Forms' « Réponses » tab), and how many could not say. Pure: it reads
counts the caller made (in SQL), never a participant's row.

A question that at least half of those who saw it answered « Je ne sais pas » is a workshop
topic: the group lacks the knowledge, not the practice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .collective import SAFE_GROUP, _quartiles, _value_label
from .model import DONT_KNOW, NOT_APPLICABLE, SPECIAL_VALUES, AnyQuestion
from .questionnaire import Questionnaire


@dataclass(frozen=True, slots=True)
class Bar:
    """One answer's count: `key` an option value (`range0`… for a number question)."""

    key: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class QuestionSummary:
    """One question's answers in the group."""

    question: str
    text: str
    stage: str
    answered: int  # participants who gave any answer, « Je ne sais pas » included
    dont_know: int
    not_applicable: int
    bars: tuple[Bar, ...]
    multiple: bool  # several answers per participant: the bars add up to more

    @property
    def topic(self) -> bool:
        """Half or more of those who answered could not say."""
        return self.answered > 0 and 2 * self.dont_know >= self.answered


def _counts(question: AnyQuestion, given: Sequence[tuple[Any, int]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    ranges = getattr(question, "ranges", ())
    for value, n in given:
        if question.type in ("single", "multiple", "yesno"):
            for item in (value if isinstance(value, list | tuple) else (value,)):
                counts[str(item)] = counts.get(str(item), 0) + n
        elif isinstance(value, int | float) and not isinstance(value, bool):
            for i, band in enumerate(ranges):
                if band.min <= value <= band.max:
                    counts[f"range{i}"] = counts.get(f"range{i}", 0) + n
                    break
    return counts


def _keys(question: AnyQuestion) -> list[str]:
    if question.type in ("single", "multiple"):
        return [o.value for o in question.options]  # type: ignore[union-attr]
    if question.type == "yesno":
        return ["yes", "no"]
    return [f"range{i}" for i in range(len(getattr(question, "ranges", ())))]


def summaries(q: Questionnaire, answers: Mapping[str, Sequence[tuple[Any, int]]],
              lang: str) -> list[QuestionSummary]:
    """Every question with a choice or a number that someone answered, in the questionnaire's
    order; free text is left out (it would be one participant's words)."""
    found = []
    for stage in q.stages:
        for section in stage.sections:
            for question in section.questions:
                given = answers.get(question.id)
                if not given or question.type == "text":
                    continue
                special = {v: sum(n for value, n in given if value == v) for v in SPECIAL_VALUES}
                real = [(value, n) for value, n in given
                        if not (isinstance(value, str) and value in SPECIAL_VALUES)]
                counts = _counts(question, real)
                bars = tuple(Bar(key, _value_label(q, question, key, None, lang),
                                 counts.get(key, 0)) for key in _keys(question))
                found.append(QuestionSummary(
                    question.id, question.text_for(None, lang), stage.title.get(lang),
                    sum(n for _, n in given), special[DONT_KNOW], special[NOT_APPLICABLE],
                    bars, question.type == "multiple"))
    return found


def reference(scores: Mapping[str, Sequence[float]]) -> dict[str, dict[str, Any]]:
    """Per dimension, the median and quartiles of the organisations' scores a trainer publishes
    for its cohort; a dimension with fewer than SAFE_GROUP scores gets none (its figures would
    give one organisation's score back, as a collective's band would)."""
    found: dict[str, dict[str, Any]] = {}
    for dimension, values in scores.items():
        known = [v for v in values if v is not None]
        if len(known) < SAFE_GROUP:
            found[dimension] = {"n": len(known), "low": None, "median": None, "high": None}
            continue
        low, middle, high = _quartiles(known)
        found[dimension] = {"n": len(known), "low": round(low, 1), "median": round(middle, 1),
                            "high": round(high, 1)}
    return found
