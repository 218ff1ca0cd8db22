"""Typed SQLAlchemy 2 models: organisations, diagnostics, their answers and snapshots."""

from __future__ import annotations

import secrets
import unicodedata
from datetime import UTC, date, datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    false,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from .extensions import db

IN_PROGRESS, COMPLETED = "in_progress", "completed"
PARTICIPANT, TRAINER, ADMIN = "participant", "trainer", "admin"
ROLES = (PARTICIPANT, TRAINER, ADMIN)
Timestamp = DateTime(timezone=True)


def utcnow() -> datetime:
    """Timezone-aware now, stored as UTC."""
    return datetime.now(UTC)


def public_id() -> str:
    """A random identifier for URLs (128 bits), never a sequential number."""
    return secrets.token_urlsafe(16)


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
    # SHA-256 of the join link's token and of the join code, which parcours/cohorts.py derives
    # from the seed (NULL for a cohort made before they were hashed: it needs new ones to show)
    join_seed: Mapped[str | None] = mapped_column(String(32))
    join_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    join_code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    trainer: Mapped[User] = relationship(lazy="joined")


def search_key(text: str) -> str:
    """A name as the trainer's search compares it: no accents, no case, single spaces
    (« Communauté » is found by « communaute »)."""
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def _search_key_default(context: Any) -> str:
    return search_key(context.get_current_parameters()["name"])


class Organisation(db.Model):  # type: ignore[name-defined,misc]
    """The organisation that answers; its kind picks the wording of questions."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    # kept by the model on every insert, bulk ones included, and on a rename (validates)
    search_name: Mapped[str] = mapped_column(String(200), default=_search_key_default,
                                             server_default="")

    @validates("name")
    def _keep_search_name(self, _key: str, name: str) -> str:
        self.search_name = search_key(name)
        return name


class Diagnostic(db.Model):  # type: ignore[name-defined,misc]
    """One run of the parcours by an organisation."""

    # A trainer's dashboard reads a page of a cohort in the order of one of these columns, and
    # counts the cohort by status and level from the last index alone: its cost must not grow
    # with the cohort (bench/dashboard.py).
    __table_args__ = (
        Index("ix_diagnostic_cohort_activity", "cohort_id", "updated_at"),
        Index("ix_diagnostic_cohort_score", "cohort_id", "global_score"),
        Index("ix_diagnostic_cohort_progress", "cohort_id", "progress"),
        Index("ix_diagnostic_cohort_status", "cohort_id", "status", "level", "reviewed_at",
              "global_score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=public_id)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    questionnaire_key: Mapped[str] = mapped_column(String(48))
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str] = mapped_column(String(5), default="fr")
    status: Mapped[str] = mapped_column(String(16), default=IN_PROGRESS)
    resume_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    resume_code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # what the resume token and code are derived from (parcours/codes.py); NULL for a
    # diagnostic started before: its link cannot be shown again, only renewed
    resume_seed: Mapped[str | None] = mapped_column(String(32))
    # Raised when the resume link and code are renewed: a browser's grant names the generation
    # it was given (browser.py), and a grant of an older one opens nothing any more.
    access_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohort.id", ondelete="SET NULL"), index=True)
    consented_at: Mapped[datetime | None] = mapped_column(Timestamp)
    # the version of the consent text the participant accepted (cohorts.CONSENT_VERSION)
    consent_version: Mapped[str | None] = mapped_column(String(16))
    reviewed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    # the participant has read the trainer's comments up to then (« nouveau commentaire »)
    comments_seen_at: Mapped[datetime | None] = mapped_column(Timestamp)
    # Kept up to date by the services, so that a cohort's dashboard is one query, whatever its size.
    progress: Mapped[int] = mapped_column(default=0)  # percent of the shown questions answered
    global_score: Mapped[float | None]
    level: Mapped[int | None]
    latest_snapshot_id: Mapped[int | None] = mapped_column(
        ForeignKey("snapshot.id", ondelete="SET NULL", use_alter=True))
    # The address the participant asked to be told at (roadmap ready, a trainer's comment), only
    # when it ticked the box; never required, removed from the link page (journey/mails.py).
    notify_email: Mapped[str | None] = mapped_column(String(254))
    # A follow-up: the diagnostic it was started from (« Refaire le diagnostic »), and the
    # previous answers it was pre-filled with that the participant has not confirmed yet
    # (question id → stored value). They are kept apart from the answers, so that nothing
    # scores, counts or exports them until a page save confirms them (journey/followup.py).
    previous_id: Mapped[int | None] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="SET NULL"), index=True)
    unconfirmed: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)
    # A collective diagnostic (issue 18): each respondent's own row points to the host (the
    # diagnostic the initiator started), with the role it was invited as; such a row never
    # joins a cohort and is never listed (parcours/collective.py).
    host_id: Mapped[int | None] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="CASCADE"), index=True)
    respondent_role: Mapped[str | None] = mapped_column(String(80))

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    previous: Mapped[Diagnostic | None] = relationship(remote_side="Diagnostic.id",
                                                        foreign_keys=[previous_id])
    cohort: Mapped[Cohort | None] = relationship()
    host: Mapped[Diagnostic | None] = relationship(remote_side="Diagnostic.id",
                                                    foreign_keys=[host_id])
    answers: Mapped[list[Answer]] = relationship(
        back_populates="diagnostic", cascade="all, delete-orphan", passive_deletes=True)
    snapshots: Mapped[list[Snapshot]] = relationship(
        back_populates="diagnostic", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Snapshot.id", foreign_keys="Snapshot.diagnostic_id")

    @property
    def completed(self) -> bool:
        return self.status == COMPLETED

    @property
    def is_respondent(self) -> bool:
        """One respondent's row of a collective diagnostic."""
        return self.host_id is not None

    def latest_snapshot(self) -> Snapshot | None:
        """The snapshot of the last completion, without loading the others."""
        if self.latest_snapshot_id is None:
            return None
        return db.session.get(Snapshot, self.latest_snapshot_id)

    def answer_rows(self) -> dict[str, tuple[Any, int]]:
        """Question id → (stored value, revision: how many times it was saved).

        Plain rows, not Answer objects: a page reads every answer, and building thirty ORM
        instances cost more than the rest of the query (bench/web.py)."""
        return {question_id: (value, revision) for question_id, value, revision in
                db.session.execute(_ANSWER_ROWS, {"diagnostic_id": self.id})}

    def answer_map(self) -> dict[str, Any]:
        """Question id → stored answer value."""
        return {question_id: value for question_id, (value, _) in self.answer_rows().items()}

    def revisions(self) -> dict[str, int]:
        """Question id → how many times its answer was saved (to detect edits from two tabs)."""
        return {question_id: rev for question_id, (_, rev) in self.answer_rows().items()}


