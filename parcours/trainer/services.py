"""Writes of the trainer workspace, one transaction each (membership: services/cohorts.py)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError

from ..engine import Questionnaire
from ..infra.codes import digest, new_seed
from ..infra.extensions import db
from ..infra.unit_of_work import transaction
from ..mail import outbox
from ..models import Cohort, Comment, Diagnostic, User, utcnow
from ..services.cohorts import invitation_of
from ..services.questionnaires import DEFAULT_KEY, all_questionnaires, default_key

COMMENT_NOTICE_QUIET = 3600  # seconds after a comment notice during which no other one goes


def _new_invitation(cohort: Cohort) -> None:
    """A new seed, and the hashes of the join token and code derived from it."""
    seed = new_seed()
    token, code = invitation_of(seed)
    cohort.join_seed = seed
    cohort.join_token_hash, cohort.join_code_hash = digest(token), digest(code)


def create_cohort(trainer: User, name: str, starts_on: date | None, ends_on: date | None,
                  lang: str, questionnaire_key: str | None = None) -> Cohort:
    """A cohort for one questionnaire (the default one unless said), with its join link token
    and a short join code (unique, retried if taken)."""
    trainer_id = trainer.id
    key = questionnaire_key or default_key() or DEFAULT_KEY
    for _ in range(5):
        cohort = Cohort(trainer_id=trainer_id, name=name.strip(), starts_on=starts_on,
                        ends_on=ends_on, lang=lang, questionnaire_key=key)
        _new_invitation(cohort)
        try:
            with transaction():
                db.session.add(cohort)
            return cohort
        except IntegrityError:  # a code already in use: draw another
            continue
    raise RuntimeError("could not draw a free join code")


def renew_invitation(cohort: Cohort) -> None:
    """A new join link and code; the old ones stop working (who joined stays)."""
    for _ in range(5):
        try:
            with transaction():
                _new_invitation(cohort)
            return
        except IntegrityError:  # a code already in use: draw another
            continue
    raise RuntimeError("could not draw a free join code")


def visible_cohorts() -> list[Cohort]:
    """The current user's cohorts (every cohort for an admin), newest first."""
    query = select(Cohort).order_by(Cohort.created_at.desc())
    if not current_user.is_admin:
        query = query.where(Cohort.trainer_id == current_user.id)
    return list(db.session.scalars(query))


def visible_cohort_ids() -> Select[int]:
    """The ids of the current user's cohorts (every cohort's for an admin), as a subquery."""
    query = select(Cohort.id)
    if not current_user.is_admin:
        query = query.where(Cohort.trainer_id == current_user.id)
    return query


def visible_cohort(public_id: str) -> Cohort:
    """A cohort its trainer (or an admin) may see; 404 for anyone else."""
    cohort = db.session.scalar(select(Cohort).where(Cohort.public_id == public_id))
    if cohort is None or not (current_user.is_admin or cohort.trainer_id == current_user.id):
        abort(404)
    return cohort


def cohort_questionnaire(cohort: Cohort) -> Questionnaire:
    """The questionnaire a cohort was created for (503 when it is no longer served)."""
    found = all_questionnaires().get(cohort.questionnaire_key)
    if found is None:
        abort(503)
    return found


def cohort_diagnostic(cohort: Cohort, public_id: str) -> Diagnostic:
    """A participant's diagnostic within a visible cohort; 404 otherwise."""
    diagnostic = db.session.scalar(select(Diagnostic).where(
        Diagnostic.public_id == public_id, Diagnostic.cohort_id == cohort.id))
    if diagnostic is None:
        abort(404)
    return diagnostic


def add_comment(diagnostic: Diagnostic, author: User, stage_id: str | None, text: str) -> Comment:
    """A trainer's comment on a diagnostic (or on one of its stages); it appears in the PDF.
    A participant who left its address is told, once an hour at most."""
    comment = Comment(diagnostic_id=diagnostic.id, author_id=author.id,
                      cohort_id=diagnostic.cohort_id, stage_id=stage_id or None,
                      text=text.strip())
    with transaction():
        db.session.add(comment)
        outbox.notify(diagnostic, outbox.NEW_COMMENT,
                      quiet_since=utcnow() - timedelta(seconds=COMMENT_NOTICE_QUIET))
    return comment


def delete_comment(diagnostic: Diagnostic, comment_id: int) -> None:
    """Delete a comment of this diagnostic written in its present cohort; 404 for any other."""
    diagnostic_id, cohort_id = diagnostic.id, diagnostic.cohort_id
    with transaction():
        comment = db.session.get(Comment, comment_id)
        if comment is None or comment.diagnostic_id != diagnostic_id or \
                comment.cohort_id is None or comment.cohort_id != cohort_id:
            abort(404)
        db.session.delete(comment)


def comments(diagnostic: Diagnostic) -> list[Comment]:
    """The comments on a diagnostic written in its present cohort, oldest first."""
    return list(db.session.scalars(select(Comment).where(
        Comment.diagnostic_id == diagnostic.id, Comment.cohort_id == diagnostic.cohort_id)
        .order_by(Comment.created_at, Comment.id)))


def set_reviewed(diagnostic: Diagnostic, reviewed: bool) -> None:
    """Mark a diagnostic as reviewed by the trainer, or not."""
    diagnostic_id = diagnostic.id
    with transaction():
        # « last activity » is the participant's: updated_at is written as it was, so that its
        # onupdate does not move it when the trainer marks a diagnostic
        db.session.execute(update(Diagnostic).where(Diagnostic.id == diagnostic_id).values(
            reviewed_at=utcnow() if reviewed else None, updated_at=Diagnostic.updated_at))
    db.session.expire(diagnostic)


def set_csv_separator(cohort: Cohort, separator: str) -> None:
    """The cohort's CSV format: `;` (with decimal commas, for French Excel) or `,`."""
    with transaction():
        cohort.csv_separator = ";" if separator == ";" else ","


def set_display_name(user: User, name: str) -> None:
    """The name participants read for this trainer (an empty one: « votre formateur »)."""
    cleaned = " ".join(name.split())[:120] or None
    with transaction():
        user.display_name = cleaned
