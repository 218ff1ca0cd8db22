"""Each cohort is created for one questionnaire

A cohort made before is for the questionnaire of its latest diagnostic, and for A.D.O.C. when it
has none (A.D.O.C. was then the only questionnaire served).

Revision ID: d7f9a1b3c5e7
Revises: c6e8f0a2b4d6
Create Date: 2026-11-27 19:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d7f9a1b3c5e7"
down_revision = "c6e8f0a2b4d6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cohort") as batch:
        batch.add_column(sa.Column("questionnaire_key", sa.String(48), nullable=True))
    op.execute(
        "UPDATE cohort SET questionnaire_key = (SELECT d.questionnaire_key FROM diagnostic d "
        "WHERE d.cohort_id = cohort.id ORDER BY d.id DESC LIMIT 1)")
    op.execute("UPDATE cohort SET questionnaire_key = 'adoc' WHERE questionnaire_key IS NULL")
    with op.batch_alter_table("cohort") as batch:
        batch.alter_column("questionnaire_key", existing_type=sa.String(48), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("cohort") as batch:
        batch.drop_column("questionnaire_key")
