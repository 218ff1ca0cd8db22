"""Two organisations planning an alliance, face to face: their profiles side by side, where one
can support the other, where their views of the shared vision diverge, and their next steps
together. Pure, like the rest of the engine.

What the pair's divergences show of each partner's answers is frozen when the link is confirmed
(`frozen`, kept with the alliance): a partner who completes again with answers of its choosing
learns nothing more of the other's (issue 30, M2).

A pair is as ready as its less ready member: the `joint` recommendations' rules read, for each
dimension, stage and overall, the LOWER of the two scores (`score.DIM`, `stage.ID`, `global`) and
the gap between them (`spread.DIM`); two partners share no answers, so no rule reads one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .conditions import Facts
from .model import SPECIAL_VALUES
from .numbers import Measure, shown
from .questionnaire import Questionnaire
from .questions import QUESTION_TYPES, points_range
from .roadmap import Selected, scoped
from .scoring import Scores
from .serialize import answer_text, rounded, selected_dict

COMPLEMENT_GAP = 25.0  # points between the two, with a level of difference, to support the other
DIVERGENCE = 0.5  # share of a question's range of points between two answers that diverge
SHOWN = 5  # complements, divergences and steps a page or a PDF shows: the widest, the first


@dataclass(frozen=True, slots=True)
class Side:
    """One dimension (or stage) for both partners."""

    id: str
    a: float | None
    b: float | None

    @property
    def gap(self) -> float | None:
        return None if self.a is None or self.b is None else abs(self.a - self.b)


@dataclass(frozen=True, slots=True)
class Complement:
    """A dimension where one partner is clearly ahead and can support the other."""

    dimension: str
    strong: str  # "a" or "b"
    gap: float


@dataclass(frozen=True, slots=True)
class Divergence:
    """A question of the shared vision the two answered far apart."""

    question: str
    a: Any
    b: Any
    distance: float  # share of the question's range of points between the two answers


@dataclass(frozen=True, slots=True)
class Pair:
    """Two partners' diagnostics, read together."""

    a: Scores
    b: Scores
    dimensions: tuple[Side, ...]
    stages: tuple[Side, ...]
    complements: tuple[Complement, ...]
    vision_stage: str | None
    divergences: tuple[Divergence, ...]
    steps: tuple[Selected, ...]


def _lower(a: float | None, b: float | None) -> float | None:
    known = [v for v in (a, b) if v is not None]
    return min(known) if len(known) == 2 else None


def _stored(value: float | None) -> Measure | None:
    """A stored score as rules compare it: exactly the decimal it is."""
    return None if value is None else Measure.stored(value)


def joint_facts(dimensions: tuple[Side, ...], stages: tuple[Side, ...], a: Scores,
                b: Scores) -> Facts:
    """What `joint` rules see: the lower score of the two, and the gap between them."""
    return Facts(
        {},
        {s.id: _stored(_lower(s.a, s.b)) for s in dimensions},
        {s.id: _stored(_lower(s.a, s.b)) for s in stages},
        _stored(_lower(a.global_score, b.global_score)),
        {s.id: shown(s.gap) for s in dimensions},
    )


def _complements(q: Questionnaire, dimensions: tuple[Side, ...]) -> tuple[Complement, ...]:
    found = []
    for side in dimensions:
        gap = side.gap
        if gap is None or gap < COMPLEMENT_GAP or q.level_of(side.a) == q.level_of(side.b):
            continue
        found.append(Complement(side.id, "a" if (side.a or 0) > (side.b or 0) else "b", gap))
    return tuple(sorted(found, key=lambda c: -c.gap))


def _distance(q: Questionnaire, question_id: str, a: Any, b: Any) -> float | None:
    """How far apart two real answers are, as a share of the question's range of points."""
    question = q.questions[question_id]
    if any(isinstance(v, str) and v in SPECIAL_VALUES for v in (a, b)):
        return None
    points = [QUESTION_TYPES[question.type].points(question, v) for v in (a, b)]
    span = points_range(question)
    return abs(points[0] - points[1]) / span if span > 0 else None


