"""The app's access to questionnaire content: loaded once per process, validated."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from .engine import Questionnaire, find_questionnaires, load_cached

DEFAULT_KEY = "adoc"


def all_questionnaires() -> dict[str, Questionnaire]:
    """Every questionnaire under QUESTIONNAIRES_DIR, by key."""
    root = Path(current_app.config["QUESTIONNAIRES_DIR"])
    found = (load_cached(str(folder)) for folder in find_questionnaires(root))
    return {q.key: q for q in found}


def questionnaire(key: str = DEFAULT_KEY) -> Questionnaire:
    """One questionnaire by key (KeyError when there is none)."""
    return all_questionnaires()[key]
