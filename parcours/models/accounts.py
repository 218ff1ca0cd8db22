"""Accounts and cohorts: a user (participant, trainer or admin), a trainer's cohort, and the
one-time links to choose a password."""

from __future__ import annotations

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Timestamp, db, public_id, utcnow

PARTICIPANT, TRAINER, ADMIN = "participant", "trainer", "admin"
ROLES = (PARTICIPANT, TRAINER, ADMIN)


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    """An account: participant, trainer or admin. Accounts are optional for participants."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=public_id)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=PARTICIPANT)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(Timestamp)
    # what participants read of a trainer (comments, consent, PDF): never the e-mail
    display_name: Mapped[str | None] = mapped_column(String(120))

    @property
    def shown_name(self) -> str | None:
        """The name participants see, or None (« votre formateur »)."""
        return self.display_name or None
    # Part of every session's id (get_id): raised on logout, password change and disabling, it
    # ends every session of the account, copies of its cookie included.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    disabled_at: Mapped[datetime | None] = mapped_column(Timestamp)

    def get_id(self) -> str:
        """Flask-Login's id: the random public id (never the sequential one) and the session
        version; auth/views.py's user loader refuses any other version."""
        return f"{self.public_id}.{self.session_version}"

    @property
    def is_active(self) -> bool:
        """A disabled account cannot log in (Flask-Login asks)."""
        return self.disabled_at is None

    @property
    def is_trainer(self) -> bool:
        return self.role in (TRAINER, ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


class Cohort(db.Model):  # type: ignore[name-defined,misc]
    """A trainer's group of participants, joined by link or short code."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=public_id)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    lang: Mapped[str] = mapped_column(String(5), default="fr")
    questionnaire_key: Mapped[str] = mapped_column(String(48))  # what its participants answer
    # SHA-256 of the join link's token and of the join code, which services/cohorts.py derives
    # from the seed (NULL for a cohort made before they were hashed: it needs new ones to show)
    join_seed: Mapped[str | None] = mapped_column(String(32))
    join_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    join_code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    # its CSV files' format: "," or ";" with decimal commas (French Excel), the ZIP's included
    csv_separator: Mapped[str] = mapped_column(String(1), default=",", server_default=",")

    trainer: Mapped[User] = relationship(lazy="joined")


class PasswordReset(db.Model):  # type: ignore[name-defined,misc]
    """A one-time link to choose a password (parcours/auth/reset.py): only the SHA-256 of its
    token is kept; it ends when used, when it expires, or when a newer one is issued."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(Timestamp)
    # the admin who issued it (NULL: asked by the person, or that admin was deleted)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
