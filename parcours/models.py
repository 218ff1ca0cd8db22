"""Typed SQLAlchemy 2 models: organisations, diagnostics, their answers and snapshots."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db

IN_PROGRESS, COMPLETED = "in_progress", "completed"
Timestamp = DateTime(timezone=True)


def utcnow() -> datetime:
    """Timezone-aware now, stored as UTC."""
    return datetime.now(UTC)


def public_id() -> str:
    """A random identifier for URLs (128 bits), never a sequential number."""
    return secrets.token_urlsafe(16)


class Organisation(db.Model):  # type: ignore[name-defined,misc]
    """The organisation that answers; its kind picks the wording of questions."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class Diagnostic(db.Model):  # type: ignore[name-defined,misc]
    """One run of the parcours by an organisation."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=public_id)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    questionnaire_key: Mapped[str] = mapped_column(String(48))
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str] = mapped_column(String(5), default="fr")
    status: Mapped[str] = mapped_column(String(16), default=IN_PROGRESS)
    resume_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    resume_code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(Timestamp)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="diagnostic", cascade="all, delete-orphan", passive_deletes=True)
    snapshots: Mapped[list[Snapshot]] = relationship(
        back_populates="diagnostic", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Snapshot.id")

    @property
    def completed(self) -> bool:
        return self.status == COMPLETED

    def latest_snapshot(self) -> Snapshot | None:
        """The snapshot of the last completion, without loading the others."""
        return db.session.scalar(select(Snapshot).where(Snapshot.diagnostic_id == self.id)
                                 .order_by(Snapshot.id.desc()).limit(1))

    def answer_map(self) -> dict[str, Any]:
        """Question id → stored answer value."""
        return {answer.question_id: answer.value for answer in self.answers}


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

    diagnostic: Mapped[Diagnostic] = relationship(back_populates="snapshots")


class RenderedPdf(db.Model):  # type: ignore[name-defined,misc]
    """A rendered report, keyed by the hash of everything that went into it."""

    __tablename__ = "rendered_pdf"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    diagnostic_id: Mapped[int] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(5))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
