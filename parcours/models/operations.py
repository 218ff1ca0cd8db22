"""The app's own records about diagnostics and accounts: background jobs a user waits for,
rendered PDFs, the outbox of e-mails, and the access log. A PDF's or a ZIP's bytes are in the
file store (parcours/infra/storage.py): a row keeps its key, size, SHA-256 and dates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Timestamp, db, public_id, utcnow


class Job(db.Model):  # type: ignore[name-defined,misc]
    """Background work that a user waits for (a cohort export), with its progress."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=public_id)
    kind: Mapped[str] = mapped_column(String(32))
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # the finished ZIP in the file store (NULL once withdrawn or not done)
    result_key: Mapped[str | None] = mapped_column(String(200))
    result_size: Mapped[int | None]
    result_sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    # its last sign of life: a queued or running job silent for longer than JOB_TIMEOUT lost
    # its worker (killed, recycled, the machine restarted) and is marked failed
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(Timestamp)


class RenderedPdf(db.Model):  # type: ignore[name-defined,misc]
    """A rendered report, keyed by the hash of everything that went into it."""

    __tablename__ = "rendered_pdf"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    diagnostic_id: Mapped[int] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(5))
    # the PDF in the file store (NULL only for a row the storage migration has not moved yet)
    object_key: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class AccessLog(db.Model):  # type: ignore[name-defined,misc]
    """A trainer or an admin opened a participant's results, PDF or answers, or downloaded an
    export holding it (services/access_log.py): who, when, what. The participant reads it."""

    __tablename__ = "access_log"
    # a diagnostic's entries, newest first (the participant's pages); the whole log by date
    # (the admin's page, and the purge of old entries); one actor's or one cohort's (filters)
    __table_args__ = (
        Index("ix_access_log_diagnostic_at", "diagnostic_id", "at"),
        Index("ix_access_log_at", "at"),
        Index("ix_access_log_actor_at", "actor_id", "at"),
        Index("ix_access_log_cohort_at", "cohort_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    # NULL once the account is deleted; the copies below still say who it was
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    actor_name: Mapped[str | None] = mapped_column(String(120))  # its display name then
    actor_email: Mapped[str] = mapped_column(String(254))
    actor_role: Mapped[str] = mapped_column(String(16))
    diagnostic_id: Mapped[int] = mapped_column(ForeignKey("diagnostic.id", ondelete="CASCADE"))
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))


MAIL_QUEUED, MAIL_SENT, MAIL_FAILED = "queued", "sent", "failed"


class Mail(db.Model):  # type: ignore[name-defined,misc]
    """An e-mail to send, sent or given up on (the outbox, parcours/mail/outbox.py).

    No body is kept: a message is written when it is sent, from its kind and the row it is
    about, so that no resume or reset link sits in the database. Once sent, only a masked
    recipient is kept (« c…@example.org »)."""

    __table_args__ = (Index("ix_mail_status", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(254))
    lang: Mapped[str] = mapped_column(String(5), default="fr")
    # what the message is about: it goes with a deleted diagnostic or account
    diagnostic_id: Mapped[int | None] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # an invitation to a collective diagnostic: its link is derived again when it is sent
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=MAIL_QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(Timestamp)


class AdminAudit(db.Model):  # type: ignore[name-defined,misc]
    """What an admin did to an account or a cohort (services/audit.py): an account created, a
    one-time password link issued or used, an account disabled or enabled, cohorts handed
    over. Append-only: the database refuses UPDATE and DELETE on it (triggers of migration
    c1a5d7e9b3f2), and no route writes it but to add a row. Its ids are plain numbers, not
    foreign keys, so that deleting an account changes no row: the copies say who it was."""

    __tablename__ = "admin_audit"
    __table_args__ = (Index("ix_admin_audit_at", "at"),
                      Index("ix_admin_audit_actor_at", "actor_id", "at"),
                      Index("ix_admin_audit_subject_at", "subject_id", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    action: Mapped[str] = mapped_column(String(32))
    # who did it (NULL: the command line, on the server)
    actor_id: Mapped[int | None]
    actor_email: Mapped[str | None] = mapped_column(String(254))
    actor_name: Mapped[str | None] = mapped_column(String(120))
    # the account it was done to
    subject_id: Mapped[int | None]
    subject_email: Mapped[str | None] = mapped_column(String(254))
    subject_name: Mapped[str | None] = mapped_column(String(120))
    # what else: a role, the cohorts handed over and to whom, who issued a link used…
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CohortHandover(db.Model):  # type: ignore[name-defined,misc]
    """A cohort handed from one trainer to another (admin/services.py): the new trainer's
    dashboard and the participants' results pages say to whom consent was given."""

    __tablename__ = "cohort_handover"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"),
                                           index=True)
    at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    # copies of the names then (a display name, or None: « votre formateur »)
    from_name: Mapped[str | None] = mapped_column(String(120))
    from_email: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str | None] = mapped_column(String(120))
    to_email: Mapped[str] = mapped_column(String(254))
