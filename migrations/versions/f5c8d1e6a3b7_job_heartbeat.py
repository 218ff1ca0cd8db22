"""Jobs carry their last sign of life, so that one whose worker died can be marked failed

Revision ID: f5c8d1e6a3b7
Revises: e4b7c0d5f2a6
Create Date: 2026-11-27 17:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f5c8d1e6a3b7"
down_revision = "e4b7c0d5f2a6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE job SET updated_at = COALESCE(finished_at, created_at)")
    with op.batch_alter_table("job") as batch:
        batch.alter_column("updated_at", existing_type=sa.DateTime(timezone=True),
                           nullable=False)


def downgrade():
    with op.batch_alter_table("job") as batch:
        batch.drop_column("updated_at")
