"""Accounts carry a session version (every session ends when it is raised) and can be disabled

Revision ID: b1e4f7a2c9d3
Revises: a3b5c7d9e1f2
Create Date: 2026-11-27 17:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b1e4f7a2c9d3"
down_revision = "a3b5c7d9e1f2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("user") as batch:
        batch.drop_column("disabled_at")
        batch.drop_column("session_version")
