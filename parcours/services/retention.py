"""How long data is kept, and the purge that deletes what has expired (`flask parcours purge`).

The policy (docs/privacy.md, « Retention »; each figure from the environment, 0 keeps forever):
diagnostics in progress untouched for 12 months, completed ones untouched for 36 months (their
participant's last activity, `diagnostic.updated_at`), cohort exports after 7 days, access-log
entries after 12 months; organisations that no diagnostic uses any more go with them.

Safe to run from cron on every machine at once: each category deletes in batches, each batch one
short transaction that picks its rows by a WHERE on dates and locks them (PostgreSQL: `FOR UPDATE
SKIP LOCKED`, so two runs take different rows; SQLite: the writer queue); a row deleted by the
other run is simply not there any more. The files of the rows (PDFs, export ZIPs, in the file
store) are deleted once their batch commits, and what is already gone is ignored. Last, the
sweep deletes any file that no row points to and that is older than an hour (one whose
deletion failed, say, the store being unreachable for a moment).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, delete, func, not_, or_, select

from ..infra.database import scrub
from ..infra.extensions import db
from ..infra.storage import store as file_store
from ..infra.unit_of_work import after_commit, transaction
from ..models import COMPLETED, IN_PROGRESS, Job, RenderedPdf, utcnow
from .erasure import delete_unused_organisations, erase, unused_organisations
from .pdfstore import delete_objects

BATCH = 200  # rows per transaction: a purge never holds the write lock for long


def months_before(moment: datetime, months: int) -> datetime:
    """The same day `months` calendar months earlier (the 31st becomes the month's last day)."""
    month = moment.month - 1 - months
    year = moment.year + month // 12
    month = month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class Policy:
    """Retention periods (0: kept forever) and the moment the purge runs."""

    in_progress_months: int = 12
    completed_months: int = 36
    exports_days: int = 7
    access_log_months: int = 12
    mail_months: int = 12
    now: datetime = field(default_factory=utcnow)

    @classmethod
    def from_config(cls, config: Mapping[str, Any], now: datetime | None = None) -> Policy:
        """The policy of the app's settings (parcours/config.py)."""
        return cls(config["RETAIN_IN_PROGRESS_MONTHS"], config["RETAIN_COMPLETED_MONTHS"],
                   config["RETAIN_EXPORTS_DAYS"], config["RETAIN_ACCESS_LOG_MONTHS"],
                   config["RETAIN_MAIL_MONTHS"], now or utcnow())

    def months_ago(self, months: int) -> datetime | None:
        return months_before(self.now, months) if months > 0 else None

    def days_ago(self, days: int) -> datetime | None:
        return self.now - timedelta(days=days) if days > 0 else None


Condition = ColumnElement[bool]


@dataclass(frozen=True)
class Purgeable:
    """One kind of data the purge deletes.

    `expired(policy, table)` is the WHERE of its expired rows (None: the policy keeps them
    forever); `erase(ids)` deletes those rows inside the batch's transaction and returns how
    many it deleted; `after(ids)` runs after the commit (caches, files; what is missing is
    ignored). `planned`, when given, is what a dry run counts instead of `expired`: for a
    kind whose expiry depends on an earlier one's deletions (organisations left unused)."""

    label: Callable[[Policy], str]
    table: str
    expired: Callable[[Policy, Table], Condition | None]
    erase: Callable[[list[int]], int]
    after: Callable[[list[int]], None] = lambda ids: None
    planned: Callable[[Policy, Table], Condition | None] | None = None


def _diagnostics_expired(status: str, months: Callable[[Policy], int]) -> Callable[
        [Policy, Table], Condition | None]:
    def expired(policy: Policy, table: Table) -> Condition | None:
        cutoff = policy.months_ago(months(policy))
        if cutoff is None:
            return None
        return and_(table.c.status == status, table.c.updated_at < cutoff)
    return expired


_in_progress_expired = _diagnostics_expired(IN_PROGRESS, lambda p: p.in_progress_months)
_completed_expired = _diagnostics_expired(COMPLETED, lambda p: p.completed_months)


def _any_diagnostic_expired(policy: Policy, table: Table) -> Condition:
    conditions = [c for c in (_in_progress_expired(policy, table),
                              _completed_expired(policy, table)) if c is not None]
    return or_(*conditions) if conditions else table.c.id.is_(None)


def _organisations_planned(policy: Policy, table: Table) -> Condition:
    """Organisations whose every diagnostic expires now (or that have none)."""
    diagnostic = db.metadata.tables["diagnostic"]
    kept = select(diagnostic.c.id).where(diagnostic.c.organisation_id == table.c.id,
                                         not_(_any_diagnostic_expired(policy, diagnostic)))
    return ~kept.exists()


def _erase_diagnostics(ids: list[int]) -> int:
    return erase(ids, organisations=False).diagnostics


def _erase_organisations(ids: list[int]) -> int:
    return delete_unused_organisations(ids)


def _delete_by_id(table_name: str) -> Callable[[list[int]], int]:
    def delete_rows(ids: list[int]) -> int:
        table = db.metadata.tables[table_name]
        result = db.session.execute(delete(table).where(table.c.id.in_(ids)))
        return int(getattr(result, "rowcount", 0) or 0)
    return delete_rows


def _erase_jobs(ids: list[int]) -> int:
    """Delete these jobs, and their ZIPs from the store once the batch commits."""
    files = [key for key in db.session.scalars(select(Job.result_key).where(Job.id.in_(ids)))
             if key]
    if files:
        after_commit(lambda: delete_objects(files))
    return _delete_by_id("job")(ids)


def _older_than(column: str, cutoff: Callable[[Policy], datetime | None]) -> Callable[
        [Policy, Table], Condition | None]:
    def expired(policy: Policy, table: Table) -> Condition | None:
        moment = cutoff(policy)
        return None if moment is None else table.c[column] < moment
    return expired


# In the order they run: organisations after the diagnostics that used them.
PURGEABLE: list[Purgeable] = [
    Purgeable(lambda p: f"diagnostics in progress, untouched for {p.in_progress_months} months",
              "diagnostic", _in_progress_expired, _erase_diagnostics),
    Purgeable(lambda p: f"completed diagnostics, untouched for {p.completed_months} months",
              "diagnostic", _completed_expired, _erase_diagnostics),
    Purgeable(lambda p: "organisations without a diagnostic", "organisation",
              lambda p, t: unused_organisations(), _erase_organisations,
              planned=_organisations_planned),
    Purgeable(lambda p: f"cohort exports older than {p.exports_days} days", "job",
              _older_than("created_at", lambda p: p.days_ago(p.exports_days)), _erase_jobs),
    # HOOK for the access log (issue 16, item 4, branch rgpd-admin): its table `access_log`,
    # dated by `at`. Until that table is part of the models, this line reads « not on this
    # version ». At merge: check the table and column names, nothing else to do.
    Purgeable(lambda p: f"access-log entries older than {p.access_log_months} months",
              "access_log", _older_than("at", lambda p: p.months_ago(p.access_log_months)),
              _delete_by_id("access_log")),
    # the outbox: a message's row (a masked recipient once sent; the full one if it failed)
    Purgeable(lambda p: f"e-mails older than {p.mail_months} months", "mail",
              _older_than("created_at", lambda p: p.months_ago(p.mail_months)),
              _delete_by_id("mail")),
    # one-time password links are of no use once expired (used ones are deleted when used)
    Purgeable(lambda p: "expired password links", "password_reset",
              lambda p, table: table.c.expires_at < p.now, _delete_by_id("password_reset")),
]


@dataclass(frozen=True)
class Outcome:
    """One line of the purge's report: a kind of data and how many rows went (or would go);
    `count` is None when the kind does not exist here or the policy keeps it forever."""

    label: str
    count: int | None
    note: str = ""

    def line(self) -> str:
        return f"{self.label}: {self.count if self.count is not None else self.note}"


def _run(item: Purgeable, policy: Policy, dry_run: bool) -> Outcome:
    label = item.label(policy)
    table = db.metadata.tables.get(item.table)
    if table is None:
        return Outcome(label, None, "not on this version")
    expired = item.expired(policy, table)
    counted = (item.planned or item.expired)(policy, table) if dry_run else expired
    if expired is None or counted is None:
        return Outcome(label, None, "kept (retention 0)")
    if dry_run:
        return Outcome(label, int(db.session.scalar(
            select(func.count()).select_from(table).where(counted)) or 0))
    total = 0
    while True:
        with transaction():
            ids = list(db.session.scalars(
                select(table.c.id).where(expired).order_by(table.c.id).limit(BATCH)
                .with_for_update(skip_locked=True)))
            deleted = item.erase(ids) if ids else 0
        if ids:
            item.after(ids)
        total += deleted
        if not ids or not deleted:
            return Outcome(label, total)


SWEEP_AFTER = timedelta(hours=1)  # a file is stored a moment before its row is written


def sweep(now: datetime, dry_run: bool = False) -> int:
    """Delete (or count) the files of the store that no row points to, older than an hour."""
    kept = set(db.session.scalars(select(RenderedPdf.object_key)
                                  .where(RenderedPdf.object_key.is_not(None))))
    kept |= set(db.session.scalars(select(Job.result_key).where(Job.result_key.is_not(None))))
    db.session.rollback()
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    stray = [found.key for prefix in ("pdf/", "exports/")
             for found in file_store().listing(prefix)
             if found.key not in kept and found.modified < now - SWEEP_AFTER]
    if stray and not dry_run:
        delete_objects(stray)
    return len(stray)


def purge(policy: Policy, dry_run: bool = False) -> list[Outcome]:
    """Delete (or, in a dry run, count) what the policy says has expired, kind by kind; then
    the store's files that no row points to any more."""
    outcomes = [_run(item, policy, dry_run) for item in PURGEABLE]
    outcomes.append(Outcome("files in the store without a row",
                            sweep(policy.now, dry_run)))
    db.session.rollback()  # a dry run's reads: end them
    if not dry_run and any(outcome.count for outcome in outcomes):
        scrub()
    return outcomes