def _divergences(q: Questionnaire, stage_id: str | None, a: Scores,
                 b: Scores) -> tuple[Divergence, ...]:
    if stage_id is None:
        return ()
    found = []
    for order, section in enumerate(q.stage(stage_id).sections):
        for number, question in enumerate(section.questions):
            if not question.scored or question.id not in a.answers or (
                    question.id not in b.answers):
                continue
            value_a, value_b = a.answers[question.id], b.answers[question.id]
            distance = _distance(q, question.id, value_a, value_b)
            if distance is not None and distance >= DIVERGENCE:
                found.append((-distance, order, number,
                              Divergence(question.id, value_a, value_b, distance)))
    return tuple(item[-1] for item in sorted(found, key=lambda item: item[:3]))


def pair(q: Questionnaire, a: Scores, b: Scores) -> Pair:
    """Read two partners' scores of the same questionnaire together."""
    dimensions = tuple(Side(d, a.dimensions[d].score, b.dimensions[d].score)
                       for d in q.dimensions)
    stages = tuple(Side(s.id, a.stages[s.id].score, b.stages[s.id].score)
                   for s in q.scored_stages)
    vision = q.scored_stages[0].id if q.scored_stages else None
    return Pair(a, b, dimensions, stages, _complements(q, dimensions), vision,
                _divergences(q, vision, a, b),
                scoped(q, "joint", joint_facts(dimensions, stages, a, b), None, SHOWN))


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def frozen(found: Pair) -> dict[str, Any]:
    """The divergences a pair shows, as JSON-ready data to keep: the widest SHOWN, with both
    answers and each partner's kind (which words them)."""
    return {"a_kind": found.a.kind, "b_kind": found.b.kind,
            "items": [{"question": d.question, "a": _plain(d.a), "b": _plain(d.b),
                       "distance": d.distance} for d in found.divergences[:SHOWN]]}


def _divergences_dict(q: Questionnaire, kept: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Kept divergences worded in `lang`; a question the questionnaire no longer has is left
    out."""
    return [{"question": item["question"],
             "text": q.questions[item["question"]].text_for(None, lang),
             "a": answer_text(q, item["question"], item["a"], kept.get("a_kind"), lang),
             "b": answer_text(q, item["question"], item["b"], kept.get("b_kind"), lang),
             "distance": round(float(item["distance"]), 2)}
            for item in kept.get("items", ()) if item.get("question") in q.questions]


def pair_dict(q: Questionnaire, found: Pair, lang: str,
              divergences: dict[str, Any] | None = None) -> dict[str, Any]:
    """The pair as JSON-ready data in `lang` (answers worded for each partner's kind); with
    `divergences` (`frozen`'s data, kept when the link was confirmed), those, not the pair's."""
    def level(score: float | None) -> dict[str, Any] | None:
        number = q.level_of(score)
        return None if number is None else {
            "number": number, "label": q.levels[number - 1].label.get(lang)}

    def side(s: Side, title: str) -> dict[str, Any]:
        return {"id": s.id, "title": title, "a": rounded(s.a), "b": rounded(s.b),
                "a_level": level(s.a), "b_level": level(s.b), "gap": rounded(s.gap)}

    return {
        "global": {"a": rounded(found.a.global_score), "b": rounded(found.b.global_score),
                   "a_level": level(found.a.global_score),
                   "b_level": level(found.b.global_score)},
        "stages": [side(s, q.stage(s.id).title.get(lang)) for s in found.stages],
        "dimensions": [dict(side(s, q.dimensions[s.id].title.get(lang)),
                            stage=q.dimension_stage[s.id]) for s in found.dimensions],
        "complements": [{"dimension": c.dimension, "strong": c.strong, "gap": rounded(c.gap),
                         "title": q.dimensions[c.dimension].title.get(lang)}
                        for c in found.complements[:SHOWN]],
        "vision_stage": None if found.vision_stage is None else {
            "id": found.vision_stage, "title": q.stage(found.vision_stage).title.get(lang)},
        "divergences": _divergences_dict(q, divergences if divergences is not None
                                         else frozen(found), lang),
        "steps": [selected_dict(q, item, lang, True) for item in found.steps[:SHOWN]],
    }
