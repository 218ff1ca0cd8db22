"""What follows a completion: the participant's action plan, a trainer's comments, and two
partners' diagnostics face to face (their partner codes and alliances)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import User
from .base import Timestamp, db, public_id, utcnow
from .diagnostics import Diagnostic

PLAN_STATUSES = ("a_faire", "en_cours", "fait", "ecartee")
PLAN_NOTE_MAX, PLAN_OWNER_MAX = 2000, 120


class PlanAction(db.Model):  # type: ignore[name-defined,misc]
    """What the participant made of one action of its plan: status, owner, due date, note.

    Written only when the participant edits the action: no row reads as « à faire », so
    diagnostics completed before the plan existed need nothing. Keyed by recommendation id, not
    by snapshot: completing again keeps what was said of the actions the new plan still has."""

    __tablename__ = "plan_action"
    __table_args__ = (UniqueConstraint("diagnostic_id", "recommendation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    diagnostic_id: Mapped[int] = mapped_column(ForeignKey("diagnostic.id", ondelete="CASCADE"))
    recommendation_id: Mapped[str] = mapped_column(String(48))
    status: Mapped[str] = mapped_column(String(16), default="a_faire",
                                        server_default="a_faire")
    owner: Mapped[str | None] = mapped_column(String(PLAN_OWNER_MAX))
    due_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    # an « autre piste » the participant added to its plan
    promoted: Mapped[bool] = mapped_column(default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)


class Comment(db.Model):  # type: ignore[name-defined,misc]
    """A trainer's comment on a diagnostic, general (no stage) or about one stage."""

    id: Mapped[int] = mapped_column(primary_key=True)
    diagnostic_id: Mapped[int] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # the cohort it was written in: only that cohort's trainer reads it (or its PDF), even
    # after the participant moves to another cohort
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    stage_id: Mapped[str | None] = mapped_column(String(48))
    text: Mapped[str] = mapped_column(String(4000))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    author: Mapped[User | None] = relationship(lazy="joined")


class PartnerCode(db.Model):  # type: ignore[name-defined,misc]
    """A code a participant gives a partner to link their two diagnostics (services/alliances.py):
    only its SHA-256 is kept; it ends when used or after ALLIANCE_CODE_DAYS."""

    __tablename__ = "partner_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    diagnostic_id: Mapped[int] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(Timestamp)
    used_at: Mapped[datetime | None] = mapped_column(Timestamp)


class Alliance(db.Model):  # type: ignore[name-defined,misc]
    """Two completed diagnostics face to face: `first` offered the code, `second` entered it.
    Either side ends it (the row goes); it goes with either diagnostic."""

    __table_args__ = (UniqueConstraint("first_id", "second_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=public_id)
    first_id: Mapped[int] = mapped_column(ForeignKey("diagnostic.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    first: Mapped[Diagnostic] = relationship(foreign_keys=[first_id])
    second: Mapped[Diagnostic] = relationship(foreign_keys=[second_id])
