"""The database keeps no PDF or ZIP bytes: whatever `flask parcours storage migrate` has not
moved yet is moved to the file store here, then the bytes columns go

On a large database, run `flask db upgrade c3e5a7b9d1f2`, then `flask parcours storage migrate`
(in batches, resumable, while the site runs), then `flask db upgrade`: this step then finds
nothing left to move (docs/operator.md, « Upgrade »).

Revision ID: d4f6b8c0e2a4
Revises: c3e5a7b9d1f2
Create Date: 2026-12-07 00:41:00
"""

import sqlalchemy as sa
from alembic import op

from parcours.infra.storage import store
from parcours.services.storage_move import move_in

revision = "d4f6b8c0e2a4"
down_revision = "c3e5a7b9d1f2"
branch_labels = None
depends_on = None


def upgrade():
    move_in(op.get_bind(), store())  # `flask db upgrade` runs in the app: its store
    with op.batch_alter_table("rendered_pdf") as batch:
        batch.drop_column("data")
    with op.batch_alter_table("job") as batch:
        batch.drop_column("result")


def downgrade():
    # the bytes stay in the store: the columns come back empty
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("result", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("rendered_pdf") as batch:
        batch.add_column(sa.Column("data", sa.LargeBinary(), nullable=True))
