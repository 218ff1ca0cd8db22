"""Writes of the admin pages, one transaction each: disabling and enabling trainers and
admins, handing a trainer's cohorts to another. Creating accounts and one-time password links
are the account services' (auth/services.py, auth/reset.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from ..auth.services import active_admins, disable_user, enable_user
from ..infra.extensions import db
from ..infra.unit_of_work import transaction
from ..models import ADMIN, TRAINER, Cohort, CohortHandover, User
from ..services import audit

STAFF = (TRAINER, ADMIN)


class AdminError(ValueError):
    """An admin request that cannot be carried out; `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class StaffRow:
    """A trainer or admin as the admin's list shows it."""

    public_id: str
    email: str
    name: str | None
    role: str
    disabled_at: datetime | None
    last_login_at: datetime | None
    has_password: bool
    cohorts: int


def staff() -> list[StaffRow]:
    """Every trainer and admin, admins first then by e-mail, with their number of cohorts
    (one query)."""
    counts = (select(Cohort.trainer_id, func.count().label("n")).group_by(Cohort.trainer_id)
              .subquery())
    rows = db.session.execute(
        select(User, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.trainer_id == User.id)
        .where(User.role.in_(STAFF)).order_by(User.role, User.email))
    return [StaffRow(u.public_id, u.email, u.display_name, u.role, u.disabled_at,
                     u.last_login_at, u.password_hash.startswith("$argon2"), int(n))
            for u, n in rows]


def staff_member(public_id: str) -> User | None:
    """A trainer or admin by public id; None for anyone else (participants are not managed
    here) and for an id that names nobody."""
    return db.session.scalar(select(User).where(User.public_id == public_id[:32],
                                                User.role.in_(STAFF)))


def disable(actor: User, target: User) -> None:
    """Disable a trainer or admin (every session of it ends): never oneself, never the last
    admin who can still log in."""
    if target.id == actor.id:
        raise AdminError("self")
    target_id = target.id
    with transaction():
        # every admin row locked (PostgreSQL; SQLite's writer lock does the same): two admins
        # disabling each other at once cannot leave none
        db.session.execute(select(User.id).where(User.role == ADMIN).with_for_update())
        if target.role == ADMIN and active_admins(excluding=target_id) == 0:
            raise AdminError("last_admin")
        disable_user(target, by=actor)


def enable(actor: User, target: User) -> None:
    """A disabled trainer or admin can log in again."""
    enable_user(target, by=actor)


def cohorts_of(user: User) -> list[Cohort]:
    """A trainer's cohorts, newest first."""
    return list(db.session.scalars(select(Cohort).where(Cohort.trainer_id == user.id)
                                   .order_by(Cohort.created_at.desc())))


def chosen_cohorts(source: User, cohort_ids: Sequence[str]) -> list[Cohort]:
    """Those of these cohorts (public ids) that belong to `source`, by name."""
    if not cohort_ids:
        return []
    return list(db.session.scalars(select(Cohort).where(
        Cohort.trainer_id == source.id, Cohort.public_id.in_(list(cohort_ids)))
        .order_by(Cohort.name)))


def reassign(source: User, target: User, cohort_ids: Sequence[str],
             actor: User | None = None) -> int:
    """Hand these cohorts (public ids) of `source` to `target`, an active trainer or admin;
    how many moved. Their participants, comments (each keeps its author) and exports go with
    them; each cohort remembers whom its participants had agreed to (`CohortHandover`), and
    the audit log says who handed what to whom."""
    if target.id == source.id:
        raise AdminError("same_trainer")
    if target.role not in STAFF or not target.is_active:
        raise AdminError("bad_target")
    if not cohort_ids:
        raise AdminError("no_cohort")
    source_id, target_id = source.id, target.id
    with transaction():
        moving = list(db.session.execute(
            select(Cohort.id, Cohort.name).where(Cohort.trainer_id == source_id,
                                                 Cohort.public_id.in_(list(cohort_ids)))
            .with_for_update()))
        if not moving:
            return 0
        db.session.execute(update(Cohort).where(Cohort.id.in_([c.id for c in moving]))
                           .values(trainer_id=target_id))
        for cohort in moving:
            db.session.add(CohortHandover(
                cohort_id=cohort.id, from_name=source.display_name, from_email=source.email,
                to_name=target.display_name, to_email=target.email))
        audit.record(audit.HANDED_OVER, actor, source, cohorts=[c.name for c in moving],
                     to_email=target.email, to_name=target.display_name)
    return len(moving)
