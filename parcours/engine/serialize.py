"""Scores and roadmap as plain JSON-ready data, in one language (CLI output, snapshots)."""

from __future__ import annotations

from typing import Any

from .model import NOT_APPLICABLE, SPECIAL_LABELS
from .numbers import Measure, honest, unit_for
from .questionnaire import Questionnaire
from .roadmap import Roadmap, Selected
from .scales import (
    bound_on_scale,
    derived_scale,
    dimension_scale,
    global_scale,
    level_scale,
    on_scale,
    shared_dimension_scale,
)
from .scoring import DimensionScore, Scores

HORIZON_LABELS = {
    "court": ("Court terme (0–3 mois)", "Short term (0–3 months)"),
    "moyen": ("Moyen terme (3–12 mois)", "Medium term (3–12 months)"),
    "long": ("Long terme (12 mois et plus)", "Long term (12 months and more)"),
}
STAGE_WORDS = (("étape", "stage"), ("étapes", "stages"))  # when the content names none
# Shown priority is relative: the plan's first actions are essential, the rest of the plan
# important, the other leads useful (the content's `priority` only decides what enters the plan).
PRIORITY_LABELS = {1: ("Essentielle", "Essential"), 2: ("Importante", "Important"),
                   3: ("Utile", "Useful")}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def printed(q: Questionnaire, subject: tuple[str, str],
            value: Measure | float | None) -> int | float | None:
    """A score as pages and the PDF print it: a whole number, with the decimals it takes
    never to land on the other side of a level or a threshold than the score itself
    (« 39,6 » below 40, never « 40 »; issue 27)."""
    if value is None:
        return None
    figure, places = honest(Measure.stored(value), q.thresholds.get(subject, ()), 0)
    return int(figure) if places == 0 else float(figure)


def scaled(q: Questionnaire, d: DimensionScore) -> dict[str, Any] | None:
    """A dimension's score on its own scale (issue 27): « 2,25 / 3 » on 0–3, « 41 / 167 » in
    raw points; None on the usual 0–100. Printed, like every score, on the same side of each
    threshold as the score (the thresholds are in percent, scaled with it)."""
    value = d.measure or (None if d.score is None else Measure.stored(d.score))
    scale = dimension_scale(q, d)
    if scale is None or value is None:
        return None
    return on_scale(value, scale, q.thresholds.get(("score", d.id), ()))


def global_scaled(q: Questionnaire, scores: Scores) -> dict[str, Any] | None:
    """The global score on its own scale (`scoring.global_scale`, format 3): « 1,8 / 3 », or
    « 18 / 30 » in points (the pooled raw points out of the pooled maximum, or the points of
    the dimension the global is); None on the usual 0–100."""
    value = scores.measure or (None if scores.global_score is None
                               else Measure.stored(scores.global_score))
    scale = global_scale(q, scores)
    if scale is None or value is None:
        return None
    return on_scale(value, scale, q.thresholds.get(("global", "global"), ()))


def derived_scaled(q: Questionnaire, derived_id: str, value: Measure | None
                   ) -> dict[str, Any] | None:
    """A derived score on the scale its `scale` names, when a number N (« 30 / 119 »: the AIA's
    final impact on the raw impact's points); None on 0–100, and for `points`, which a derived
    score has no maximum of."""
    scale = derived_scale(q, derived_id)
    if scale is None or value is None:
        return None
    return on_scale(value, scale, q.thresholds.get(("score", derived_id), ()))


def _phase(q: Questionnaire, phase_id: str | None, lang: str) -> str | None:
    for phase in q.index.phases:
        if phase.id == phase_id:
            return phase.title.get(lang)
    return None


def _category(q: Questionnaire, category: str | None, lang: str) -> str | None:
    for item in q.index.categories.items if q.index.categories else ():
        if item.id == category:
            return item.label.get(lang)
    return None


def about(q: Questionnaire, lang: str) -> dict[str, Any]:
    """What a report says of the questionnaire itself, in `lang`: its names, what its stages
    and categories are called, how it scores. Frozen in each snapshot with the results, so a
    report keeps the words and the method it was scored with."""
    index = q.index
    names = index.stage_name
    weighted = any(question.weight != 1 for question in q.questions.values()
                   if question.scored) or any(d.weight != 1 for d in q.dimensions.values())
    return {
        "key": q.key, "version": q.version, "content_hash": q.content_hash,
        "title": index.title.get(lang),
        "product": (index.product or index.title).get(lang),
        "tagline": index.tagline.get(lang) if index.tagline else None,
        "credit": index.credit.get(lang) if index.credit else None,
        "stage_singular": names.singular.get(lang) if names else _pick(STAGE_WORDS[0], lang),
        "stage_plural": names.plural.get(lang) if names else _pick(STAGE_WORDS[1], lang),
        "categories": {
            "name": index.categories.name.get(lang),
            "description": index.categories.description.get(lang)
            if index.categories.description else None,
            "items": [{"id": item.id, "label": item.label.get(lang)}
                      for item in index.categories.items],
        } if index.categories else None,
        "unanswered": index.unanswered,
        "weighted": weighted,
        # the global score's policy (format 3), for the method page; absent when it is
        # today's mean of the stages (older snapshots and outputs stay as they were)
        **({"global_policy": found} if (found := _global_policy(q, lang)) else {}),
        "layout": index.report.layout,
        "next": {"key": index.next.questionnaire, "title": index.next.title.get(lang),
                 "text": index.next.text.get(lang)} if index.next else None,
        **own_words(q, lang),
    }


