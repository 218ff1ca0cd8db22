"""Cohort membership, shared by both sides: a participant joins or leaves a trainer's cohort
(journey/joining.py), a trainer sees who joined (trainer/). One transaction per write."""

from __future__ import annotations

from sqlalchemy import select

from .codes import normalise
from .extensions import db
from .models import Cohort, Diagnostic, utcnow
from .unit_of_work import transaction

JOIN_CODE_LENGTH = 6


def cohort_by_token(token: str) -> Cohort | None:
    """The cohort a join link opens, if any."""
    return db.session.scalar(select(Cohort).where(Cohort.join_token == token[:64]))


def cohort_by_code(code: str) -> Cohort | None:
    """The cohort a short join code opens, if any (typed with spaces, dashes, lower case)."""
    canonical = normalise(code)[:16]
    return db.session.scalar(select(Cohort).where(Cohort.join_code == canonical))


def cohort_by_public_id(public_id: str) -> Cohort | None:
    """A cohort by its public id, if any."""
    return db.session.scalar(select(Cohort).where(Cohort.public_id == public_id))


def join(diagnostic: Diagnostic, cohort: Cohort) -> None:
    """The participant consented: the cohort's trainer may now see the diagnostic."""
    with transaction():
        diagnostic.cohort = cohort
        diagnostic.consented_at = utcnow()


def leave(diagnostic: Diagnostic) -> None:
    """The participant leaves the cohort: the trainer no longer sees the diagnostic."""
    with transaction():
        diagnostic.cohort_id = None
        diagnostic.consented_at = None
        diagnostic.reviewed_at = None
