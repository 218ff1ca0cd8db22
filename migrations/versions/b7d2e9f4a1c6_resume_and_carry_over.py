"""Where a participant stopped (the section saved last) and the diagnostic a carry-over was
started from, one per source (issue 26)

Revision ID: b7d2e9f4a1c6
Revises: b8e3f1a6c2d9
Create Date: 2026-12-06 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b7d2e9f4a1c6"
down_revision = "b8e3f1a6c2d9"  # after the partner views
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("diagnostic") as batch:
        batch.add_column(sa.Column("last_section", sa.String(length=48), nullable=True))
        batch.add_column(sa.Column("carried_from_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_diagnostic_carried_from_id_diagnostic", "diagnostic",
                                 ["carried_from_id"], ["id"], ondelete="SET NULL")
        batch.create_index("ix_diagnostic_carried_from_id", ["carried_from_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("diagnostic") as batch:
        batch.drop_index("ix_diagnostic_carried_from_id")
        batch.drop_constraint("fk_diagnostic_carried_from_id_diagnostic", type_="foreignkey")
        batch.drop_column("carried_from_id")
        batch.drop_column("last_section")
