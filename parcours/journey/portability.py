"""Everything about a diagnostic, for its participant to take away: a ZIP of `diagnostic.json`,
the PDFs of its latest results in French and English, and a README.txt that says what each
file is. Read only; the PDFs come through the one report service (from the cache, or rendered).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..engine import Questionnaire
from ..engine.serialize import answer_text
from ..infra.extensions import db
from ..models import Answer, Cohort, Comment, Diagnostic, Snapshot, User
from ..reports.cache import find
from ..reports.pdf import RenderError
from ..reports.service import fetch_bytes
from ..services import access_log, plans
from ..services.names import slug
from ..services.questionnaires import engine_answers, questionnaire_of
from .followup import as_seen

REPORT_LANGUAGES = ("fr", "en")


def _when(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite gives naive datetimes back: they are UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def _question_text(q: Questionnaire, qid: str, kind: str | None, lang: str) -> str | None:
    question = q.questions.get(qid)
    if question is None:
        return None  # a question of an older version of the questionnaire
    wording = question.variants.get(kind) if kind else None
    return (wording.text if wording and wording.text else question.text).get(lang)


def _answers(diagnostic: Diagnostic, q: Questionnaire, lang: str) -> list[dict[str, Any]]:
    rows = db.session.execute(select(Answer.question_id, Answer.value, Answer.updated_at)
                              .where(Answer.diagnostic_id == diagnostic.id)
                              .order_by(Answer.id)).all()
    checked = engine_answers(q, {row.question_id: row.value for row in rows})
    kind = q.kind_of(checked)
    order = {qid: n for n, qid in enumerate(q.questions)}
    items = []
    for row in sorted(rows, key=lambda r: order.get(r.question_id, len(order))):
        value = checked.get(row.question_id)
        items.append({
            "question_id": row.question_id,
            "question": _question_text(q, row.question_id, kind, lang),
            "value": row.value,
            "answer": answer_text(q, row.question_id, value, kind, lang)
            if value is not None else None,
            "updated_at": _when(row.updated_at)})
    return items


def _snapshots(diagnostic: Diagnostic) -> list[dict[str, Any]]:
    snapshots = db.session.scalars(select(Snapshot).where(Snapshot.diagnostic_id == diagnostic.id)
                                   .order_by(Snapshot.id))
    return [{"created_at": _when(s.created_at), "questionnaire": s.questionnaire_key,
             "questionnaire_version": s.questionnaire_version, "content_hash": s.content_hash,
             "global_score": s.global_score, "level": s.level,
             "latest": s.id == diagnostic.latest_snapshot_id,
             "answers": s.answers, "results": s.results} for s in snapshots]


def _comments(diagnostic: Diagnostic, q: Questionnaire, lang: str) -> list[dict[str, Any]]:
    stages = {stage.id: stage.title.get(lang) for stage in q.stages}
    rows = db.session.execute(
        select(Comment, User.display_name, Cohort.name)
        .outerjoin(User, User.id == Comment.author_id)
        .outerjoin(Cohort, Cohort.id == Comment.cohort_id)
        .where(Comment.diagnostic_id == diagnostic.id).order_by(Comment.created_at, Comment.id))
    # the author's display name, never the e-mail: what the results page shows
    return [{"about": stages.get(c.stage_id, c.stage_id) if c.stage_id else None,
             "text": c.text, "author": author or None, "cohort": cohort,
             "created_at": _when(c.created_at), "updated_at": _when(c.updated_at)}
            for c, author, cohort in rows]


def _cohorts(diagnostic: Diagnostic) -> list[dict[str, Any]]:
    cohort = diagnostic.cohort
    if cohort is None:
        return []
    return [{"name": cohort.name, "trainer": cohort.trainer.shown_name,
             "consented_at": _when(diagnostic.consented_at),
             "consent_text_version": diagnostic.consent_version,
             "reviewed_by_trainer_at": _when(diagnostic.reviewed_at)}]


def _accesses(diagnostic: Diagnostic) -> list[dict[str, Any]]:
    """Who opened it among trainers and admins (services/access_log.py), oldest first: their
    display name as it was then, never their e-mail, as the participant's pages show it."""
    return [{"at": _when(e.at), "action": e.action, "by_role": e.role, "by": e.name}
            for e in access_log.every(diagnostic.id)]


