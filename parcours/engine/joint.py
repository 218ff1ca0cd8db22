"""Two partners face to face (STUB of the branch « joint »: the lead's engine replaces it).

Pure: two `Scores` of one questionnaire side by side, where one can support the other, where
their visions diverge, and the joint next steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .questionnaire import Questionnaire
from .scoring import Scores
from .serialize import _level, _round, answer_text


@dataclass(frozen=True)
class Pair:
    """Two partners' scores (a, b) of one questionnaire."""

    a: Scores
    b: Scores
    complementarity: tuple[tuple[str, str], ...]  # (dimension, "a" | "b": the stronger)
    divergences: tuple[str, ...]  # question ids


def pair(q: Questionnaire, a: Scores, b: Scores) -> Pair:
    """Where one partner is strong and the other is not; the shared-vision questions they
    answered far apart."""
    strong, weak = q.index.strength_threshold, q.levels[1].min if len(q.levels) > 1 else 0
    helps = []
    for dim in q.dimensions:
        sa, sb = a.dimensions[dim].score, b.dimensions[dim].score
        if sa is None or sb is None:
            continue
        if sa >= strong and sb < weak:
            helps.append((dim, "a"))
        elif sb >= strong and sa < weak:
            helps.append((dim, "b"))
    vision = q.scored_stages[0]
    diverging = []
    for dimension in vision.dimensions:
        ca = {c.question: c for c in a.dimensions[dimension.id].contributions}
        for cb in b.dimensions[dimension.id].contributions:
            first = ca.get(cb.question)
            if (first and first.points is not None and cb.points is not None
                    and first.status == cb.status == "answered"
                    and abs(first.points - cb.points) >= cb.max_points / 2):
                diverging.append(cb.question)
    return Pair(a, b, tuple(helps), tuple(diverging))


def pair_dict(q: Questionnaire, p: Pair, lang: str) -> dict[str, Any]:
    """The pair as plain data in `lang`."""
    def side(s: Scores) -> dict[str, Any]:
        return {"global": {"score": _round(s.global_score), "level": _level(q, s.level, lang)}}
    return {
        "a": side(p.a), "b": side(p.b),
        "dimensions": [
            {"id": d.id, "title": d.title.get(lang), "stage": stage.id,
             "a": _round(p.a.dimensions[d.id].score), "b": _round(p.b.dimensions[d.id].score)}
            for stage in q.scored_stages for d in stage.dimensions],
        "complementarity": [
            {"dimension": dim, "title": q.dimensions[dim].title.get(lang), "stronger": who,
             "a": _round(p.a.dimensions[dim].score), "b": _round(p.b.dimensions[dim].score)}
            for dim, who in p.complementarity],
        "divergences": [
            {"question": qid, "text": q.questions[qid].text_for(None, lang),
             "dimension_title": q.dimensions[q.questions[qid].dimension or ""].title.get(lang),
             "a": answer_text(q, qid, p.a.answers[qid], p.a.kind, lang),
             "b": answer_text(q, qid, p.b.answers[qid], p.b.kind, lang)}
            for qid in p.divergences],
        "steps": [],
    }
