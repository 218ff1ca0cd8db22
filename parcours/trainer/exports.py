"""Cohort exports: answers as CSV (with its codebook), XLSX or JSON, and a ZIP of every completed
participant's PDF with its scores."""

from __future__ import annotations

import io
import json
import zipfile
from concurrent.futures import Future
from datetime import UTC

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..infra.extensions import db
from ..infra.jobs import register
from ..infra.storage import Stored
from ..infra.storage import store as file_store
from ..infra.unit_of_work import transaction
from ..models import COMPLETED, Cohort, Diagnostic, Job, RenderedPdf, utcnow
from ..reports import service as reports
from ..reports.cache import cache_key, find
from ..reports.pdf import RenderError
from ..services import collective
from ..services.names import slug
from ..services.pdfstore import cached, delete_objects, store
from ..services.questionnaires import engine_answers, questionnaire_of
from ..web.csvfiles import csv_bytes, xlsx_bytes
from . import tables

EXPORT_ZIP = "cohort_export"


def _diagnostics(cohort: Cohort, completed_only: bool = False) -> list[Diagnostic]:
    """The cohort's diagnostics (the completed ones only, if asked), oldest first; a row the
    trainer marked as a duplicate of another is left out (its original is there)."""
    query = select(Diagnostic).where(Diagnostic.cohort_id == cohort.id,
                                     Diagnostic.duplicate_of_id.is_(None))
    if completed_only:
        query = query.where(Diagnostic.status == COMPLETED)
    return list(db.session.scalars(query.order_by(Diagnostic.id)))


def in_export(job: Job) -> list[int]:
    """The ids of the diagnostics a finished export holds; for a ZIP made before they were
    recorded, the cohort's completed diagnostics (logging too many rather than too few)."""
    ids = job.report.get("diagnostics") if isinstance(job.report, dict) else None
    if isinstance(ids, list):
        return [i for i in ids if isinstance(i, int)]
    cohort = db.session.get(Cohort, job.cohort_id) if job.cohort_id else None
    return [d.id for d in _diagnostics(cohort, completed_only=True)] if cohort else []


def cohort_diagnostics(cohort: Cohort) -> list[Diagnostic]:
    """What the answers files hold: every diagnostic of the cohort (the view logs them)."""
    return _diagnostics(cohort)


def separator_of(cohort: Cohort, asked: str | None = None) -> str:
    """The CSV separator: the one asked in the link (`?sep=;`), else the cohort's choice."""
    if asked in (",", ";"):
        return asked
    return ";" if cohort.csv_separator == ";" else ","


def answers_csv(cohort: Cohort, separator: str = ",",
                diagnostics: list[Diagnostic] | None = None) -> bytes:
    """One row per diagnostic under one header row of short labels (tables.py), in the
    cohort's language: dates, « Je ne sais pas », scores and level, then the answers as the
    participants read them. UTF-8 with a BOM for Excel; the `;` variant has decimal commas.
    The codebook (codebook_csv) says what each column is."""
    held = _diagnostics(cohort) if diagnostics is None else diagnostics
    table = tables.answers_table(held, cohort.lang or "fr")
    return csv_bytes(table.header, table.rows, separator)


def codebook_csv(cohort: Cohort, separator: str = ",") -> bytes:
    """What each column of the answers and scores files is: id, full text, part, dimension,
    possible answers (no participant in it)."""
    held = _diagnostics(cohort)
    lang = cohort.lang or "fr"
    book = tables.codebook(tables.answers_table(held[:1], lang), lang=lang) if held else \
        tables.codebook(tables.Table([], []), lang=lang)
    return csv_bytes(book.header, book.rows, separator)


