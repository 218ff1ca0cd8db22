"""One participant of a cohort, as its trainer reads it: results, answers and comments, history,
the roadmap PDF, marked reviewed."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response as BaseResponse
from wtforms import SelectChoice

from ..infra.extensions import db
from ..infra.jobs import defer
from ..models import Diagnostic
from ..reports.answers import answer_sheet
from ..reports.cache import find
from ..reports.context import results_context
from ..reports.history import chart
from ..reports.history import history as organisation_history
from ..services import access_log, alliances, collective, plans
from ..services import cohorts as membership
from ..services.questionnaires import answers_of, engine_answers, questionnaire_of
from ..web.browser import lang
from ..web.downloads import pdf_response
from ..web.forms import ActionForm
from ..web.security import PDF_LIMIT, limiter, no_store
from . import bp, services
from .access import trainer_required
from .forms import CommentForm


@bp.route("/groupes/<public_id>/participants/<diagnostic_id>", methods=["GET", "POST"])
@no_store
@trainer_required
def review(public_id: str, diagnostic_id: str) -> str | BaseResponse | tuple[str, int]:
    """A participant's results and answers, stage by stage beside the trainer's comments (they
    appear in the PDF), and the reviewed mark."""
    cohort = services.visible_cohort(public_id)
    diagnostic = services.cohort_diagnostic(cohort, diagnostic_id)
    q = questionnaire_of(diagnostic)
    form = CommentForm()
    form.stage.choices = [SelectChoice("", _("Le diagnostic dans son ensemble"))] + [
        SelectChoice(stage.id, stage.title.get(lang())) for stage in q.scored_stages]
    if form.validate_on_submit():
        stage = form.stage.data if form.stage.data in {s.id for s in q.scored_stages} else None
        services.add_comment(diagnostic, current_user, stage, form.text.data or "")
        _prerender(diagnostic.id)
        flash(_("Commentaire ajouté : il apparaît dans le PDF du participant."))
        return redirect(url_for("trainer.review", public_id=public_id,
                                diagnostic_id=diagnostic_id))
    snapshot = diagnostic.latest_snapshot()
    context = results_context(snapshot, lang()) if snapshot else {}
    if snapshot is not None:
        context["plan"] = plans.actions(context["result"], plans.state(diagnostic.id))
        context["plan_labels"] = plans.status_labels()
    respondents = collective.respondents_of(diagnostic)
    # a collective diagnostic promises that no one's answers are shown: its sheet stays closed
    sheet = None if respondents is not None else answer_sheet(
        q, engine_answers(q, snapshot.answers) if snapshot else answers_of(q, diagnostic),
        lang(), completed=snapshot is not None)
    html = render_template(
        "trainer/review.html", cohort=cohort, diagnostic=diagnostic, snapshot=snapshot,
        comments=services.comments(diagnostic), form=form, action_form=ActionForm(),
        alliances=alliances.trainer_links(diagnostic, current_user, lang()),
        stages={s.id: s.title.get(lang()) for s in q.stages}, questionnaire=q,
        scored={s.id for s in q.scored_stages}, sheet=sheet, respondents=respondents,
        others=membership.same_organisation(diagnostic),
        **context)
    # one row per view: the results (shown with the answers), or the answers alone so far
    if snapshot is not None:
        access_log.record(current_user, access_log.RESULTS_VIEWED, [diagnostic.id], cohort.id)
    elif sheet is not None and sheet["any"]:
        access_log.record(current_user, access_log.ANSWERS_READ, [diagnostic.id], cohort.id)
    return html, 422 if form.errors else 200


@bp.get("/groupes/<public_id>/participants/<diagnostic_id>/historique")
@no_store
@trainer_required
def history(public_id: str, diagnostic_id: str) -> str:
    """The participant's organisation over time, restricted to the diagnostics that joined one
    of the cohorts this trainer sees (each listed result is logged as opened)."""
    cohort = services.visible_cohort(public_id)
    diagnostic = services.cohort_diagnostic(cohort, diagnostic_id)
    found = db.session.scalars(select(Diagnostic).options(joinedload(Diagnostic.cohort)).where(
        Diagnostic.organisation_id == diagnostic.organisation_id,
        Diagnostic.cohort_id.in_(services.visible_cohort_ids())))
    entries = organisation_history(list(found), lang())
    links = {e.diagnostic.id: url_for(
        "trainer.review", public_id=e.diagnostic.cohort.public_id,
        diagnostic_id=e.diagnostic.public_id) for e in entries if e.diagnostic.cohort}
    html = render_template("trainer/history.html", cohort=cohort, diagnostic=diagnostic,
                           entries=entries, links=links, chart=chart(entries),
                           questionnaire=questionnaire_of(diagnostic))
    shown_per_cohort: dict[int, list[int]] = {}
    for e in entries:
        if e.result is not None and e.diagnostic.cohort_id is not None:
            shown_per_cohort.setdefault(e.diagnostic.cohort_id, []).append(e.diagnostic.id)
    for cohort_id, ids in shown_per_cohort.items():
        access_log.record(current_user, access_log.RESULTS_VIEWED, ids, cohort_id)
    return html


def _prerender(diagnostic_id: int) -> None:
    """The comments changed the report: have its new PDF ready for the next download, on the
    job queue (RQ's workers when REDIS_URL is set, else a thread of this process)."""
    if current_app.config["PDF_PRERENDER"]:
        defer("prerender_pdf", diagnostic_id)


# ids are 32-bit integers in both databases: a larger one is no comment (404), not an overflow
@bp.post("/groupes/<public_id>/participants/<diagnostic_id>/commentaires/"
         "<int(max=2147483647):comment_id>")
@trainer_required
def delete_comment(public_id: str, diagnostic_id: str, comment_id: int) -> BaseResponse:
    cohort = services.visible_cohort(public_id)
    diagnostic = services.cohort_diagnostic(cohort, diagnostic_id)
    services.delete_comment(diagnostic, comment_id)
    _prerender(diagnostic.id)
    return redirect(url_for("trainer.review", public_id=public_id, diagnostic_id=diagnostic_id))


@bp.post("/groupes/<public_id>/participants/<diagnostic_id>/relu")
@trainer_required
def mark_reviewed(public_id: str, diagnostic_id: str) -> BaseResponse:
    cohort = services.visible_cohort(public_id)
    diagnostic = services.cohort_diagnostic(cohort, diagnostic_id)
    services.set_reviewed(diagnostic, request.form.get("reviewed") == "1")
    return redirect(url_for("trainer.review", public_id=public_id, diagnostic_id=diagnostic_id))


@bp.get("/groupes/<public_id>/participants/<diagnostic_id>/feuille-de-route.pdf")
@limiter.limit(PDF_LIMIT)
@trainer_required
def participant_pdf(public_id: str, diagnostic_id: str) -> Response | tuple[str, int]:
    """A participant's PDF roadmap, in the cohort's language."""
    cohort = services.visible_cohort(public_id)
    diagnostic = services.cohort_diagnostic(cohort, diagnostic_id)
    found = find(diagnostic.public_id)
    if found is None or not found.completed:
        abort(404)
    response = pdf_response(found.for_trainer(), cohort.lang, request.if_none_match,
                            _("Réessayez dans un instant."))
    if isinstance(response, Response):  # the PDF, or a 304: the browser shows its copy again
        access_log.record(current_user, access_log.PDF_DOWNLOADED, [diagnostic.id], cohort.id)
    return response
