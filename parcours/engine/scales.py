"""Scores on a scale of their own (issue 27): « 2,25 / 3 » on 0–3, « 41 / 167 » in raw points.

Every score is worked out, stored and compared in percent of its maximum; a dimension's
`scale`, a derived score's and the index's `global_scale` only say how it is printed. What a
score is out of, and the figure printed, are worked out here once for the results page, the
PDF and the reasons of the roadmap (explain.py), so that they never print it differently.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from fractions import Fraction
from functools import cache
from typing import Any

from .numbers import Measure, exact, half_up, honest, threshold
from .questionnaire import Questionnaire
from .questions import QUESTION_TYPES
from .scoring import DimensionScore, Scores, points_max

Scale = tuple[Fraction, int]  # what a score is out of, and the decimals it is printed with
Subject = tuple[str, str]  # ("score", a dimension's or derived score's id) or ("global", …)


def _places(scale: float) -> int:
    return 2 if scale <= 10 else 1


def dimension_scale(q: Questionnaire, d: DimensionScore) -> Scale | None:
    """What a dimension's score is out of on its own scale: N on 0–N, or in points its raw
    points' maximum over the questions counted (None without a score); None on 0–100."""
    scale = q.dimension_scoring(d.id).scale
    if scale == "percent":
        return None
    if scale != "points":
        return exact(scale), _places(scale)
    if d.measure is None and d.score is None:
        return None
    counted = [c for c in d.contributions if c.possible]
    if q.dimension_scoring(d.id).combine in ("mean", "sum"):
        most = sum((exact(c.weight) * exact(c.max_points) for c in counted), Fraction(0))
    else:
        most = max((exact(QUESTION_TYPES[q.questions[qid].type].max_points(
            q.questions[qid])) for qid in q.dimension_questions[d.id]), default=Fraction(0))
    return most, 0


def global_scale(q: Questionnaire, scores: Scores) -> Scale | None:
    """What the global score is out of (`scoring.global_scale`): N, or in points the pooled
    maximum or that of the dimension the global is (None without a score); None on 0–100."""
    scale, policy = q.scoring.global_scale, q.global_from
    if scale == "percent":
        return None
    if scale != "points":
        return exact(scale), _places(scale)
    if scores.measure is None and scores.global_score is None:
        return None
    if policy == "pooled":
        maxima = [points_max(q, d) for d in scores.dimensions.values()
                  if q.dimension_scoring(d.id).in_global]
        return sum((m for m in maxima if m is not None), Fraction(0)), 0
    # a dimension's id (the validator refuses the rest)
    return points_max(q, scores.dimensions[policy]) or Fraction(0), 0


def derived_scale(q: Questionnaire, derived_id: str) -> Scale | None:
    """What a derived score is out of when its `scale` is a number N; None on 0–100, and for
    `points`, which a derived score has no maximum of."""
    scale = next((found.scale for found in (q.index.scoring.derived if q.index.scoring else ())
                  if found.id == derived_id), "percent")
    return None if isinstance(scale, str) else (exact(scale), _places(scale))


def level_scale(q: Questionnaire, scores: Scores) -> Scale | None:
    """What the score the level is read from is out of (`scoring.level_from`, else the
    global): its levels' thresholds are printed on it; None on 0–100, and in points without
    a score (no maximum of this participant's to print them on)."""
    name = q.scoring.level_from
    if name is None:
        return global_scale(q, scores) if q.scoring.global_scale != "percent" else None
    if name in scores.dimensions:
        return dimension_scale(q, scores.dimensions[name])
    return derived_scale(q, name)


def bound_on_scale(value: float, scale: Scale) -> dict[str, Any]:
    """A threshold (in percent) on a scale, as a snapshot keeps it for print: rounded half up
    to two decimals, as a reason prints a bound (33.33 % of 3 is said « 1 », 25 % of 119
    « 29,75 »): `{"shown": 1, "max": 3}`."""
    most = scale[0]
    found = half_up(exact(value) * most / 100, 2)
    return {"shown": int(found) if found.denominator == 1 else float(found),
            "max": int(most) if most.denominator == 1 else float(most)}


def shared_dimension_scale(q: Questionnaire) -> Scale | None:
    """The scale 0–N every dimension is printed on, when they all share one (SAMM's practices
    on 0–3): the radar's rings and the method's example of a rule are then said on it; None
    on 0–100, in points (each dimension's maximum its own) or when they differ."""
    found = {q.dimension_scoring(d).scale for d in q.dimensions}
    if len(found) != 1:
        return None
    (scale,) = found
    return None if isinstance(scale, str) else (exact(scale), _places(scale))


@cache
def _named(q: Questionnaire) -> tuple[tuple[str, str], ...]:
    """The dimensions (`dimension`) and derived scores (`derived`) on a scale of their own:
    none in a questionnaire on 0–100, which then pays nothing for scales."""
    found = [("dimension", d) for d in q.dimensions
             if q.dimension_scoring(d).scale != "percent"]
    found += [("derived", d.id) for d in (q.index.scoring.derived if q.index.scoring else ())
              if not isinstance(d.scale, str)]
    return tuple(found)


def scales(q: Questionnaire, scores: Scores) -> dict[Subject, Scale]:
    """Every score of a diagnostic printed on a scale of its own, with what it is out of (the
    `Facts` of its rules carry them, for their reasons)."""
    found: dict[Subject, Scale] = {}
    for kind, name in _named(q):
        if kind == "derived":
            scale = derived_scale(q, name)
        elif name in scores.dimensions:
            scale = dimension_scale(q, scores.dimensions[name])
        else:  # pragma: no cover - every dimension is scored, with or without a score
            continue
        if scale is not None:
            found["score", name] = scale
    if q.scoring.global_scale != "percent" and (whole := global_scale(q, scores)):
        found["global", "global"] = whole
    return found


class Scales(Mapping[Subject, Scale]):
    """`scales(q, scores)`, worked out when first read: only a reason reads it, and most
    reasons are never read (roadmap.Reason); the maxima in points of a large model (the AIA's
    hundred questions, in fractions) were a fifth of its scoring."""

    __slots__ = ("_found", "_questionnaire", "_scores")

    def __init__(self, questionnaire: Questionnaire, scores: Scores) -> None:
        self._questionnaire, self._scores = questionnaire, scores
        self._found: dict[Subject, Scale] | None = None

    def _all(self) -> dict[Subject, Scale]:
        if self._found is None:
            self._found = scales(self._questionnaire, self._scores)
        return self._found

    def __getitem__(self, key: Subject) -> Scale:
        return self._all()[key]

    def __iter__(self) -> Iterator[Subject]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def scaled_value(value: Measure, scale: Scale, thresholds: tuple[Any, ...]
                 ) -> tuple[Fraction, int]:
    """A score (in percent) on its scale, as printed: with the scale's decimals, or more when
    a threshold (in percent, scaled with it) needs them never to put it on its other side."""
    most, places = scale
    factor = most / 100
    on_scale = Measure(value.approx * float(factor), value.exact() * factor)
    return honest(on_scale, tuple(threshold(t * factor, strict) for t, strict, _ in
                                  thresholds), places)


def on_scale(value: Measure, scale: Scale, thresholds: tuple[Any, ...]) -> dict[str, Any]:
    """A score on its scale as a snapshot keeps it: `{"shown": 2.25, "max": 3}`."""
    figure, used = scaled_value(value, scale, thresholds)
    most = scale[0]
    return {"shown": int(figure) if used == 0 else float(figure),
            "max": int(most) if most.denominator == 1 else float(most)}
