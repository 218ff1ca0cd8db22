"""The action plan: a status, owner, due date and note per action of a diagnostic (issue 17)

Revision ID: 5e1a9c3f7b20
Revises: 35640bc79c55
Create Date: 2026-12-02 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "5e1a9c3f7b20"
down_revision = "35640bc79c55"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("diagnostic_id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.String(48), nullable=False),
        sa.Column("status", sa.String(16), server_default="a_faire", nullable=False),
        sa.Column("owner", sa.String(120), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("promoted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["diagnostic_id"], ["diagnostic.id"],
                                name="fk_plan_action_diagnostic_id_diagnostic",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_plan_action"),
        sa.UniqueConstraint("diagnostic_id", "recommendation_id",
                            name="uq_plan_action_diagnostic_id"),
    )


def downgrade() -> None:
    op.drop_table("plan_action")