def answers_xlsx(cohort: Cohort, diagnostics: list[Diagnostic] | None = None) -> bytes:
    """The same as a workbook: a sheet of answers, one of scores (completed participants), one
    codebook."""
    held = _diagnostics(cohort) if diagnostics is None else diagnostics
    lang = cohort.lang or "fr"
    answers = tables.answers_table(held, lang)
    scores = tables.scores_table([d for d in held if d.status == COMPLETED], lang)
    with force_locale(lang):
        names = (_("Réponses"), _("Scores"), _("Codebook"))
    return xlsx_bytes([(names[0], answers), (names[1], scores),
                       (names[2], tables.codebook(answers, scores, lang=lang))])


def answers_json(cohort: Cohort, diagnostics: list[Diagnostic] | None = None) -> bytes:
    """Every diagnostic of the cohort in the answers-file format of design.md."""
    items = [{"organisation": d.organisation.name, "status": d.status,
              "global_score": d.global_score, "level": d.level,
              "answers_file": {"questionnaire": d.questionnaire_key,
                               "version": d.questionnaire_version, "lang": d.lang, "answers": {
                                   k: list(v) if isinstance(v, tuple) else v
                                   for k, v in engine_answers(
                                       questionnaire_of(d), collective.stored_answers(d)).items()}}}
             for d in (_diagnostics(cohort) if diagnostics is None else diagnostics)]
    return json.dumps({"cohort": cohort.name, "diagnostics": items}, ensure_ascii=False,
                      indent=2).encode("utf-8")


def scores_csv(diagnostics: list[Diagnostic], lang: str, separator: str = ",") -> bytes:
    """The scores file of the ZIP, under one header row: global score, level, every stage and
    dimension, per participant; in the cohort's CSV format (`;` with decimal commas)."""
    table = tables.scores_table(diagnostics, lang)
    return csv_bytes(table.header, table.rows, separator)


def scores_codebook_csv(diagnostics: list[Diagnostic], lang: str, separator: str = ",") -> bytes:
    """What each column of the ZIP's scores file is."""
    book = tables.codebook(tables.scores_table(diagnostics[:1], lang), lang=lang)
    return csv_bytes(book.header, book.rows, separator)


def _ready(diagnostics: list[Diagnostic], lang: str | None) -> int:
    """How many of these diagnostics' PDFs are in the cache already, in `lang` (the cohort's;
    a comment or a completion had them rendered): one query for their keys."""
    keys = []
    for diagnostic in diagnostics:
        found = find(diagnostic.public_id)
        if found is not None and found.completed:
            keys.append(cache_key(found, lang or diagnostic.lang))
    if not keys:
        return 0
    return db.session.scalar(select(func.count()).select_from(RenderedPdf)
                             .where(RenderedPdf.key.in_(keys),
                                    RenderedPdf.object_key.is_not(None))) or 0


def create_export(cohort: Cohort, requested_by: int) -> Job:
    """A queued export job (the caller then hands it to the job runner), counting from the
    start the PDFs it will find ready: its progress page is never an empty « En attente… »."""
    diagnostics = _diagnostics(cohort, completed_only=True)
    job = Job(kind=EXPORT_ZIP, cohort_id=cohort.id, requested_by=requested_by, status="queued",
              total=len(diagnostics), done=_ready(diagnostics, cohort.lang), report={})
    with transaction():
        db.session.add(job)
    return job


STALLED = "stalled"  # the error of a job whose worker died


def expire_if_stalled(job: Job, timeout: float) -> None:
    """Mark a queued or running job failed when it has given no sign of life for `timeout`
    seconds: the process that ran it died, and nothing else will finish it."""
    if job.status not in ("queued", "running"):
        return
    job_id = job.id
    with transaction():
        found = db.session.get(Job, job_id)
        last = found.updated_at if found is not None else None
        if last is not None and last.tzinfo is None:  # SQLite gives naive UTC datetimes
            last = last.replace(tzinfo=UTC)
        if found is None or found.status not in ("queued", "running") or last is None or \
                (utcnow() - last).total_seconds() < timeout:
            return
        found.status, found.report, found.finished_at = "failed", {"error": STALLED}, utcnow()


