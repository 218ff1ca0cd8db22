"""The app's access to questionnaire content: loaded once per process, validated."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from .engine import Questionnaire, find_questionnaires, load_cached

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
