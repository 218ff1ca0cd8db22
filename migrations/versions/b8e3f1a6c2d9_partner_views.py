"""Issue 30 (M2, L9) and issue 25 (item 5): an alliance keeps the divergences it showed when it
was confirmed, a partner is told when its code is confirmed or a link ends, and a follow-up
remembers the previous diagnostic's access generation

Revision ID: b8e3f1a6c2d9
Revises: f1b3d5a7c9e2
Create Date: 2026-12-02 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b8e3f1a6c2d9"
down_revision = "f1b3d5a7c9e2"  # after the cohort reference
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alliance") as batch:
        batch.add_column(sa.Column("divergences", sa.JSON(), nullable=True))
    with op.batch_alter_table("diagnostic") as batch:
        batch.add_column(sa.Column("previous_generation", sa.Integer(), nullable=True))
    # a follow-up started before counts from the previous one's generation now: a renewal
    # from here on is what revokes its view
    op.execute("UPDATE diagnostic SET previous_generation = (SELECT p.access_generation "
               "FROM diagnostic AS p WHERE p.id = diagnostic.previous_id) "
               "WHERE previous_id IS NOT NULL")
    op.create_table(
        "partner_notice",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("diagnostic_id", sa.Integer(),
                  sa.ForeignKey("diagnostic.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("partner_id", sa.Integer(),
                  sa.ForeignKey("diagnostic.id", ondelete="SET NULL"), nullable=True),
        sa.Column("alliance_id", sa.Integer(),
                  sa.ForeignKey("alliance.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_partner_notice_diagnostic_id", "partner_notice", ["diagnostic_id"])


def downgrade() -> None:
    op.drop_index("ix_partner_notice_diagnostic_id", table_name="partner_notice")
    op.drop_table("partner_notice")
    with op.batch_alter_table("diagnostic") as batch:
        batch.drop_column("previous_generation")
    with op.batch_alter_table("alliance") as batch:
        batch.drop_column("divergences")
