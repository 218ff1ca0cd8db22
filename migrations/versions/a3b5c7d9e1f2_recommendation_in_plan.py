"""A snapshot's recommendations say whether they are in the main plan

The plan's length now depends on the organisation's size (5 to 10 actions), so « in the plan » can
no longer be read from the rank (the first twelve, before A.D.O.C. 2.0). Existing rows keep the
old meaning.

Revision ID: a3b5c7d9e1f2
Revises: d7e2a9c4f1b8
Create Date: 2026-11-27 17:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a3b5c7d9e1f2"
down_revision = "d7e2a9c4f1b8"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("snapshot_recommendation") as batch:
        batch.add_column(sa.Column("in_plan", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.execute("UPDATE snapshot_recommendation SET in_plan = (rank <= 12)")


def downgrade():
    with op.batch_alter_table("snapshot_recommendation") as batch:
        batch.drop_column("in_plan")