def _global_policy(q: Questionnaire, lang: str) -> dict[str, Any] | None:
    """What the global score is, when not the plain mean of the stages: `pooled`, a score's
    id (with its title), or `stages` weighted by the stages' weights."""
    policy = q.global_from
    weighted = any(q.stage_weight(stage) != 1 for stage in q.scored_stages)
    if policy == "stages" and not weighted:
        return None
    return {"from": policy, "stage_weighted": weighted,
            "title": None if policy in ("stages", "pooled") else q.score_title(policy).get(lang)}


def own_words(q: Questionnaire, lang: str) -> dict[str, Any]:
    """What the questionnaire offers and its own words (`features`, `words`, `languages`), as a
    snapshot freezes them; a word it does not set is None (the app's default wording)."""
    words = q.index.words
    return {
        "features": q.index.features.model_dump(),
        "words": {name: text.get(lang) if text else None
                  for name, text in (("level", words.level), ("profile", words.profile),
                                     ("method", words.method), ("audience", words.audience),
                                     ("strengths", words.strengths))},
        "languages": list(q.index.languages),
    }


def _level(q: Questionnaire, number: int | None, lang: str) -> dict[str, Any] | None:
    if number is None:
        return None
    level = q.levels[number - 1]
    return {"number": number, "id": level.id, "label": level.label.get(lang),
            "description": level.description.get(lang)}


def _dimension(q: Questionnaire, d: DimensionScore, lang: str) -> dict[str, Any]:
    return {
        "id": d.id,
        "title": q.dimensions[d.id].title.get(lang),
        "score": d.score,  # kept by the engine: one decimal, more near a threshold
        "shown": printed(q, ("score", d.id), d.measure or d.score),
        "scaled": scaled(q, d),
        "level": _level(q, d.level, lang),
        "answered": d.answered,
        "dont_know": d.dont_know,
        "not_applicable": d.not_applicable,
        "unanswered": d.unanswered,
        "counted": d.counted,
        "thin": d.thin,
        "contributions": [
            {"question": c.question, "status": c.status, "points": c.points,
             "max_points": c.max_points, "weight": c.weight, "earned": rounded(c.earned),
             "possible": rounded(c.possible)}
            for c in d.contributions
        ],
    }


def selected_dict(q: Questionnaire, item: Selected, lang: str, in_plan: bool) -> dict[str, Any]:
    reco = item.recommendation
    shown_priority = 1 if item.essential else 2 if in_plan else 3
    return {
        "rank": item.rank,
        "id": reco.id,
        "title": (item.title or reco.title).get(lang),
        "description": (item.description or reco.description).get(lang),
        "dimensions": list(reco.dimensions),
        "phase": reco.phase,
        "phase_label": _phase(q, reco.phase, lang),
        "priority": shown_priority,
        # None when the questionnaire does not print them (`features`): no page names them
        "priority_label": _pick(PRIORITY_LABELS[shown_priority], lang)
        if q.index.features.priority else None,
        "horizon": reco.horizon,
        "horizon_label": _pick(HORIZON_LABELS[reco.horizon], lang)
        if q.index.features.horizon else None,
        "category": reco.category,
        "category_label": _category(q, reco.category, lang),
        "because": item.reasons[0].get(lang),
        "reasons": [reason.get(lang) for reason in item.distinct_reasons],
        "gap": rounded(item.gap),
        "resources": [{"title": r.title.get(lang), "url": r.url}
                      for r in (reco.resources if item.resources is None else item.resources)],
    }




def answer_text(q: Questionnaire, qid: str, value: Any, kind: str | None, lang: str) -> str:
    """An answer as the participant read it: option labels, « Oui », numbers with their unit."""
    question = q.questions[qid]
    if isinstance(value, str) and value in SPECIAL_LABELS:
        return _pick(SPECIAL_LABELS[value], lang)
    if question.type == "yesno":
        return _pick(("Oui", "Yes") if value == "yes" else ("Non", "No"), lang)
    if question.type in ("single", "multiple"):
        chosen = value if isinstance(value, tuple | list) else (value,)
        labels = {o.value: o.label_for(kind, lang) for o in question.options}  # type: ignore[union-attr]
        return " ; ".join(labels[v] for v in chosen if v in labels)
    if question.type == "number":
        number = f"{value:g}".replace(".", "," if lang == "fr" else ".")
        unit = getattr(question, "unit", None)
        if unit is None:
            return number
        word = unit.get(lang)
        return f"{number} {unit_for(word, value)}"
    return str(value)


