"""Cohort membership, shared by both sides: a participant joins or leaves a trainer's cohort
(journey/joining.py), a trainer sees who joined (trainer/). One transaction per write."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select, update

from ..infra.codes import code_from, digest, normalise, token_from
from ..infra.extensions import db
from ..infra.unit_of_work import transaction
from ..models import Cohort, Diagnostic, Job, utcnow

JOIN_CODE_LENGTH = 6
JOIN_TOKEN_BYTES = 16
PURPOSE = "join"
WITHDRAWN = "withdrawn"  # the status of an export made before a participant left
# The version of the consent text (journey/start.html, journey/join_confirm.html and the privacy
# page): stored with each consent. Change it whenever that text changes in substance.
CONSENT_VERSION = "2026-11-27"


def invitation_of(seed: str) -> tuple[str, str]:
    """The join link's token and the join code derived from a cohort's seed."""
    return token_from(PURPOSE, seed, JOIN_TOKEN_BYTES), code_from(PURPOSE, seed, JOIN_CODE_LENGTH)


def invitation(cohort: Cohort) -> tuple[str, str] | None:
    """A cohort's join token and code, to show its trainer; None when they cannot be derived
    (a cohort from before they were hashed, or another SECRET_KEY): new ones are needed."""
    if not cohort.join_seed:
        return None
    token, code = invitation_of(cohort.join_seed)
    if digest(token) != cohort.join_token_hash or digest(code) != cohort.join_code_hash:
        return None
    return token, code


def cohort_by_token(token: str) -> Cohort | None:
    """The cohort a join link opens, if any."""
    return db.session.scalar(select(Cohort).where(Cohort.join_token_hash == digest(token[:64])))


def cohort_by_code(code: str) -> Cohort | None:
    """The cohort a short join code opens, if any (typed with spaces, dashes, lower case)."""
    canonical = normalise(code)[:16]
    return db.session.scalar(select(Cohort).where(Cohort.join_code_hash == digest(canonical)))


def cohort_by_public_id(public_id: str) -> Cohort | None:
    """A cohort by its public id, if any."""
    return db.session.scalar(select(Cohort).where(Cohort.public_id == public_id))


def join(diagnostic: Diagnostic, cohort: Cohort) -> None:
    """The participant consented: the cohort's trainer may now see the diagnostic. A collective
    diagnostic's respondent never joins (its host does): its answers are its own."""
    if diagnostic.host_id is not None:
        raise ValueError("a respondent's diagnostic joins no cohort")
    with transaction():
        diagnostic.cohort = cohort
        diagnostic.consented_at = utcnow()
        diagnostic.consent_version = CONSENT_VERSION


def withdraw_exports(cohort_ids: Collection[int]) -> int:
    """Inside a transaction: every export of these cohorts that may hold a participant who is
    leaving (queued, running or finished) can no longer be downloaded; its ZIP is dropped.
    Returns how many were withdrawn."""
    if not cohort_ids:
        return 0
    # lock them in one order first: two withdrawals at once (a purge on two machines) then
    # wait for each other instead of deadlocking (SQLite: the write lock is already held)
    live = Job.status.in_(("queued", "running", "done"))
    ids = list(db.session.scalars(select(Job.id).where(Job.cohort_id.in_(cohort_ids), live)
                                  .order_by(Job.id).with_for_update()))
    if not ids:
        return 0
    result = db.session.execute(update(Job).where(Job.id.in_(ids), live)
                                .values(status=WITHDRAWN, result=None, finished_at=utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)


def leave(diagnostic: Diagnostic) -> None:
    """The participant leaves the cohort: the trainer no longer sees the diagnostic, and no
    export of the cohort that may hold it can be downloaded any more (consent is withdrawn)."""
    with transaction():
        if diagnostic.cohort_id is not None:
            withdraw_exports([diagnostic.cohort_id])
        diagnostic.cohort_id = None
        diagnostic.consented_at = None
        diagnostic.consent_version = None
        diagnostic.reviewed_at = None
        diagnostic.named_in_group = False


def set_named(diagnostic: Diagnostic, named: bool) -> None:
    """Whether the participant agrees that its organisation be named to the group (the cohort
    overview's organisations per level, page and PDF)."""
    with transaction():
        diagnostic.named_in_group = named and diagnostic.cohort_id is not None
