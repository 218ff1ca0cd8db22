"""PDFs and export ZIPs go to the file store: their rows get the file's key, size and SHA-256;
the bytes columns may be empty from now on (`flask parcours storage migrate` empties them)

Revision ID: c3e5a7b9d1f2
Revises: b7d2e9f4a1c6
Create Date: 2026-12-07 00:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c3e5a7b9d1f2"
down_revision = "b7d2e9f4a1c6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("rendered_pdf") as batch:
        batch.add_column(sa.Column("object_key", sa.String(200), nullable=True))
        batch.add_column(sa.Column("size", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("sha256", sa.String(64), nullable=True))
        batch.alter_column("data", existing_type=sa.LargeBinary(), nullable=True)
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("result_key", sa.String(200), nullable=True))
        batch.add_column(sa.Column("result_size", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("result_sha256", sa.String(64), nullable=True))


def downgrade():
    # a row whose bytes are in the store only cannot go back: its PDF is rendered again
    op.execute("DELETE FROM rendered_pdf WHERE data IS NULL")
    op.execute("UPDATE job SET status = 'withdrawn' WHERE result IS NULL AND status = 'done'")
    with op.batch_alter_table("job") as batch:
        batch.drop_column("result_sha256")
        batch.drop_column("result_size")
        batch.drop_column("result_key")
    with op.batch_alter_table("rendered_pdf") as batch:
        batch.alter_column("data", existing_type=sa.LargeBinary(), nullable=False)
        batch.drop_column("sha256")
        batch.drop_column("size")
        batch.drop_column("object_key")
