"""Comments belong to the cohort they were written in

Existing comments go to their diagnostic's present cohort; those on a diagnostic that is in no
cohort any more keep none, and no trainer sees them.

Revision ID: e4b7c0d5f2a6
Revises: d3a6b9c4e1f5
Create Date: 2026-11-27 17:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e4b7c0d5f2a6"
down_revision = "d3a6b9c4e1f5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("comment") as batch:
        batch.add_column(sa.Column("cohort_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_comment_cohort_id"), ["cohort_id"], unique=False)
        batch.create_foreign_key(batch.f("fk_comment_cohort_id_cohort"), "cohort",
                                 ["cohort_id"], ["id"], ondelete="CASCADE")
    op.execute("UPDATE comment SET cohort_id = (SELECT diagnostic.cohort_id FROM diagnostic "
               "WHERE diagnostic.id = comment.diagnostic_id)")


def downgrade():
    with op.batch_alter_table("comment") as batch:
        batch.drop_constraint(batch.f("fk_comment_cohort_id_cohort"), type_="foreignkey")
        batch.drop_index(batch.f("ix_comment_cohort_id"))
        batch.drop_column("cohort_id")
