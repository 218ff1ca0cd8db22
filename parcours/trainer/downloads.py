"""A cohort's downloads: its answers as CSV or JSON, and the export job (status, then its ZIP)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from ..infra.extensions import db
from ..infra.jobs import enqueue
from ..infra.storage import Missing
from ..models import Cohort, Job
from ..services import access_log
from ..services.names import slug
from ..web.downloads import attachment, stored_file
from ..web.forms import ActionForm
from . import bp, exports, queries, services
from .access import trainer_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEFT_OUT_SHOWN = 50  # names of unfinished participants on an export's page; then a count


@bp.get("/groupes/<public_id>/reponses.csv")
@trainer_required
def answers_csv(public_id: str) -> Response:
    """Answers, one row per diagnostic, in the cohort's CSV format; `?sep=;` (French Excel)
    or `?sep=,` for the other."""
    cohort = services.visible_cohort(public_id)
    separator = exports.separator_of(cohort, request.args.get("sep"))
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    held = exports.cohort_diagnostics(cohort)
    response = attachment(exports.answers_csv(cohort, separator, held),
                          "text/csv; charset=utf-8",
                          f"reponses-{slug(cohort.name, 'groupe')}-{day}.csv")
    access_log.record(current_user, access_log.ANSWERS_VIEWED, [d.id for d in held], cohort.id)
    return response


@bp.get("/groupes/<public_id>/reponses.xlsx")
@trainer_required
def answers_xlsx(public_id: str) -> Response:
    """Answers, scores and codebook as an Excel workbook (three sheets)."""
    cohort = services.visible_cohort(public_id)
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    held = exports.cohort_diagnostics(cohort)
    response = attachment(exports.answers_xlsx(cohort, held), XLSX,
                          f"reponses-{slug(cohort.name, 'groupe')}-{day}.xlsx")
    access_log.record(current_user, access_log.ANSWERS_VIEWED, [d.id for d in held], cohort.id)
    return response


@bp.get("/groupes/<public_id>/codebook.csv")
@trainer_required
def codebook_csv(public_id: str) -> Response:
    """What each column of the answers file is (no participant's data: not logged)."""
    cohort = services.visible_cohort(public_id)
    separator = exports.separator_of(cohort, request.args.get("sep"))
    return attachment(exports.codebook_csv(cohort, separator), "text/csv; charset=utf-8",
                      f"codebook-{slug(cohort.name, 'groupe')}.csv")


@bp.post("/groupes/<public_id>/format-csv")
@trainer_required
def csv_format(public_id: str) -> BaseResponse:
    """The cohort's CSV format: `,` or `;` with decimal commas (French Excel), for its links
    and its ZIP's scores file."""
    cohort = services.visible_cohort(public_id)
    if ActionForm().validate_on_submit():
        services.set_csv_separator(cohort, request.form.get("sep", ","))
    return redirect(url_for("trainer.dashboard", public_id=public_id) + "#exports-title")


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
                           stalled=job.report.get("error") == exports.STALLED,
                           left_out=queries.unfinished(cohort, limit=LEFT_OUT_SHOWN),
                           unfinished=queries.counts(cohort)["in_progress"])


@bp.get("/exports/<job_id>/telecharger")
@trainer_required
def export_download(job_id: str) -> Response:
    """The ZIP of an export that is done."""
    job, cohort = _visible_job(job_id)
    if job.status != "done" or job.result_key is None:
        abort(404)
    day = job.created_at.strftime("%Y-%m-%d")
    try:
        response = stored_file(job.result_key, job.result_size or 0, "application/zip",
                               f"feuilles-de-route-{slug(cohort.name, 'groupe')}-{day}.zip")
    except Missing:  # withdrawn or purged a moment ago
        abort(404)
    access_log.record(current_user, access_log.EXPORT_DOWNLOADED, exports.in_export(job),
                      cohort.id)
    return response