def document(diagnostic: Diagnostic, lang: str) -> dict[str, Any]:
    """`diagnostic.json`: what the database holds about the diagnostic, question texts and
    labels in `lang`. Never its resume link or code (only their hashes are stored)."""
    q = questionnaire_of(diagnostic)
    owner = db.session.get(User, diagnostic.user_id) if diagnostic.user_id else None
    return {
        "exported_at": _when(datetime.now(UTC)),
        "diagnostic": {
            "id": diagnostic.public_id, "organisation": diagnostic.organisation.name,
            "organisation_kind": diagnostic.organisation.kind or None,
            "questionnaire": diagnostic.questionnaire_key,
            "questionnaire_title": q.index.title.get(lang),
            "questionnaire_version": diagnostic.questionnaire_version,
            "lang": diagnostic.lang, "status": diagnostic.status,
            "progress_percent": diagnostic.progress, "global_score": diagnostic.global_score,
            "level": diagnostic.level, "created_at": _when(diagnostic.created_at),
            "updated_at": _when(diagnostic.updated_at),
            "completed_at": _when(diagnostic.completed_at),
            "comments_read_at": _when(diagnostic.comments_seen_at),
            "account": owner.email if owner else None,
            "notify_email": diagnostic.notify_email},  # kept for notices (journey/mails.py)
        "answers": _answers(diagnostic, q, lang),
        "snapshots": _snapshots(diagnostic),
        "comments": _comments(diagnostic, q, lang),
        "cohorts": _cohorts(diagnostic),
        "accesses": _accesses(diagnostic),
        "plan": [{"recommendation": rid, **row, "due_on": plans.when(row["due_on"]) or None}
                 for rid, row in plans.state(diagnostic.id).items()],
    }


def _readme(files: dict[str, str], missing: list[str], lang: str) -> str:
    with force_locale(lang):
        lines = [_("Vos données : un diagnostic exporté le %(date)s.",
                   date=datetime.now(UTC).strftime("%Y-%m-%d")), "",
                 _("Ce fichier ZIP contient tout ce que le site conserve sur ce diagnostic :"), ""]
        lines += [f"- {name} : {what}" for name, what in files.items()]
        if missing:
            lines += ["", _("La feuille de route (PDF) n'a pas pu être produite %(languages)s : "
                            "réessayez un peu plus tard.", languages=", ".join(missing))]
        lines += ["", _("Les dates sont en temps universel (UTC), au format ISO 8601. Le lien "
                        "et le code de reprise n'y figurent pas : le site n'en garde qu'une "
                        "empreinte."), ""]
    return "\n".join(lines)


def archive(diagnostic: Diagnostic, lang: str) -> tuple[bytes, str]:
    """The ZIP and its file name. A PDF that cannot be rendered now is left out and named in
    README.txt: the rest of the data is still given."""
    data = json.dumps(document(diagnostic, lang), ensure_ascii=False, indent=2)
    with force_locale(lang):
        files = {"diagnostic.json": _("vos réponses (avec le texte des questions), vos "
                                      "résultats, les commentaires de votre formateur, les "
                                      "groupes rejoints et la date de votre accord, qui l'a "
                                      "consulté parmi les formateurs et administrateurs, et "
                                      "les informations du diagnostic")}
    pdfs: dict[str, bytes] = {}
    missing: list[str] = []
    found = find(diagnostic.public_id)
    found = as_seen(found) if found is not None else None
    if found is not None and found.completed:
        for report_lang in REPORT_LANGUAGES:
            try:
                fetched, pdf = fetch_bytes(found, report_lang)
            except RenderError:
                with force_locale(lang):
                    missing.append(_("en français") if report_lang == "fr" else _("en anglais"))
                continue
            name = f"{report_lang}-{fetched.file_name}"
            pdfs[name] = pdf
            with force_locale(lang):
                files[name] = _("votre feuille de route (PDF), en français") \
                    if report_lang == "fr" else _("votre feuille de route (PDF), en anglais")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("README.txt", _readme({"README.txt": _readme_self(lang), **files},
                                              missing, lang))
        zipped.writestr("diagnostic.json", data)
        for name, pdf in pdfs.items():
            zipped.writestr(name, pdf)
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    return buffer.getvalue(), f"mes-donnees-{slug(diagnostic.organisation.name)}-{day}.zip"


def _readme_self(lang: str) -> str:
    with force_locale(lang):
        return _("ce fichier")
