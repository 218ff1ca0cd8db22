"""Indexes for the trainer's dashboard: a page of a cohort in the order of its sort column, and
the cohort's counts read from one index.

Revision ID: c4f1d2a7b9e3
Revises: 8eb0f8334822
Create Date: 2026-11-26 09:00:00
"""

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


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "diagnostic", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="diagnostic")