def annex(q: Questionnaire, scores: Scores, lang: str) -> list[dict[str, Any]]:
    """Every shown question with its answer as the participant read it, stage by stage."""
    visible_ids, _, not_applicable = q.applicability(scores.answers)
    stages = []
    for stage in q.stages:
        rows = []
        for section in stage.sections:
            for question in section.questions:
                if question.id in not_applicable:
                    rows.append(_not_applicable_row(q, scores, question, section, lang))
                    continue
                if question.id not in visible_ids:
                    continue
                value = scores.answers.get(question.id)
                status = ("unanswered" if value is None else value
                          if isinstance(value, str) and value in SPECIAL_LABELS else "answered")
                rows.append({
                    "id": question.id, "section": section.title.get(lang),
                    "question": question.text_for(scores.kind, lang), "type": question.type,
                    "dimension": question.dimension, "status": status,
                    "answer": None if value is None else
                    answer_text(q, question.id, value, scores.kind, lang),
                })
        stages.append({"id": stage.id, "title": stage.title.get(lang), "questions": rows})
    return stages


def _not_applicable_row(q: Questionnaire, scores: Scores, question: Any, section: Any,
                        lang: str) -> dict[str, Any]:
    """A question not asked because its `not_applicable_if` holds: « Non concerné », and why
    (« Non concerné — vous n'avez pas encore de partenaire ») when a profile says it."""
    answer = _pick(SPECIAL_LABELS[NOT_APPLICABLE], lang)
    because = q.not_applicable_because(question.id, scores.answers)
    labels = {profile.id: profile.label for profile in q.index.profiles}
    if because in labels:
        answer = f"{answer} — {labels[because].get(lang)}"
    return {"id": question.id, "section": section.title.get(lang),
            "question": question.text_for(scores.kind, lang), "type": question.type,
            "dimension": question.dimension, "status": NOT_APPLICABLE, "answer": answer}


def result_dict(q: Questionnaire, scores: Scores, road: Roadmap, lang: str) -> dict[str, Any]:
    """Everything a report needs, as plain data in `lang`."""
    coverage = scores.coverage
    on = level_scale(q, scores)  # the levels' thresholds printed on it (issue 27)
    return {
        "questionnaire": about(q, lang),
        "lang": lang,
        "kind": scores.kind,
        "kind_label": answer_text(q, q.index.kind_question, scores.kind, scores.kind, lang)
        if scores.kind and q.index.kind_question else None,
        "global": {"score": scores.global_score,
                   "shown": printed(q, ("global", "global"),
                                    scores.measure or scores.global_score),
                   "level": _level(q, scores.level, lang),
                   # on a scale of its own only (format 3): older outputs stay as they were
                   **({"scaled": on_scale} if (on_scale := global_scaled(q, scores)) else {})},
        "global_from": q.global_from,
        "coverage": {"questions": coverage.questions, "answered": coverage.answered,
                     "dont_know": coverage.dont_know, "not_applicable": coverage.not_applicable,
                     "unanswered": coverage.unanswered, "ratio": round(coverage.ratio, 3)},
        "stages": [
            {"id": stage.id, "title": stage.title.get(lang),
             "score": scores.stages[stage.id].score,
             "shown": printed(q, ("stage", stage.id), scores.stages[stage.id].measure
                              or scores.stages[stage.id].score),
             "level": _level(q, scores.stages[stage.id].level, lang),
             "dimensions": [_dimension(q, scores.dimensions[d.id], lang)
                            for d in stage.dimensions]}
            for stage in q.scored_stages
        ],
        "derived": [{"id": found.id, "title": q_derived.title.get(lang),
                     "score": found.score,
                     "shown": printed(q, ("score", found.id), found.measure),
                     "scaled": derived_scaled(q, found.id, found.measure),
                     "level": _level(q, found.level, lang)}
                    for q_derived in (q.index.scoring.derived if q.index.scoring else ())
                    if (found := scores.derived.get(q_derived.id)) is not None],
        "level_from": q.scoring.level_from,
        "higher_is": q.scoring.higher_is,
        "strength_threshold": q.index.strength_threshold,
        "strengths": [{"dimension": s.dimension, "score": s.score,
                       "shown": printed(q, ("score", s.dimension), s.score),
                       "scaled": scaled(q, scores.dimensions[s.dimension]),
                       "title": q.dimensions[s.dimension].title.get(lang)}
                      for s in road.strengths],
        "roadmap": [selected_dict(q, item, lang, True) for item in road.main],
        "other_recommendations": [selected_dict(q, item, lang, False) for item in road.others],
        "levels": [{"number": i, "id": level.id, "label": level.label.get(lang),
                    "min": level.min, "description": level.description.get(lang),
                    **({"scaled": bound_on_scale(level.min, on)} if on else {})}
                   for i, level in enumerate(q.levels, start=1)],
        **({"dimension_scale": bound_on_scale(100, shared)["max"]}
           if (shared := shared_dimension_scale(q)) else {}),
        "annex": annex(q, scores, lang),
    }
