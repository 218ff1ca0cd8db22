"""Diagnostics carry an access generation, raised when their resume link is renewed

Revision ID: c2f5a8b3d0e4
Revises: b1e4f7a2c9d3
Create Date: 2026-11-27 17:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c2f5a8b3d0e4"
down_revision = "b1e4f7a2c9d3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("diagnostic") as batch:
        batch.add_column(sa.Column("access_generation", sa.Integer(), nullable=False,
                                   server_default="0"))


def downgrade():
    with op.batch_alter_table("diagnostic") as batch:
        batch.drop_column("access_generation")
