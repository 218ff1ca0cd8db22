"""A trainer's display name, and when a participant last read the trainer's comments

Participants read a trainer's name, not the e-mail (comments, consent text, PDF); a comment
newer than `comments_seen_at` is marked « nouveau » on the participant's results page.

Revision ID: c6e8f0a2b4d6
Revises: b4c6d8e0f2a4
Create Date: 2026-11-27 17:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c6e8f0a2b4d6"
down_revision = "b4c6d8e0f2a4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("display_name", sa.String(120), nullable=True))
    with op.batch_alter_table("diagnostic") as batch:
        batch.add_column(sa.Column("comments_seen_at", sa.DateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("diagnostic") as batch:
        batch.drop_column("comments_seen_at")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("display_name")
