"""The trainer workspace: cohorts, dashboard, overview, review, exports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any, TypeVar

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
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response as BaseResponse
from wtforms import SelectChoice

from ..engine import Questionnaire
from ..infra.extensions import db
from ..infra.jobs import enqueue, submit
from ..models import Cohort, Diagnostic, Job, utcnow
from ..reports import service as reports
from ..reports.cache import find
from ..reports.charts import Axis, level_rings, radar
from ..reports.context import results_context
from ..reports.history import chart
from ..reports.history import history as organisation_history
from ..reports.pdf import RenderError
from ..services import access_log, alliances, collective, plans
from ..services.cohorts import invitation
from ..services.names import slug
from ..services.questionnaires import all_questionnaires, default_key, questionnaire_of
from ..web.browser import lang
from ..web.downloads import attachment, pdf_response
from ..web.forms import ActionForm
from ..web.links import external_url
from ..web.security import PDF_LIMIT, limiter, no_store
from . import bp, exports, queries, services
from .forms import CohortForm, CommentForm

F = TypeVar("F", bound=Callable[..., Any])


def trainer_required(view: F) -> F:
    """Logged in (else the login page) and a trainer or admin (else 404)."""
    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_trainer:
            abort(404)
        return view(*args, **kwargs)
    return wrapped  # type: ignore[return-value]


def short_kinds(q: Questionnaire) -> dict[str, str]:
    """Short names of the questionnaire's organisation kinds, for table columns and filters
    (none when it asks no kind)."""
    short = {"association": _("Association"), "entreprise": _("Entreprise"),
             "collectivite": _("Collectivité"), "autre": _("Autre")}
    question = q.questions[q.index.kind_question] if q.index.kind_question else None
    return {o.value: short.get(o.value) or o.label_for(None, lang())
            for o in getattr(question, "options", ())}


@bp.route("/", methods=["GET", "POST"])
@no_store
@trainer_required
def cohorts() -> str | BaseResponse | tuple[str, int]:
    """The trainer's cohorts, and a form to create one."""
    form = CohortForm(questionnaire=default_key())
    served = all_questionnaires()
    form.questionnaire.choices = [
        SelectChoice(key, _("%(title)s (environ %(minutes)s min)", title=q.index.title.get(lang()),
                            minutes=q.index.estimated_minutes))
        for key, q in served.items()]
    if form.validate_on_submit():
        cohort = services.create_cohort(current_user, form.name.data or "", form.starts_on.data,
                                        form.ends_on.data, form.lang.data or "fr",
                                        form.questionnaire.data or default_key())
        flash(_("Groupe créé. Partagez son lien ou son code avec les participants."))
        return redirect(url_for("trainer.dashboard", public_id=cohort.public_id))
    visible = services.visible_cohorts()
    codes = {c.public_id: found[1] for c in visible if (found := invitation(c))}
    return render_template("trainer/cohorts.html", cohorts=visible, codes=codes,
                           form=form, questionnaires=served), 422 if form.errors else 200


