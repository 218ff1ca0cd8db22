"""The admins' audit log (issue 30, M5): every admin action on an account or a cohort, kept
where no admin can change it.

A row is added in the same transaction as the action it records (an account created, a one-time
password link issued, an account disabled or enabled, cohorts handed over), and when a link an
admin issued for someone else's account is used: the link's own row is deleted then, the audit
row stays, with both names. The table is append-only in the database itself (the triggers of
migration c1a5d7e9b3f2 refuse UPDATE and DELETE), this module only inserts and reads, and no
route edits or deletes a row. The admin reads it in « Journal des consultations ».
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from ..infra.extensions import db
from ..models import AdminAudit, User

ACCOUNT_CREATED = "account_created"
LINK_ISSUED = "link_issued"
LINK_USED = "link_used"  # a link issued by an admin for someone else's account
DISABLED = "disabled"
ENABLED = "enabled"
HANDED_OVER = "cohorts_handed_over"
PASSWORD_SET = "password_set"  # noqa: S105 - an action's name; from the command line
ACTIONS = (ACCOUNT_CREATED, LINK_ISSUED, LINK_USED, DISABLED, ENABLED, HANDED_OVER,
           PASSWORD_SET)


def record(action: str, actor: User | None, subject: User | None,
           **detail: Any) -> None:
    """Add one row to the session (call it inside the action's own transaction). `actor` None
    is the command line on the server."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    db.session.add(AdminAudit(
        action=action,
        actor_id=actor.id if actor is not None else None,
        actor_email=actor.email if actor is not None else None,
        actor_name=actor.display_name if actor is not None else None,
        subject_id=subject.id if subject is not None else None,
        subject_email=subject.email if subject is not None else None,
        subject_name=subject.display_name if subject is not None else None,
        detail=detail))


@dataclass(frozen=True)
class Row:
    """One row as the admin reads it."""

    at: datetime
    action: str
    actor: str | None  # « Claire (claire@…) », or None: the command line
    subject: str | None
    detail: dict[str, Any]


def _who(email: str | None, name: str | None) -> str | None:
    if email is None:
        return None
    return f"{name} ({email})" if name else email


def page(page: int, size: int = 50, actor_id: int | None = None,
         since: datetime | None = None, until: datetime | None = None
         ) -> tuple[list[Row], int]:
    """A page of the audit log, newest first, and how many rows match: the rows an admin did,
    or that were done to its account, when `actor_id` is given."""
    conditions: list[Any] = []
    if actor_id is not None:
        conditions.append((AdminAudit.actor_id == actor_id)
                          | (AdminAudit.subject_id == actor_id))
    if since is not None:
        conditions.append(AdminAudit.at >= since)
    if until is not None:
        conditions.append(AdminAudit.at < until)
    total = db.session.scalar(select(func.count()).select_from(AdminAudit)
                              .where(*conditions)) or 0
    rows = db.session.scalars(select(AdminAudit).where(*conditions)
                              .order_by(AdminAudit.at.desc(), AdminAudit.id.desc())
                              .offset((page - 1) * size).limit(size))
    return [Row(r.at, r.action, _who(r.actor_email, r.actor_name),
                _who(r.subject_email, r.subject_name), dict(r.detail or {})) for r in rows], total
