"""PLACEHOLDER on the `collective` branch, replaced by main's engine when it lands (issue 18):
the API of the shared design, with a plain implementation, so that the app's side can be built
and tested meanwhile. Pure: no Flask, no database."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from .model import DONT_KNOW, SPECIAL_VALUES
from .questionnaire import Questionnaire
from .questions import QUESTION_TYPES
from .roadmap import Roadmap, roadmap
from .scoring import Scores, score

MIN_GROUP = 3


@dataclass(frozen=True)
class Response:
    """One completed respondent's checked answers."""

    role: str
    answers: Mapping[str, Any]


@dataclass(frozen=True)
class Spread:
    low: float
    median: float
    high: float
    respondents: int


@dataclass(frozen=True)
class RoleFigures:
    role: str
    respondents: int
    dimensions: Mapping[str, float] | None


@dataclass(frozen=True)
class Disagreement:
    question: str
    index: float
    answered: int
    dont_know: int
    distribution: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Consolidation:
    answers: Mapping[str, Any]
    scores: Scores
    roadmap: Roadmap
    spreads: Mapping[str, Spread]
    roles: tuple[RoleFigures, ...]
    disagreements: tuple[Disagreement, ...]
    alignment: tuple[Any, ...] = ()


def _points(question: Any, value: Any) -> float:
    return float(QUESTION_TYPES[question.type].points(question, value))


def _consolidated(question: Any, values: list[Any]) -> Any:
    real = [v for v in values if not (isinstance(v, str) and v in SPECIAL_VALUES)]
    special = Counter(v for v in values if isinstance(v, str) and v in SPECIAL_VALUES)
    if special and special.most_common(1)[0][1] > len(real):
        return special.most_common(1)[0][0]
    if not real or question.type == "text":
        return None
    if question.type == "multiple":
        counts = Counter(item for v in real for item in v)
        return tuple(o.value for o in question.options if 2 * counts[o.value] >= len(real))
    if not question.scored:
        return Counter(real).most_common(1)[0][0]
    ranked = sorted(real, key=lambda v: _points(question, v))
    return ranked[(len(ranked) - 1) // 2]  # the lower median


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def consolidate(q: Questionnaire, profile: Mapping[str, Any],
                responses: Sequence[Response]) -> Consolidation:
    """The consolidated answers of at least MIN_GROUP respondents, scored."""
    if len(responses) < MIN_GROUP:
        raise ValueError(f"fewer than {MIN_GROUP} respondents")
    answers: dict[str, Any] = dict(profile)
    disagreements = []
    order = list(q.questions)
    for qid, question in q.questions.items():
        if qid in profile:
            continue
        values = [r.answers[qid] for r in responses if qid in r.answers]
        value = _consolidated(question, values) if values else None
        if value is not None:
            answers[qid] = value
        real = [v for v in values if not (isinstance(v, str) and v in SPECIAL_VALUES)]
        top = QUESTION_TYPES[question.type].max_points(question)
        if question.scored and len(real) >= 2 and top:
            pts = [_points(question, v) for v in real]
            pairs = list(combinations(pts, 2))
            index = sum(abs(a - b) for a, b in pairs) / len(pairs) / top
            options = getattr(question, "options", ())
            dist = tuple((o.value, sum(1 for v in real if v == o.value or
                                       (isinstance(v, tuple) and o.value in v)))
                         for o in options)
            disagreements.append(Disagreement(
                qid, round(index, 3), len(real),
                sum(1 for v in values if v == DONT_KNOW), dist))
    disagreements.sort(key=lambda d: (-d.index, -d.answered, order.index(d.question)))
    own = [score(q, r.answers) for r in responses]
    spreads = {}
    for dim in q.dimensions:
        values = [s.dimensions[dim].score for s in own if s.dimensions[dim].score is not None]
        if values:
            low, median, high = _quartiles(sorted(values))
            spreads[dim] = Spread(low, median, high, len(values))
    roles = []
    for role in dict.fromkeys(r.role for r in responses):
        mine = [s for s, r in zip(own, responses, strict=True) if r.role == role]
        figures = None
        if len(mine) >= MIN_GROUP:
            figures = {dim: statistics.median_low(
                [float(s.dimensions[dim].score or 0) for s in mine
                 if s.dimensions[dim].score is not None] or [0.0]) for dim in q.dimensions}
        roles.append(RoleFigures(role, len(mine), figures))
    scores = score(q, answers)
    return Consolidation(answers, scores, roadmap(q, scores), spreads, tuple(roles),
                         tuple(disagreements))


def alignment_dict(q: Questionnaire, c: Consolidation, lang: str) -> dict[str, Any]:
    """The consolidation as JSON-ready data in `lang` (frozen in the host's snapshot)."""
    kind = q.kind_of(c.answers)

    def label(qid: str, value: str) -> str:
        for option in getattr(q.questions[qid], "options", ()):
            if option.value == value:
                return option.label_for(kind, lang)
        return value

    return {
        "respondents": max((s.respondents for s in c.spreads.values()), default=0),
        "spreads": [{"dimension": dim, "title": q.dimensions[dim].title.get(lang),
                     "stage": q.dimension_stage[dim], "low": round(s.low, 1),
                     "median": round(s.median, 1), "high": round(s.high, 1)}
                    for dim, s in c.spreads.items()],
        "roles": [{"role": r.role, "respondents": r.respondents,
                   "dimensions": None if r.dimensions is None else
                   {d: round(v, 1) for d, v in r.dimensions.items()}} for r in c.roles],
        "disagreements": [{
            "question": d.question, "text": q.questions[d.question].text_for(kind, lang),
            "dimension_title": q.dimensions[q.questions[d.question].dimension or ""].title
            .get(lang), "index": d.index, "answered": d.answered, "dont_know": d.dont_know,
            "distribution": [{"label": label(d.question, v), "count": n}
                             for v, n in d.distribution]} for d in c.disagreements[:5]],
        "recommendations": [],
    }
