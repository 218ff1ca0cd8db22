"""The app's access to questionnaire content: loaded once per process, validated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app

from .engine import InvalidAnswer, Questionnaire, check_answer, find_questionnaires, load_cached
from .models import Diagnostic

DEFAULT_KEY = "adoc"


def all_questionnaires() -> dict[str, Questionnaire]:
    """Every questionnaire under QUESTIONNAIRES_DIR, by key (looked for once per app)."""
    known: dict[str, dict[str, Questionnaire]] = current_app.extensions.setdefault(
        "parcours_questionnaires", {})
    root = current_app.config["QUESTIONNAIRES_DIR"]
    if root not in known:
        found = (load_cached(str(folder)) for folder in find_questionnaires(Path(root)))
        known[root] = {q.key: q for q in found}
    return known[root]


def questionnaire(key: str = DEFAULT_KEY) -> Questionnaire:
    """One questionnaire by key (KeyError when there is none)."""
    return all_questionnaires()[key]


def questionnaire_of(diagnostic: Diagnostic) -> Questionnaire:
    """The questionnaire a diagnostic answers (not necessarily the default one)."""
    return all_questionnaires()[diagnostic.questionnaire_key]


def engine_answers(questionnaire: Questionnaire, stored: dict[str, Any]) -> dict[str, Any]:
    """Stored JSON → the engine's checked values; answers the content no longer accepts
    (a question removed, an option renamed in a new version) are left out, not guessed."""
    checked: dict[str, Any] = {}
    for qid, value in stored.items():
        question = questionnaire.questions.get(qid)
        if question is None:
            continue
        try:
            checked[qid] = check_answer(question, value)
        except InvalidAnswer:
            continue
    return checked


def answers_of(questionnaire: Questionnaire, diagnostic: Diagnostic) -> dict[str, Any]:
    """A diagnostic's stored answers, checked against its questionnaire."""
    return engine_answers(questionnaire, diagnostic.answer_map())
