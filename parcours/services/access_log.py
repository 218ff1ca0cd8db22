"""The access log: each time a trainer or an admin opens a participant's results, PDF or
answers, or downloads a cohort export that holds it, one row says who, when and what.

The participant reads its diagnostic's rows (journey, « mes diagnostics »), the admin reads them
all (admin). What counts, and why (docs/privacy.md, « Journal des consultations »):

- a participant's page (its results, shown with its answers; its answers alone, on screen,
  while it has no results yet: `answers_read`), its PDF, the cohort's answers as CSV or JSON
  (one row per diagnostic in the file) and a downloaded ZIP of PDFs (one row per diagnostic
  in the ZIP) count; creating the ZIP does not, since nobody reads it until it is downloaded;
- the cohort's overview (page and PDF) shows figures of the whole group, from five
  organisations only; its grid shows each participant's scores, and each row it shows counts
  as that participant's results read (trainer/overview.py); the dashboard lists names,
  progress and levels, which joining the cohort agreed to: it is not logged per participant;
- someone opening their own diagnostic is never logged.

Writing is one INSERT … SELECT (a bulk one for exports) in its own short transaction, after the
page or file is ready; if it fails, the error is logged and the page is served all the same.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, literal, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import aliased

from ..infra.extensions import db
from ..infra.unit_of_work import transaction
from ..models import AccessLog, Cohort, Diagnostic, Organisation, User, search_key, utcnow

log = logging.getLogger(__name__)

RESULTS_VIEWED = "results_viewed"
PDF_DOWNLOADED = "pdf_downloaded"
ANSWERS_VIEWED = "answers_viewed"  # in a file of the cohort's answers
ANSWERS_READ = "answers_read"  # on screen, before there are results
EXPORT_DOWNLOADED = "export_downloaded"
REMOVED = "removed_from_cohort"  # the trainer took it out of its cohort (services/cohorts.py)
ACTIONS = (RESULTS_VIEWED, PDF_DOWNLOADED, ANSWERS_VIEWED, ANSWERS_READ, EXPORT_DOWNLOADED,
           REMOVED)
_CHUNK = 1000  # ids per INSERT: far below SQLite's and PostgreSQL's limits on parameters


def record(actor: User, action: str, diagnostic_ids: Iterable[int],
           cohort_id: int | None = None) -> int:
    """Log that `actor` did `action` to these diagnostics; the number of rows written.

    The actor's own diagnostics and ids that no longer exist are left out. Never raises: a log
    that cannot be written must not take the page down with it (the error is logged)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    ids = sorted(set(diagnostic_ids))
    if not ids:
        return 0
    # read before the transaction: it ends the request's read, which expires the user
    actor_id, name, email, role = actor.id, actor.display_name, actor.email, actor.role
    at = utcnow()
    columns = ["at", "actor_id", "actor_name", "actor_email", "actor_role", "diagnostic_id",
               "cohort_id", "action"]
    written = 0
    try:
        with transaction():
            for start in range(0, len(ids), _CHUNK):
                rows = select(
                    literal(at, AccessLog.at.type), literal(actor_id),
                    literal(name, AccessLog.actor_name.type), literal(email),
                    literal(role), Diagnostic.id, literal(cohort_id, AccessLog.cohort_id.type),
                    literal(action),
                ).where(Diagnostic.id.in_(ids[start:start + _CHUNK]),
                        or_(Diagnostic.user_id.is_(None), Diagnostic.user_id != actor_id))
                result = db.session.execute(insert(AccessLog).from_select(columns, rows))
                written += int(getattr(result, "rowcount", 0) or 0)
    except SQLAlchemyError:
        log.exception("access log: %s by user %s on %d diagnostic(s) not recorded",
                      action, actor_id, len(ids))
        return 0
    return written


@dataclass(frozen=True)
class Entry:
    """One row as the participant reads it: what, when, and who as it was named then."""

    at: datetime
    action: str
    role: str
    name: str | None


def _entries(rows: Iterable[AccessLog]) -> list[Entry]:
    return [Entry(row.at, row.action, row.actor_role, row.actor_name) for row in rows]


def recent(diagnostic_id: int, limit: int = 3) -> list[Entry]:
    """A diagnostic's latest entries, newest first."""
    return _entries(db.session.scalars(
        select(AccessLog).where(AccessLog.diagnostic_id == diagnostic_id)
        .order_by(AccessLog.at.desc(), AccessLog.id.desc()).limit(limit)))


