"""Writes of the trainer workspace and of cohort membership, one transaction each."""

from __future__ import annotations

import secrets
from datetime import date

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Cohort, Comment, Diagnostic, User, utcnow

JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(6))


def create_cohort(trainer: User, name: str, starts_on: date | None, ends_on: date | None,
                  lang: str) -> Cohort:
    """A cohort with its join link token and a short join code (unique, retried if taken)."""
    for _ in range(5):
        cohort = Cohort(trainer_id=trainer.id, name=name.strip(), starts_on=starts_on,
                        ends_on=ends_on, lang=lang, join_token=secrets.token_urlsafe(16),
                        join_code=_join_code())
        db.session.add(cohort)
        try:
            db.session.commit()
            return cohort
        except IntegrityError:  # a code already in use: draw another
            db.session.rollback()
    raise RuntimeError("could not draw a free join code")


def cohort_by_token(token: str) -> Cohort | None:
    return db.session.scalar(select(Cohort).where(Cohort.join_token == token[:64]))


def cohort_by_code(code: str) -> Cohort | None:
    canonical = "".join(ch for ch in code.upper() if ch.isalnum())[:16]
    return db.session.scalar(select(Cohort).where(Cohort.join_code == canonical))


def join(diagnostic: Diagnostic, cohort: Cohort) -> None:
    """The participant consented: the cohort's trainer may now see the diagnostic."""
    diagnostic.cohort_id = cohort.id
    diagnostic.consented_at = utcnow()
    db.session.commit()


def leave(diagnostic: Diagnostic) -> None:
    """The participant leaves the cohort: the trainer no longer sees the diagnostic."""
    diagnostic.cohort_id = None
    diagnostic.consented_at = None
    diagnostic.reviewed_at = None
    db.session.commit()


def visible_cohorts() -> list[Cohort]:
    """The current user's cohorts (every cohort for an admin), newest first."""
    query = select(Cohort).order_by(Cohort.created_at.desc())
    if not current_user.is_admin:
        query = query.where(Cohort.trainer_id == current_user.id)
    return list(db.session.scalars(query))


def visible_cohort(public_id: str) -> Cohort:
    """A cohort its trainer (or an admin) may see; 404 for anyone else."""
    cohort = db.session.scalar(select(Cohort).where(Cohort.public_id == public_id))
    if cohort is None or not (current_user.is_admin or cohort.trainer_id == current_user.id):
        abort(404)
    return cohort


def cohort_diagnostic(cohort: Cohort, public_id: str) -> Diagnostic:
    """A participant's diagnostic within a visible cohort; 404 otherwise."""
    diagnostic = db.session.scalar(select(Diagnostic).where(
        Diagnostic.public_id == public_id, Diagnostic.cohort_id == cohort.id))
    if diagnostic is None:
        abort(404)
    return diagnostic


def add_comment(diagnostic: Diagnostic, author: User, stage_id: str | None, text: str) -> Comment:
    comment = Comment(diagnostic_id=diagnostic.id, author_id=author.id,
                      stage_id=stage_id or None, text=text.strip())
    db.session.add(comment)
    db.session.commit()
    return comment


def delete_comment(diagnostic: Diagnostic, comment_id: int) -> None:
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.diagnostic_id != diagnostic.id:
        abort(404)
    db.session.delete(comment)
    db.session.commit()


def comments(diagnostic: Diagnostic) -> list[Comment]:
    return list(db.session.scalars(select(Comment).where(Comment.diagnostic_id == diagnostic.id)
                                   .order_by(Comment.created_at, Comment.id)))


def set_reviewed(diagnostic: Diagnostic, reviewed: bool) -> None:
    diagnostic.reviewed_at = utcnow() if reviewed else None
    db.session.commit()
