"""Collective diagnostic: respondents' rows point to their host, one invitation per role,
and the e-mails that carry an invitation (issue 18)

Revision ID: a9c4e2f7b1d3
Revises: e8d1f4a6b2c9
Create Date: 2026-11-27 22:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a9c4e2f7b1d3"
down_revision = "e8d1f4a6b2c9"  # main's head once the alliances were merged
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("diagnostic") as batch:
        batch.add_column(sa.Column("host_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("respondent_role", sa.String(80), nullable=True))
        batch.create_foreign_key("fk_diagnostic_host_id_diagnostic", "diagnostic",
                                 ["host_id"], ["id"], ondelete="CASCADE")
        batch.create_index("ix_diagnostic_host_id", ["host_id"])
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("host_id", sa.Integer(),
                  sa.ForeignKey("diagnostic.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.String(80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("seed", sa.String(32), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("host_id", "role"),
    )
    op.create_index("ix_invitation_host_id", "invitation", ["host_id"])
    with op.batch_alter_table("mail") as batch:
        batch.add_column(sa.Column("invitation_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_mail_invitation_id_invitation", "invitation",
                                 ["invitation_id"], ["id"], ondelete="CASCADE")
        batch.create_index("ix_mail_invitation_id", ["invitation_id"])


def downgrade() -> None:
    with op.batch_alter_table("mail") as batch:
        batch.drop_index("ix_mail_invitation_id")
        batch.drop_constraint("fk_mail_invitation_id_invitation", type_="foreignkey")
        batch.drop_column("invitation_id")
    op.drop_index("ix_invitation_host_id", table_name="invitation")
    op.drop_table("invitation")
    with op.batch_alter_table("diagnostic") as batch:
        batch.drop_index("ix_diagnostic_host_id")
        batch.drop_constraint("fk_diagnostic_host_id_diagnostic", type_="foreignkey")
        batch.drop_column("respondent_role")
        batch.drop_column("host_id")