@bp.get("/groupes/<public_id>")
@no_store
@trainer_required
def dashboard(public_id: str) -> str:
    """Participants of a cohort: sort, filter, search, paginate (SQL does the work)."""
    cohort = services.visible_cohort(public_id)
    filters = queries.Filters.from_args(request.args)
    counts = queries.counts(cohort)
    rows, total = queries.participants(cohort, filters, counts["total"])
    q = services.cohort_questionnaire(cohort)
    invite = invitation(cohort)
    return render_template(
        "trainer/dashboard.html", cohort=cohort, rows=rows, total=total, filters=filters,
        counts=counts, kinds=short_kinds(q), questionnaire=q,
        levels=[lv.label.get(lang()) for lv in q.levels],
        pages=max(1, -(-total // queries.PAGE_SIZE)), form=ActionForm(),
        join_url=external_url("journey.join_link", token=invite[0]) if invite else None,
        join_code=invite[1] if invite else None, code_url=external_url("journey.join_code"))


@bp.post("/groupes/<public_id>/invitation")
@trainer_required
def renew_invitation(public_id: str) -> BaseResponse:
    """A new join link and code for the cohort; the old ones stop working."""
    cohort = services.visible_cohort(public_id)
    services.renew_invitation(cohort)
    flash(_("Nouveau lien et nouveau code créés : les anciens ne fonctionnent plus."))
    return redirect(url_for("trainer.dashboard", public_id=public_id))


@bp.get("/groupes/<public_id>/synthese")
@no_store
@trainer_required
def overview(public_id: str) -> str:
    """What a workshop needs: mean and spread per dimension, levels, frequent recommendations."""
    cohort = services.visible_cohort(public_id)
    return render_template("trainer/overview.html", **_overview(cohort, lang()))


@bp.get("/groupes/<public_id>/synthese.pdf")
@limiter.limit(PDF_LIMIT)
@trainer_required
def overview_pdf(public_id: str) -> Response | tuple[str, int]:
    """The cohort's overview on paper, for the workshop, in the cohort's language."""
    cohort = services.visible_cohort(public_id)
    language = cohort.lang or lang()
    with force_locale(language):
        context = _overview(cohort, language)
    try:
        data = reports.render_document("reports/cohort.html", {**context, "lang": language,
                                                               "when": utcnow()})
    except RenderError:
        return render_template("errors/error.html", status=503,
                               title=_("Le PDF n'a pas pu être produit"),
                               message=_("Réessayez dans un instant.")), 503
    return attachment(data, "application/pdf", f"synthese-{slug(cohort.name)}.pdf")


def _overview(cohort: Cohort, language: str) -> dict[str, Any]:
    """The overview's figures, for the page and for its PDF."""
    q = services.cohort_questionnaire(cohort)
    stats = queries.dimension_stats(cohort)
    changes = queries.followup_changes(cohort)
    dimensions: list[dict[str, Any]] = []
    for group, stage in enumerate(q.scored_stages):
        for d in stage.dimensions:
            found = stats.get(d.id)
            dimensions.append({"id": d.id, "title": d.title.get(language), "group": group,
                               "stage": stage.title.get(language), **(found or {"n": 0}),
                               "change": changes.get(d.id)})
    axes = [Axis(str(d["title"]), d.get("mean"), int(d["group"])) for d in dimensions]
    spread = [[max(0.0, d["mean"] - d["spread"]) if d["n"] else None for d in dimensions],
              [min(100.0, d["mean"] + d["spread"]) if d["n"] else None for d in dimensions]]
    recos = {r.id: r for r in q.recommendations}
    frequent = [(recos[rid].title.get(language), n) for rid, n in
                queries.frequent_recommendations(cohort) if rid in recos]
    return {"cohort": cohort, "dimensions": dimensions, "frequent": frequent,
            "followed_up": max((c["n"] for c in changes.values()), default=0),
            "counts": queries.counts(cohort), "levels": [lv.label.get(language) for lv in q.levels],
            "questionnaire": q,
            "radar": radar(axes, _("Moyenne du groupe pour chaque dimension, sur 100"),
                           rings=level_rings([lv.min for lv in q.levels]), outlines=spread,
                           decimal="," if language == "fr" else ".")}


@bp.route("/groupes/<public_id>/participants/<diagnostic_id>", methods=["GET", "POST"])
@no_store
@trainer_required
def review(public_id: str, diagnostic_id: str) -> str | BaseResponse | tuple[str, int]:
    """A participant's results, the trainer's comments (they appear in the PDF), reviewed mark."""
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
    html = render_template(
        "trainer/review.html", cohort=cohort, diagnostic=diagnostic, snapshot=snapshot,
        comments=services.comments(diagnostic), form=form, action_form=ActionForm(),
        alliances=alliances.trainer_links(diagnostic, current_user, lang()),
        stages={s.id: s.title.get(lang()) for s in q.stages}, questionnaire=q,
        respondents=collective.respondents_of(diagnostic), **context)
    if snapshot is not None:  # the page shows results only once there are some
        access_log.record(current_user, access_log.RESULTS_VIEWED, [diagnostic.id], cohort.id)
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
    """The comments changed the report: have its new PDF ready for the next download."""
    if current_app.config["PDF_PRERENDER"]:
        submit("prerender_pdf", diagnostic_id)


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
    response = pdf_response(found, cohort.lang, request.if_none_match,
                            _("Réessayez dans un instant."))
    if isinstance(response, Response):  # the PDF, or a 304: the browser shows its copy again
        access_log.record(current_user, access_log.PDF_DOWNLOADED, [diagnostic.id], cohort.id)
    return response


@bp.get("/groupes/<public_id>/reponses.csv")
@trainer_required
def answers_csv(public_id: str) -> Response:
    """Answers, one row per diagnostic; `?sep=;` for French Excel."""
    cohort = services.visible_cohort(public_id)
    separator = ";" if request.args.get("sep") == ";" else ","
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    held = exports.cohort_diagnostics(cohort)
    response = attachment(exports.answers_csv(cohort, separator, held),
                          "text/csv; charset=utf-8",
                          f"reponses-{slug(cohort.name, 'groupe')}-{day}.csv")
    access_log.record(current_user, access_log.ANSWERS_VIEWED, [d.id for d in held], cohort.id)
    return response


@bp.get("/groupes/<public_id>/reponses.json")
@trainer_required
def answers_json(public_id: str) -> Response:
    cohort = services.visible_cohort(public_id)
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    held = exports.cohort_diagnostics(cohort)
    response = attachment(exports.answers_json(cohort, held), "application/json",
                          f"reponses-{slug(cohort.name, 'groupe')}-{day}.json")
    access_log.record(current_user, access_log.ANSWERS_VIEWED, [d.id for d in held], cohort.id)
    return response


@bp.post("/groupes/<public_id>/export")
@trainer_required
def start_export(public_id: str) -> BaseResponse:
    """Queue the ZIP of every completed participant's PDF, then show its progress."""
    cohort = services.visible_cohort(public_id)
    job = exports.create_export(cohort, current_user.id)
    enqueue(job.id)
    return redirect(url_for("trainer.export_status", job_id=job.public_id))


def _visible_job(job_id: str) -> tuple[Job, Cohort]:
    """An export job and its cohort, for the cohort's trainer (or an admin); 404 otherwise."""
    job = db.session.scalar(select(Job).where(Job.public_id == job_id))
    cohort = db.session.get(Cohort, job.cohort_id) if job and job.cohort_id else None
    if job is None or cohort is None:
        abort(404)
    services.visible_cohort(cohort.public_id)  # 404 unless the cohort is the user's
    return job, cohort


@bp.get("/exports/<job_id>")
@trainer_required
def export_status(job_id: str) -> str:
    """Progress of an export; the page refreshes itself until it is done (no JavaScript)."""
    job, cohort = _visible_job(job_id)
    exports.expire_if_stalled(job, current_app.config["JOB_TIMEOUT"])
    return render_template("trainer/export.html", job=job, cohort=cohort, form=ActionForm(),
                           stalled=job.report.get("error") == exports.STALLED)


@bp.get("/exports/<job_id>/telecharger")
@trainer_required
def export_download(job_id: str) -> Response:
    """The ZIP of an export that is done."""
    job, cohort = _visible_job(job_id)
    if job.status != "done" or job.result is None:
        abort(404)
    day = job.created_at.strftime("%Y-%m-%d")
    response = attachment(job.result, "application/zip",
                          f"feuilles-de-route-{slug(cohort.name, 'groupe')}-{day}.zip")
    access_log.record(current_user, access_log.EXPORT_DOWNLOADED, exports.in_export(job),
                      cohort.id)
    return response
