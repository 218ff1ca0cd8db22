"""The tables, typed SQLAlchemy 2 models, one module per family; every model is re-exported
here (`from parcours.models import Diagnostic`), so that importing this package declares every
table (the app, Alembic's autogenerate). Imports nothing of parcours outside this package."""

from .accounts import (
    ADMIN,
    PARTICIPANT,
    ROLES,
    TRAINER,
    Cohort,
    CohortReference,
    PasswordReset,
    User,
)
from .base import Base, Timestamp, db, public_id, utcnow
from .diagnostics import (
    COMPLETED,
    IN_PROGRESS,
    Answer,
    Diagnostic,
    Invitation,
    Organisation,
    Snapshot,
    SnapshotDimension,
    SnapshotRecommendation,
    search_key,
)
from .followup import (
    PARTNER_ENDED,
    PARTNER_LINKED,
    PLAN_NOTE_MAX,
    PLAN_OWNER_MAX,
    PLAN_STATUSES,
    Alliance,
    Comment,
    PartnerCode,
    PartnerNotice,
    PlanAction,
)
from .operations import (
    MAIL_FAILED,
    MAIL_QUEUED,
    MAIL_SENT,
    AccessLog,
    AdminAudit,
    CohortHandover,
    Job,
    Mail,
    RenderedPdf,
)

__all__ = [
    "ADMIN", "COMPLETED", "IN_PROGRESS", "MAIL_FAILED", "MAIL_QUEUED", "MAIL_SENT",
    "PARTICIPANT", "PARTNER_ENDED", "PARTNER_LINKED", "PLAN_NOTE_MAX", "PLAN_OWNER_MAX",
    "PLAN_STATUSES", "ROLES", "TRAINER", "AccessLog", "AdminAudit", "Alliance", "Answer", "Base",
    "Cohort", "CohortHandover", "CohortReference", "Comment", "Diagnostic", "Invitation", "Job",
    "Mail", "Organisation", "PartnerCode", "PartnerNotice", "PasswordReset", "PlanAction",
    "RenderedPdf",
    "Snapshot", "SnapshotDimension", "SnapshotRecommendation", "Timestamp", "User", "db",
    "public_id", "search_key", "utcnow",
]
