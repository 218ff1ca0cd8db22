"""The access log a participant reads, and one-time password links issued by an admin

Revision ID: a75db76c0072
Revises: d19b2b839296
Create Date: 2026-11-28 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a75db76c0072"
down_revision = "d19b2b839296"  # re-chained after main's consent version (merge)
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=120), nullable=True),
        sa.Column("actor_email", sa.String(length=254), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("diagnostic_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["user.id"],
                                name=op.f("fk_access_log_actor_id_user"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohort.id"],
                                name=op.f("fk_access_log_cohort_id_cohort"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["diagnostic_id"], ["diagnostic.id"],
                                name=op.f("fk_access_log_diagnostic_id_diagnostic"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
    )
    with op.batch_alter_table("access_log") as batch:
        batch.create_index("ix_access_log_diagnostic_at", ["diagnostic_id", "at"])
        batch.create_index("ix_access_log_at", ["at"])
        batch.create_index("ix_access_log_actor_at", ["actor_id", "at"])
        batch.create_index("ix_access_log_cohort_at", ["cohort_id", "at"])

    op.create_table(
        "password_reset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["user.id"],
                                name=op.f("fk_password_reset_created_by_user"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"],
                                name=op.f("fk_password_reset_user_id_user"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_reset_token_hash")),
    )
    with op.batch_alter_table("password_reset") as batch:
        batch.create_index(batch.f("ix_password_reset_user_id"), ["user_id"])


def downgrade() -> None:
    op.drop_table("password_reset")
    op.drop_table("access_log")
