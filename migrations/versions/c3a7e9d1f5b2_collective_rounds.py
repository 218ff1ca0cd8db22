"""Collective diagnostic published in rounds (issue 25, issue 30 H1): the round a respondent was
first counted in, and when a published respondent's departure closed the collection

Revision ID: c3a7e9d1f5b2
Revises: a9c4e2f7b1d3
Create Date: 2026-12-06 21:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c3a7e9d1f5b2"
down_revision = "a9c4e2f7b1d3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("diagnostic") as batch:
        batch.add_column(sa.Column("respondent_round", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("collection_closed_at", sa.DateTime(timezone=True),
                                   nullable=True))
    # the completed respondents of a host that already has results were published in round 1
    op.execute("UPDATE diagnostic SET respondent_round = 1 WHERE host_id IS NOT NULL "
               "AND status = 'completed' AND host_id IN "
               "(SELECT id FROM (SELECT id FROM diagnostic "
               "WHERE latest_snapshot_id IS NOT NULL) AS published)")


def downgrade() -> None:
    with op.batch_alter_table("diagnostic") as batch:
        batch.drop_column("collection_closed_at")
        batch.drop_column("respondent_round")
