"""dashboard indexes; on PostgreSQL, the latest snapshot foreign key

Indexes for the trainer's dashboard: a page of a cohort in the order of its sort column, and
the cohort's counts read from one index. On PostgreSQL, also the foreign key from
diagnostic.latest_snapshot_id to snapshot.id, which the first migration declared with
use_alter and so never created there (SQLite has it inline).

Revision ID: c4f1d2a7b9e3
Revises: 8eb0f8334822
Create Date: 2026-11-26 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c4f1d2a7b9e3"
down_revision = "8eb0f8334822"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_diagnostic_cohort_activity": ["cohort_id", "updated_at"],
    "ix_diagnostic_cohort_score": ["cohort_id", "global_score"],
    "ix_diagnostic_cohort_progress": ["cohort_id", "progress"],
    "ix_diagnostic_cohort_status": ["cohort_id", "status", "level", "reviewed_at", "global_score"],
}


LATEST_FK = "fk_diagnostic_latest_snapshot_id_snapshot"


def _latest_fk_missing() -> bool:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        return False
    return LATEST_FK not in {fk["name"] for fk in sa.inspect(bind).get_foreign_keys("diagnostic")}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "diagnostic", columns)
    if _latest_fk_missing():
        op.create_foreign_key(LATEST_FK, "diagnostic", "snapshot", ["latest_snapshot_id"], ["id"],
                              ondelete="SET NULL")


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="diagnostic")
    bind = op.get_bind()
    if bind.dialect.name != "sqlite" and not _latest_fk_missing():
        op.drop_constraint(LATEST_FK, "diagnostic", type_="foreignkey")
