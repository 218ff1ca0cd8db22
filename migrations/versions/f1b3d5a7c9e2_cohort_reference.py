"""A cohort's reference figures, published by its trainer for its participants (issue 31, item 3)

The median and quartiles of each dimension over the cohort's completed organisations, frozen
at the moment the trainer publishes them (never live figures: one more completion would let a
participant read the newcomer's scores by difference); one row per cohort. And whether a
participant agreed that its organisation be named to the group (the overview's names per level).

Revision ID: f1b3d5a7c9e2
Revises: c1a5d7e9b3f2
Create Date: 2026-12-06 21:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f1b3d5a7c9e2"
down_revision = "c1a5d7e9b3f2"  # after the admin audit log
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cohort_reference",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("cohort_id", sa.Integer(), sa.ForeignKey("cohort.id", ondelete="CASCADE"),
                  nullable=False, unique=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.Integer(), sa.ForeignKey("user.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("organisations", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
    )
    with op.batch_alter_table("diagnostic") as batch:
        batch.add_column(sa.Column("named_in_group", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("diagnostic") as batch:
        batch.drop_column("named_in_group")
    op.drop_table("cohort_reference")
