"""Follow-up diagnostics: the previous one, and its answers still to confirm (issue 17)

Revision ID: c3e8a51f92d4
Revises: 5e1a9c3f7b20
Create Date: 2026-11-27 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c3e8a51f92d4"
down_revision = "5e1a9c3f7b20"  # main's head once the action plan was merged
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("diagnostic") as batch:
        batch.add_column(sa.Column("previous_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("unconfirmed", sa.JSON(), nullable=True))
        batch.create_foreign_key("fk_diagnostic_previous_id_diagnostic", "diagnostic",
                                 ["previous_id"], ["id"], ondelete="SET NULL")
        batch.create_index("ix_diagnostic_previous_id", ["previous_id"])


def downgrade() -> None:
    with op.batch_alter_table("diagnostic") as batch:
        batch.drop_index("ix_diagnostic_previous_id")
        batch.drop_constraint("fk_diagnostic_previous_id_diagnostic", type_="foreignkey")
        batch.drop_column("unconfirmed")
        batch.drop_column("previous_id")
