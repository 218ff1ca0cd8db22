"""A consent keeps the version of the text that was accepted

Consents given before have none recorded: the text they read is the one before the privacy page
(issue 16), which has no version; the column stays NULL for them.

Revision ID: d19b2b839296
Revises: d7f9a1b3c5e7
Create Date: 2026-11-28 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d19b2b839296"
down_revision = "d7f9a1b3c5e7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("diagnostic") as batch:
        batch.add_column(sa.Column("consent_version", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("diagnostic") as batch:
        batch.drop_column("consent_version")