def _progress(job: Job, done: int) -> bool:
    """Record progress; False when the job is no longer running (withdrawn, or failed after
    a timeout): its work is then thrown away."""
    with transaction():
        if job.status != "running":
            return False
        job.done = done
    return True


@register(EXPORT_ZIP)
def run_export(job_id: int) -> None:
    """Render (or take from the cache) every completed participant's PDF into one ZIP.

    HTML is prepared here; rendering runs in the export's pool of worker processes, all at
    once. A participant whose report fails is listed in the report, and the others go on.
    """
    job = db.session.get(Job, job_id)
    cohort = db.session.get(Cohort, job.cohort_id) if job and job.cohort_id else None
    if job is None or cohort is None or job.status not in ("queued", "running"):
        return
    diagnostics = _diagnostics(cohort, completed_only=True)
    held = [d.id for d in diagnostics]  # read now: the transactions below expire the objects
    with transaction():
        job.status, job.total = "running", len(diagnostics)
    failures: list[dict[str, str]] = []
    pending: list[tuple[Diagnostic, str, bytes | Future[bytes] | None, str]] = []
    work: bytes | Future[bytes] | None
    pool = reports.export_pool()
    for diagnostic in diagnostics:
        lang = cohort.lang or diagnostic.lang
        try:
            found = find(diagnostic.public_id)
            if found is None or not found.completed:
                raise ValueError("not completed")
            found = found.for_trainer()
            key = cache_key(found, lang)
            hit = cached(key)
            work = hit if hit is not None else pool.schedule(
                reports.render_html(reports.context_for(found, lang)))
            pending.append((diagnostic, key, work, lang))
        except Exception as err:  # noqa: BLE001 - one broken diagnostic must not stop the rest
            failures.append({"organisation": diagnostic.organisation.name, "error": str(err)[:200]})
            pending.append((diagnostic, "", None, lang))
    # the PDFs found in the cache are ready now; then each render as it comes
    done = sum(1 for item in pending if isinstance(item[2], bytes))
    if not _progress(job, done):
        return
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zipped:
        for number, (diagnostic, key, work, lang) in enumerate(pending, start=1):
            if work is not None:
                try:
                    data: bytes = work if isinstance(work, bytes) else pool.result(work)
                    if not isinstance(work, bytes):
                        store(diagnostic.id, key, lang, data)
                    zipped.writestr(f"{number:03d}-{slug(diagnostic.organisation.name)}.pdf", data)
                except RenderError as err:
                    failures.append({"organisation": diagnostic.organisation.name,
                                     "error": str(err)[:200]})
            if not isinstance(work, bytes):
                done += 1
                if not _progress(job, done):
                    return
        separator = separator_of(cohort)
        zipped.writestr("scores.csv", scores_csv(diagnostics, cohort.lang, separator))
        zipped.writestr("codebook.csv", scores_codebook_csv(diagnostics, cohort.lang, separator))
        if failures:
            lines = [f"{f['organisation']}: {f['error']}" for f in failures]
            zipped.writestr("erreurs.txt", "\n".join(lines) + "\n")
    put = file_store().put(f"exports/{job.public_id}.zip", archive.getvalue(), "application/zip")
    if not _finish(job, put, failures, len(diagnostics), held):
        delete_objects([put.key])


def _finish(job: Job, put: Stored, failures: list[dict[str, str]], total: int,
            held: list[int]) -> bool:
    """Record the stored ZIP on its job; False when the job was withdrawn meanwhile (a
    participant left: this ZIP may hold them), and its file must go."""
    with transaction():
        if job.status != "running":
            return False
        job.result_key, job.result_size, job.result_sha256 = put.key, put.size, put.sha256
        # which diagnostics the ZIP holds (a PDF or a line of scores.csv): each download of it
        # is logged against them (parcours/services/access_log.py)
        job.report = {"failures": failures, "pdfs": total - len(failures), "diagnostics": held}
        job.status = "done"
        job.finished_at = utcnow()
    return True
