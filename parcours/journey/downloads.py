"""What a participant downloads: the PDF roadmap and the answers as JSON."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, current_app, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..reports.cache import find
from ..reports.service import ready
from ..services import collective
from ..services.names import slug
from ..services.questionnaires import engine_answers, questionnaire_of
from ..web.browser import lang
from ..web.downloads import attachment, pdf_response
from ..web.security import PDF_LIMIT, limiter
from . import bp
from .access import may_open_ids, results_of
from .followup import as_seen


@bp.get("/d/<public_id>/feuille-de-route.pdf")
@limiter.limit(PDF_LIMIT)
def roadmap_pdf(public_id: str) -> Response | tuple[str, int]:
    """The PDF roadmap: from the cache when it can, with an ETag for a 304. None for a
    collective's respondent (its own results are never shown)."""
    found = find(public_id)
    if found is None or found.respondent or not may_open_ids(found.public_id, found.user_id,
                                                                found.access_generation):
        abort(404)
    if not found.completed:
        return redirect(url_for("journey.review_page", public_id=public_id))
    report_lang = request.args.get("lang", lang())
    if report_lang not in current_app.config["LANGUAGES"]:
        abort(404)
    return pdf_response(as_seen(found), report_lang, request.if_none_match, _(
        "La mise en page de votre feuille de route a échoué ou a pris trop de temps. Vos "
        "réponses et vos résultats sont intacts : réessayez dans un instant, ou consultez vos "
        "résultats en ligne."))


@bp.get("/d/<public_id>/feuille-de-route/etat")
def roadmap_status(public_id: str) -> Response:
    """Whether the PDF is rendered already, for the results page's script to offer it when it
    is (issue 26): `{"ready": true}`. Cheap (a cache look-up); 404 for whoever may not see it."""
    found = find(public_id)
    if found is None or found.respondent or not may_open_ids(found.public_id, found.user_id,
                                                                found.access_generation):
        abort(404)
    report_lang = request.args.get("lang", lang())
    if report_lang not in current_app.config["LANGUAGES"]:
        abort(404)
    response = jsonify({"ready": bool(ready(public_id, report_lang))})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/d/<public_id>/reponses.json")
def answers_json(public_id: str) -> Response:
    """The answers in design.md's format, to keep or to score offline (not a respondent's)."""
    diagnostic = results_of(public_id)
    q = questionnaire_of(diagnostic)
    answers = {qid: list(v) if isinstance(v, tuple) else v
               for qid, v in engine_answers(q, collective.stored_answers(diagnostic)).items()}
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    return attachment(
        jsonify({"questionnaire": q.key, "version": diagnostic.questionnaire_version,
                 "lang": diagnostic.lang, "answers": answers}), "application/json",
        f"parcours-adoc-{slug(diagnostic.organisation.name)}-{day}.json")
