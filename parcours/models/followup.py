"""What follows a completion: the participant's action plan, a trainer's comments, and two
partners' diagnostics face to face (their partner codes and alliances)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint, false
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
    # What the joint page shows of each side's answers, computed once when the link is
    # confirmed (engine/joint.py's `frozen`): completing again does not change it, so that
    # neither partner can read the other's answers by trying answers of its own (issue 30, M2).
    # NULL for a link made before: frozen the first time its page is read.
    divergences: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)

    first: Mapped[Diagnostic] = relationship(foreign_keys=[first_id])
    second: Mapped[Diagnostic] = relationship(foreign_keys=[second_id])


PARTNER_LINKED, PARTNER_ENDED = "linked", "ended"


class PartnerNotice(db.Model):  # type: ignore[name-defined,misc]
    """What a participant is told on its results page about its alliances (issue 25, item 5):
    a partner confirmed the code it offered (`linked`), or a link ended (`ended`). The partner's
    name is read from its diagnostic when shown, never copied: a deleted partner leaves none."""

    __tablename__ = "partner_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    diagnostic_id: Mapped[int] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    # the partner who confirmed or ended (NULL once it is deleted, or when deleting it ended
    # the link), and the alliance a confirmation made (NULL once it ends)
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="SET NULL"))
    alliance_id: Mapped[int | None] = mapped_column(
        ForeignKey("alliance.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    seen_at: Mapped[datetime | None] = mapped_column(Timestamp)

    partner: Mapped[Diagnostic | None] = relationship(foreign_keys=[partner_id])