class Invitation(db.Model):  # type: ignore[name-defined,misc]
    """One role's invitation link to a collective diagnostic: its token is derived from the
    seed (parcours/codes.py) and only its SHA-256 is looked up, like a resume link."""

    __table_args__ = (UniqueConstraint("host_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("diagnostic.id", ondelete="CASCADE"),
                                         index=True)
    role: Mapped[str] = mapped_column(String(80))  # a preset's id, or the label typed
    position: Mapped[int] = mapped_column(default=0)
    seed: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class Answer(db.Model):  # type: ignore[name-defined,misc]
    """One question's answer; saved on every page, one row per question."""

    __table_args__ = (UniqueConstraint("diagnostic_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    diagnostic_id: Mapped[int] = mapped_column(ForeignKey("diagnostic.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(48))
    value: Mapped[Any] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    diagnostic: Mapped[Diagnostic] = relationship(back_populates="answers")


_ANSWER_ROWS = select(Answer.question_id, Answer.value, Answer.revision).where(
    Answer.diagnostic_id == bindparam("diagnostic_id"))


class Snapshot(db.Model):  # type: ignore[name-defined,misc]
    """What a completion computed, frozen: later content changes never alter it."""

    __table_args__ = (Index("ix_snapshot_diagnostic", "diagnostic_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    diagnostic_id: Mapped[int] = mapped_column(ForeignKey("diagnostic.id", ondelete="CASCADE"))
    questionnaire_key: Mapped[str] = mapped_column(String(48))
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(64))
    global_score: Mapped[float | None]
    level: Mapped[int | None]
    # deferred: the cache key of a PDF needs the snapshot's identity, not its 100 kB of JSON
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    results: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)  # {"fr": …, "en": …}
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    diagnostic: Mapped[Diagnostic] = relationship(
        back_populates="snapshots", foreign_keys=[diagnostic_id])
    dimension_scores: Mapped[list[SnapshotDimension]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True)
    recommendations: Mapped[list[SnapshotRecommendation]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True)


class SnapshotDimension(db.Model):  # type: ignore[name-defined,misc]
    """One dimension's score in a snapshot, as a row: cohort averages are plain SQL."""

    __tablename__ = "snapshot_dimension"

    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("snapshot.id", ondelete="CASCADE"), primary_key=True)
    dimension_id: Mapped[str] = mapped_column(String(48), primary_key=True)
    score: Mapped[float | None]


class SnapshotRecommendation(db.Model):  # type: ignore[name-defined,misc]
    """A recommendation a snapshot selected, with its rank: « most frequent » is plain SQL."""

    __tablename__ = "snapshot_recommendation"

    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("snapshot.id", ondelete="CASCADE"), primary_key=True)
    recommendation_id: Mapped[str] = mapped_column(String(48), primary_key=True)
    rank: Mapped[int]
    in_plan: Mapped[bool] = mapped_column(default=False, server_default=false())


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
    result: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
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
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class AccessLog(db.Model):  # type: ignore[name-defined,misc]
    """A trainer or an admin opened a participant's results, PDF or answers, or downloaded an
    export holding it (parcours/access_log.py): who, when, what. The participant reads it."""

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


class PartnerCode(db.Model):  # type: ignore[name-defined,misc]
    """A code a participant gives a partner to link their two diagnostics (parcours/alliances.py):
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
