"""E-mail: the outbox, and the address a participant may leave to be told (issue 16)

Revision ID: 35640bc79c55
Revises: a75db76c0072
Create Date: 2026-12-01 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "35640bc79c55"
down_revision = "a75db76c0072"  # after rgpd-admin's (merged in); from main: d7f9a1b3c5e7
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("diagnostic") as batch:
        batch.add_column(sa.Column("notify_email", sa.String(254), nullable=True))
    op.create_table(
        "mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("recipient", sa.String(254), nullable=False),
        sa.Column("lang", sa.String(5), nullable=False),
        sa.Column("diagnostic_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["diagnostic_id"], ["diagnostic.id"],
                                name="fk_mail_diagnostic_id_diagnostic", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"],
                                name="fk_mail_user_id_user", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_mail"),
    )
    op.create_index("ix_mail_status", "mail", ["status", "created_at"])
    op.create_index("ix_mail_diagnostic_id", "mail", ["diagnostic_id"])
    op.create_index("ix_mail_user_id", "mail", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_mail_user_id", table_name="mail")
    op.drop_index("ix_mail_diagnostic_id", table_name="mail")
    op.drop_index("ix_mail_status", table_name="mail")
    op.drop_table("mail")
    with op.batch_alter_table("diagnostic") as batch:
        batch.drop_column("notify_email")