def page_of(diagnostic_id: int, page: int, size: int = 50) -> tuple[list[Entry], int]:
    """A page of a diagnostic's entries, newest first, and how many there are."""
    total = db.session.scalar(select(func.count()).select_from(AccessLog)
                              .where(AccessLog.diagnostic_id == diagnostic_id)) or 0
    rows = db.session.scalars(
        select(AccessLog).where(AccessLog.diagnostic_id == diagnostic_id)
        .order_by(AccessLog.at.desc(), AccessLog.id.desc())
        .offset((page - 1) * size).limit(size))
    return _entries(rows), total


def every(diagnostic_id: int) -> list[Entry]:
    """All of a diagnostic's entries, oldest first (the participant's data export)."""
    return _entries(db.session.scalars(
        select(AccessLog).where(AccessLog.diagnostic_id == diagnostic_id)
        .order_by(AccessLog.at, AccessLog.id)))


def latest(diagnostic_ids: Sequence[int]) -> dict[int, Entry]:
    """Each diagnostic's latest entry, for a list of diagnostics (one query)."""
    if not diagnostic_ids:
        return {}
    newest = (select(func.max(AccessLog.id))
              .where(AccessLog.diagnostic_id.in_(list(diagnostic_ids)))
              .group_by(AccessLog.diagnostic_id))
    rows = db.session.scalars(select(AccessLog).where(AccessLog.id.in_(newest)))
    return {row.diagnostic_id: Entry(row.at, row.action, row.actor_role, row.actor_name)
            for row in rows}


@dataclass(frozen=True)
class AdminRow:
    """One row of the whole log, as the admin reads it: who, what, which participant, in which
    cohort then; and where the participant is now (its cohort's public id, to open it)."""

    at: datetime
    action: str
    role: str
    name: str | None
    email: str
    organisation: str
    cohort: str | None
    actor_id: int | None = None
    diagnostic: str = ""
    now_in: str | None = None  # the public id of the cohort the diagnostic is in now


@dataclass(frozen=True)
class AdminFilters:
    """What the admin's journal is narrowed to (all optional)."""

    actor_id: int | None = None
    cohort_id: int | None = None
    participant: str = ""  # a part of the organisation's name, as the search compares it
    since: datetime | None = None
    until: datetime | None = None


def admin_page(page: int, actor_id: int | None = None, cohort_id: int | None = None,
               size: int = 50, filters: AdminFilters | None = None
               ) -> tuple[list[AdminRow], int]:
    """A page of the whole log, newest first, narrowed by `filters` (or by one actor or one
    cohort, as before)."""
    f = filters or AdminFilters(actor_id=actor_id, cohort_id=cohort_id)
    now_in = aliased(Cohort)
    query = (select(AccessLog.at, AccessLog.action, AccessLog.actor_role, AccessLog.actor_name,
                    AccessLog.actor_email, Organisation.name, Cohort.name, AccessLog.actor_id,
                    Diagnostic.public_id, now_in.public_id)
             .join(Diagnostic, Diagnostic.id == AccessLog.diagnostic_id)
             .join(Organisation, Organisation.id == Diagnostic.organisation_id)
             .outerjoin(Cohort, Cohort.id == AccessLog.cohort_id)
             .outerjoin(now_in, now_in.id == Diagnostic.cohort_id))
    counted = select(func.count()).select_from(AccessLog)
    conditions: list[Any] = []
    if f.actor_id is not None:
        conditions.append(AccessLog.actor_id == f.actor_id)
    if f.cohort_id is not None:
        conditions.append(AccessLog.cohort_id == f.cohort_id)
    if f.since is not None:
        conditions.append(AccessLog.at >= f.since)
    if f.until is not None:
        conditions.append(AccessLog.at < f.until)
    if f.participant:
        key = search_key(f.participant)
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(AccessLog.diagnostic_id.in_(
            select(Diagnostic.id).join(Organisation, Organisation.id == Diagnostic.organisation_id)
            .where(Organisation.search_name.like(f"%{escaped}%", escape="\\"))))
    total = db.session.scalar(counted.where(*conditions)) or 0
    rows = db.session.execute(query.where(*conditions)
                              .order_by(AccessLog.at.desc(), AccessLog.id.desc())
                              .offset((page - 1) * size).limit(size))
    return [AdminRow(*tuple(row)) for row in rows], total
