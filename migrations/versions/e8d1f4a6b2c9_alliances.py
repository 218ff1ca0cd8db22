"""Two partners face to face: partner codes and alliances between two diagnostics (issue 18)

Revision ID: e8d1f4a6b2c9
Revises: c3e8a51f92d4
Create Date: 2026-11-27 22:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e8d1f4a6b2c9"
down_revision = "c3e8a51f92d4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partner_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("diagnostic_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["diagnostic_id"], ["diagnostic.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_index("ix_partner_code_diagnostic_id", "partner_code", ["diagnostic_id"])
    op.create_table(
        "alliance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("second_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["first_id"], ["diagnostic.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["second_id"], ["diagnostic.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("first_id", "second_id"),
        sa.UniqueConstraint("public_id"),
    )
    op.create_index("ix_alliance_second_id", "alliance", ["second_id"])


def downgrade() -> None:
    op.drop_index("ix_alliance_second_id", table_name="alliance")
    op.drop_table("alliance")
    op.drop_index("ix_partner_code_diagnostic_id", table_name="partner_code")
    op.drop_table("partner_code")
