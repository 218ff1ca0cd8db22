"""The app's access to questionnaire content: every valid folder, loaded once per process.

A folder that fails validation is reported in the log and not served; the others still are.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import abort, current_app
from flask_babel import get_locale
from flask_babel import gettext as _

from ..engine import (
    InvalidAnswer,
    Questionnaire,
    about_format,
    check_answer,
    check_cached,
    find_questionnaires,
)
from ..models import Diagnostic

log = logging.getLogger("parcours")
DEFAULT_KEY = "adoc"


def _served(root: str) -> dict[str, Questionnaire]:
    served: dict[str, Questionnaire] = {}
    for folder in find_questionnaires(Path(root)):
        found, problems = check_cached(str(folder))
        if found is None:
            errors = [str(p) for p in problems if p.severity == "error"]
            log.error("questionnaire %s is not served: %d problem(s)\n  %s", folder,
                      len(errors), "\n  ".join(errors))
            continue
        if found.key in served:
            log.error("questionnaire %s is not served: key %r is already taken", folder,
                      found.key)
            continue
        served[found.key] = found
        older = [str(p) for p in found.warnings if about_format(p)]
        if older:  # served all the same, read as the current format (engine/formats.py)
            log.warning("questionnaire %s is served, but written for an older format:\n  %s",
                        folder, "\n  ".join(older))
    for found in served.values():
        target = found.index.next.questionnaire if found.index.next else None
        if target is not None and target not in served:
            log.warning("questionnaire %s invites to %r, which is not served: the invitation "
                        "is left out", found.key, target)
    return served


def all_questionnaires() -> dict[str, Questionnaire]:
    """Every valid questionnaire under QUESTIONNAIRES_DIR, by key (looked for once per app),
    the default one first."""
    known: dict[str, dict[str, Questionnaire]] = current_app.extensions.setdefault(
        "parcours_questionnaires", {})
    root = current_app.config["QUESTIONNAIRES_DIR"]
    if root not in known:
        served = _served(root)
        wanted = current_app.config.get("DEFAULT_QUESTIONNAIRE", DEFAULT_KEY)
        first = wanted if wanted in served else next(iter(served), None)
        known[root] = dict(sorted(served.items(), key=lambda item: item[0] != first))
    return known[root]


def default_key() -> str | None:
    """The questionnaire `/commencer` starts (None when no questionnaire is served)."""
    return next(iter(all_questionnaires()), None)


def questionnaire(key: str | None = None) -> Questionnaire:
    """One questionnaire by key, the default one without a key; 404 when it is not served."""
    found = all_questionnaires().get(key or default_key() or "")
    if found is None:
        abort(404)
    return found


def questionnaire_of(diagnostic: Diagnostic) -> Questionnaire:
    """The questionnaire a diagnostic answers (not necessarily the default one); 503 when its
    folder is no longer served (removed, or invalid after an edit): nothing is lost meanwhile."""
    found = all_questionnaires().get(diagnostic.questionnaire_key)
    if found is None:
        abort(503)
    return found


def served(key: str | None) -> bool:
    """Whether a questionnaire of this key is served."""
    return key is not None and key in all_questionnaires()


def words(questionnaire: Any = None) -> dict[str, str | None]:
    """What a page calls the product it belongs to (header, title) and its footer line: those
    of the questionnaire the page shows, else of the default one."""
    config = current_app.config
    if not isinstance(questionnaire, Questionnaire):
        key = default_key()
        site = {"name": config.get("SITE_NAME"), "tagline": config.get("SITE_FOOTER"),
                "credit": None}
        if key is None or (site["name"] and site["tagline"]):
            return {**site, "name": site["name"] or "Parcours"}
        own = words(all_questionnaires()[key])
        # the settings first; what they leave unsaid, the default questionnaire says
        return {"name": site["name"] or own["name"],
                "tagline": site["tagline"] or (None if site["name"] else own["tagline"]),
                "credit": None if site["name"] or site["tagline"] else own["credit"]}
    index, language = questionnaire.index, str(get_locale() or "fr")
    return {"name": (index.product or index.title).get(language),
            "tagline": index.tagline.get(language) if index.tagline else None,
            "credit": index.credit.get(language) if index.credit else None,
            "elsewhere": written_only_in(questionnaire, language)}


def written_only_in(questionnaire: Questionnaire, language: str) -> str | None:
    """What a page in `language` says of a questionnaire not written in it (its texts are
    shown in the language it has), None when it is written in `language`."""
    if language in questionnaire.index.languages:
        return None
    if questionnaire.index.languages[0] == "fr":
        return _("Ce questionnaire n'existe qu'en français : ses questions et ses résultats "
                 "s'affichent en français.")
    return _("Ce questionnaire n'existe qu'en anglais : ses questions et ses résultats "
             "s'affichent en anglais.")


def promise(served: list[Questionnaire]) -> str | None:
    """What the home page promises at the end, in the words of the questionnaires it offers:
    their level name (« niveau de maturité » unless they name it), their strengths if all of
    them list some, and a roadmap; None for the app's own sentence (the template's)."""
    language = str(get_locale() or "fr")
    levels = {q.index.words.level.get(language) if q.index.words.level else None
              for q in served}
    strengths = all(q.index.features.strengths for q in served)
    named = {q.index.words.strengths.get(language) if q.index.words.strengths
             else str(_("risques maîtrisés")) if q.scoring.higher_is == "worse" else None
             for q in served}  # what their strengths are called (None: « points forts »)
    if levels == {None} and strengths and named == {None}:
        return None
    level = levels.pop() if len(levels) == 1 else _("niveau")
    level = level or _("niveau de maturité")
    if strengths and named != {None}:
        return _("À la fin, vous obtenez votre %(level)s, vos %(strengths)s et une feuille de "
                 "route d'actions concrètes, dans l'ordre où les mener.", level=level,
                 strengths=named.pop() if len(named) == 1 else _("points d'appui"))
    if strengths:
        return _("À la fin, vous obtenez votre %(level)s, vos points forts et une feuille de "
                 "route d'actions concrètes, dans l'ordre où les mener.", level=level)
    return _("À la fin, vous obtenez votre %(level)s et une feuille de route d'actions "
             "concrètes, dans l'ordre où les mener.", level=level)


def brand(questionnaire: Any = None) -> str:
    """The product a page belongs to: that of the questionnaire it shows, else the site's."""
    return str(words(questionnaire)["name"])


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
