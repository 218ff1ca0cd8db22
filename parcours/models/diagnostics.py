"""Diagnostics: the organisation that answers, one run of a questionnaire (a collective one's
invitations and respondents' rows too), its answers, and the snapshots its completions froze."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    bindparam,
    false,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from .accounts import Cohort
from .base import Timestamp, db, public_id, utcnow

IN_PROGRESS, COMPLETED = "in_progress", "completed"


# ligatures spelt out; hyphens, dashes and apostrophes are spaces (other signs stay: « 50 % »)
_FOLD = str.maketrans({"œ": "oe", "æ": "ae", **dict.fromkeys("-‐‑‒–—―'’‘ʼ`´", " ")})


def search_key(text: str) -> str:
    """A name as the trainer's search compares and sorts it: no accents, no case, ligatures
    spelt out, hyphens and apostrophes as spaces, spaces single (« saint etienne » finds
    « Saint-Étienne », « communaute » « Communauté »)."""
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch))
    return " ".join(bare.casefold().translate(_FOLD).split())


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
              "global_score", "duplicate_of_id"),
        Index("ix_diagnostic_carried_from_id", "carried_from_id", unique=True),
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
    # what the resume token and code are derived from (parcours/infra/codes.py); NULL for a
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
    # the participant agreed that its organisation's name be shown to the group, in the list of
    # organisations per level of the cohort's overview (a workshop handout); never by default
    named_in_group: Mapped[bool] = mapped_column(default=False, server_default=false())
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
    # The previous diagnostic's access generation when the follow-up was started: once its
    # link is renewed, the follow-up shows the previous one's scores only to a browser or an
    # account that may open both (journey/followup.py, issue 30, L9). NULL: not a follow-up.
    previous_generation: Mapped[int | None]
    unconfirmed: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)
    # A collective diagnostic (issue 18): each respondent's own row points to the host (the
    # diagnostic the initiator started), with the role it was invited as; such a row never
    # joins a cohort and is never listed (parcours/services/collective.py).
    host_id: Mapped[int | None] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="CASCADE"), index=True)
    respondent_role: Mapped[str | None] = mapped_column(String(80))
    # Published in rounds (services/consolidation.py): a respondent's row, the round it was
    # first counted in (None until then); a host's, when a published respondent's departure
    # closed the collection (its last round stays).
    respondent_round: Mapped[int | None]
    collection_closed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    # Marked by the trainer as a duplicate of another row of the same organisation in its cohort
    # (a test, a second start): still listed, but left out of the cohort's counts and exports.
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="SET NULL"))
    # The section of the page saved last: where a participant who comes back goes on (issue 26)
    last_section: Mapped[str | None] = mapped_column(String(48))
    # The diagnostic whose answers this one was started with, of another questionnaire (the
    # full parcours after the flash one): one per source, so a second click opens the first.
    # Unlike previous_id, never compared with it.
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="SET NULL"))

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    previous: Mapped[Diagnostic | None] = relationship(remote_side="Diagnostic.id",
                                                        foreign_keys=[previous_id])
    duplicate_of: Mapped[Diagnostic | None] = relationship(remote_side="Diagnostic.id",
                                                            foreign_keys=[duplicate_of_id])
    cohort: Mapped[Cohort | None] = relationship()
    host: Mapped[Diagnostic | None] = relationship(remote_side="Diagnostic.id",
                                                    foreign_keys=[host_id])
    carried_from: Mapped[Diagnostic | None] = relationship(remote_side="Diagnostic.id",
                                                            foreign_keys=[carried_from_id])
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
        session = db.session()
        if session.autoflush:
            session.flush()  # as the ORM's own execute would (nothing to do: no query)
        return {question_id: (value, revision) for question_id, value, revision in
                session.connection().execute(_ANSWER_ROWS, {"diagnostic_id": self.id})}

    def answer_map(self) -> dict[str, Any]:
        """Question id → stored answer value."""
        return {question_id: value for question_id, (value, _) in self.answer_rows().items()}

    def revisions(self) -> dict[str, int]:
        """Question id → how many times its answer was saved (to detect edits from two tabs)."""
        return {question_id: rev for question_id, (_, rev) in self.answer_rows().items()}


class Invitation(db.Model):  # type: ignore[name-defined,misc]
    """One role's invitation link to a collective diagnostic: its token is derived from the
    seed (parcours/infra/codes.py) and only its SHA-256 is looked up, like a resume link."""

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


# On the table, not the mapped class: a Core statement, run on the session's connection, skips
# the ORM's work for each execution (a twentieth of a question page, bench/web.py); it returns
# the same plain rows, in the session's transaction.
_answer_table = Answer.__table__
_ANSWER_ROWS = select(_answer_table.c.question_id, _answer_table.c.value,
                      _answer_table.c.revision).where(
    _answer_table.c.diagnostic_id == bindparam("diagnostic_id"))


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
