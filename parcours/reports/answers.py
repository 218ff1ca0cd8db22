"""A participant's answers as plain data, stage by stage and section by section, worded as the
participant read them: what the trainer's review page shows beside each stage's scores.

Pure: the questionnaire and the checked answers in, dictionaries out (no Flask, no database).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..engine import Questionnaire
from ..engine.model import NOT_APPLICABLE, SPECIAL_VALUES, AnyQuestion
from ..engine.serialize import answer_text

YES_NO = {"yes": ("Oui", "Yes"), "no": ("Non", "No")}


def _others(question: AnyQuestion, value: Any, kind: str | None, lang: str) -> list[str]:
    """The options the participant did not choose (all of them after a special answer)."""
    chosen = set(value) if isinstance(value, tuple | list) else {value}
    if question.type in ("single", "multiple"):
        return [o.label_for(kind, lang) for o in question.options  # type: ignore[union-attr]
                if o.value not in chosen]
    if question.type == "yesno":
        return [pair[1] if lang == "en" else pair[0]
                for key, pair in YES_NO.items() if key not in chosen]
    return []


def _row(q: Questionnaire, question: AnyQuestion, value: Any, kind: str | None,
         lang: str) -> dict[str, Any]:
    if value is None:
        status = "unanswered"
    elif isinstance(value, str) and value in SPECIAL_VALUES:
        status = value
    else:
        status = "remark" if question.type == "text" else "answered"
    chosen = [answer_text(q, question.id, item, kind, lang) for item in value] \
        if isinstance(value, tuple | list) else []  # several options: one line each
    return {"id": question.id, "question": question.text_for(kind, lang),
            "type": question.type, "status": status, "chosen": chosen,
            "answer": None if value is None else answer_text(q, question.id, value, kind, lang),
            "others": [] if value is None else _others(question, value, kind, lang)}


def _excused(q: Questionnaire, question: AnyQuestion, answers: Mapping[str, Any],
             kind: str | None, lang: str) -> dict[str, Any]:
    """« Non concerné », and why when a profile says it (« — sans partenaire »)."""
    row = _row(q, question, NOT_APPLICABLE, kind, lang)
    because = q.not_applicable_because(question.id, answers)
    labels = {profile.id: profile.label for profile in q.index.profiles}
    if because in labels:
        row["answer"] = f"{row['answer']} — {labels[because].get(lang)}"
    return row


def answer_sheet(q: Questionnaire, answers: Mapping[str, Any], lang: str,
                 completed: bool) -> dict[str, Any]:
    """Every shown question with its answer, grouped by stage then section.

    A question hidden by `show_if` is left out; one made « Non concerné » by its
    `not_applicable_if` is listed as such. For a diagnostic not completed, `stopped_at` names the
    last section holding an answer (where the participant left off) and the sections after it
    are marked not reached; `all_given` says every expected answer is there already."""
    shown_ids, _, excused = q.applicability(answers)
    kind = q.kind_of(answers)
    sections = [(stage, section) for stage in q.stages for section in stage.sections]
    last = max((n for n, (_, section) in enumerate(sections)
                if any(question.id in answers for question in section.questions)), default=-1)
    stages: list[dict[str, Any]] = []
    missing = 0
    for n, (stage, section) in enumerate(sections):
        if not stages or stages[-1]["id"] != stage.id:
            stages.append({"id": stage.id, "title": stage.title.get(lang), "sections": [],
                           "answered": 0})
        rows = []
        for question in section.questions:
            if question.id in excused:
                row = _excused(q, question, answers, kind, lang)
            elif question.id in shown_ids:
                row = _row(q, question, answers.get(question.id), kind, lang)
            else:
                continue
            missing += row["status"] == "unanswered" and question.type != "text"
            stages[-1]["answered"] += row["status"] != "unanswered"
            rows.append(row)
        stages[-1]["sections"].append({
            "id": section.id, "title": section.title.get(lang), "questions": rows,
            "reached": completed or n <= last})
    stopped_at = None
    if not completed and 0 <= last:
        stage, section = sections[last]
        stopped_at = {"stage": stage.title.get(lang), "section": section.title.get(lang)}
    return {"stages": stages, "stopped_at": stopped_at, "any": last >= 0,
            "all_given": not completed and missing == 0 and last >= 0}
