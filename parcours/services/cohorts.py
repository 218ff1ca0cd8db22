"""Cohort membership, shared by both sides: a participant joins or leaves a trainer's cohort
(journey/joining.py), a trainer sees who joined (trainer/). One transaction per write."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import or_, select, update

from ..infra.codes import code_from, digest, normalise, token_from
from ..infra.extensions import db
from ..infra.unit_of_work import after_commit, transaction
from ..models import (
    AccessLog,
    Cohort,
    CohortHandover,
    Diagnostic,
    Job,
    Organisation,
    User,
    utcnow,
)
from .pdfstore import delete_objects

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
    leaving (queued, running or finished) can no longer be downloaded; its ZIP leaves the
    store once the transaction commits. Returns how many were withdrawn."""
    if not cohort_ids:
        return 0
    # lock them in one order first: two withdrawals at once (a purge on two machines) then
    # wait for each other instead of deadlocking (SQLite: the write lock is already held)
    live = Job.status.in_(("queued", "running", "done"))
    ids = list(db.session.scalars(select(Job.id).where(Job.cohort_id.in_(cohort_ids), live)
                                  .order_by(Job.id).with_for_update()))
    if not ids:
        return 0
    files = [key for key in db.session.scalars(select(Job.result_key).where(Job.id.in_(ids)))
             if key]
    result = db.session.execute(update(Job).where(Job.id.in_(ids), live).values(
        status=WITHDRAWN, result_key=None, result_size=None, result_sha256=None,
        finished_at=utcnow()))
    if files:
        after_commit(lambda: delete_objects(files))
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


REMOVED = "removed_from_cohort"  # access_log's action (services/access_log.py says the same)


def remove(diagnostic: Diagnostic, actor: User) -> None:
    """The trainer takes a participant out of its cohort (a duplicate, a test, an abandoned
    start): as when the participant leaves, the trainer no longer sees it and the cohort's
    exports that may hold it are withdrawn; the participant keeps its diagnostic and its link,
    and its results page says who removed it (a row of the access log, in the same
    transaction)."""
    if diagnostic.cohort_id is None:
        return
    diagnostic_id, cohort_id = diagnostic.id, diagnostic.cohort_id
    actor_id, name, email, role = actor.id, actor.display_name, actor.email, actor.role
    with transaction():
        withdraw_exports([cohort_id])
        db.session.execute(update(Diagnostic).where(
            or_(Diagnostic.id == diagnostic_id, Diagnostic.duplicate_of_id == diagnostic_id))
            .values(duplicate_of_id=None, updated_at=Diagnostic.updated_at))
        db.session.execute(update(Diagnostic).where(Diagnostic.id == diagnostic_id).values(
            cohort_id=None, consented_at=None, consent_version=None, reviewed_at=None,
            named_in_group=False, updated_at=Diagnostic.updated_at))
        db.session.add(AccessLog(at=utcnow(), actor_id=actor_id, actor_name=name,
                                 actor_email=email, actor_role=role,
                                 diagnostic_id=diagnostic_id, cohort_id=cohort_id,
                                 action=REMOVED))
    db.session.expire(diagnostic)


def mark_duplicate(diagnostic: Diagnostic, original: Diagnostic | None) -> None:
    """Mark a row as a duplicate of another row of the same cohort and organisation name
    (counts and exports keep the original only), or unmark it (`original` None). ValueError
    for another cohort, another organisation or itself."""
    if original is not None:
        if original.id == diagnostic.id or original.cohort_id != diagnostic.cohort_id or \
                original.cohort_id is None or original.duplicate_of_id is not None or \
                original.organisation.search_name != diagnostic.organisation.search_name:
            raise ValueError("not a duplicate of that row")
    diagnostic_id = diagnostic.id
    original_id = original.id if original is not None else None
    with transaction():
        db.session.execute(update(Diagnostic).where(Diagnostic.id == diagnostic_id).values(
            duplicate_of_id=original_id, updated_at=Diagnostic.updated_at))
        if original_id is not None:  # what pointed to this row now points to the original
            db.session.execute(update(Diagnostic).where(
                Diagnostic.duplicate_of_id == diagnostic_id).values(
                duplicate_of_id=original_id, updated_at=Diagnostic.updated_at))
    db.session.expire(diagnostic)


def same_organisation(diagnostic: Diagnostic) -> list[Diagnostic]:
    """The other rows of the diagnostic's cohort whose organisation has the same name (as the
    search compares names), that are not duplicates themselves: what it may duplicate."""
    if diagnostic.cohort_id is None:
        return []
    return list(db.session.scalars(
        select(Diagnostic).join(Organisation)
        .where(Diagnostic.cohort_id == diagnostic.cohort_id, Diagnostic.id != diagnostic.id,
               Diagnostic.duplicate_of_id.is_(None),
               Organisation.search_name == diagnostic.organisation.search_name)
        .order_by(Diagnostic.created_at)))


@dataclass(frozen=True)
class Handover:
    """A cohort handed from one trainer to another: names as they were then."""

    at: datetime
    from_name: str | None
    from_email: str
    to_name: str | None


def latest_handover(cohort_id: int | None) -> Handover | None:
    """The cohort's latest hand-over, if any."""
    if cohort_id is None:
        return None
    row = db.session.scalar(select(CohortHandover).where(CohortHandover.cohort_id == cohort_id)
                            .order_by(CohortHandover.at.desc(), CohortHandover.id.desc())
                            .limit(1))
    return Handover(row.at, row.from_name, row.from_email, row.to_name) if row else None


@dataclass(frozen=True)
class Removal:
    """The trainer took the diagnostic out of its cohort."""

    at: datetime
    by: str | None  # the trainer's display name then (never its e-mail)
    cohort: str | None


@dataclass(frozen=True)
class News:
    """What a participant's results page says of its cohort beyond membership."""

    handover: Handover | None = None
    removal: Removal | None = None


def news(diagnostic: Diagnostic) -> News:
    """Its cohort was handed to another trainer after the participant agreed to the first;
    or, out of any cohort, a trainer removed it (the latest removal)."""
    if diagnostic.cohort_id is not None:
        handover = latest_handover(diagnostic.cohort_id)
        agreed = diagnostic.consented_at
        if handover is not None and (agreed is None or _aware(handover.at) > _aware(agreed)):
            return News(handover=handover)
        return News()
    row = db.session.execute(
        select(AccessLog.at, AccessLog.actor_name, Cohort.name)
        .outerjoin(Cohort, Cohort.id == AccessLog.cohort_id)
        .where(AccessLog.diagnostic_id == diagnostic.id, AccessLog.action == REMOVED)
        .order_by(AccessLog.at.desc(), AccessLog.id.desc()).limit(1)).first()
    return News(removal=Removal(row[0], row[1], row[2])) if row else News()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite gives naive UTC


def set_named(diagnostic: Diagnostic, named: bool) -> None:
    """Whether the participant agrees that its organisation be named to the group (the cohort
    overview's organisations per level, page and PDF)."""
    with transaction():
        diagnostic.named_in_group = named and diagnostic.cohort_id is not None
