"""Join tokens and codes are stored as SHA-256 hashes; resume and join secrets derive from seeds

Existing join tokens and codes are moved to their hashes (they keep working; the app can no longer
show them: their trainer makes new ones to see them). Existing diagnostics get no seed: their
resume link keeps working and can be renewed, not shown again.

Revision ID: d3a6b9c4e1f5
Revises: c2f5a8b3d0e4
Create Date: 2026-11-27 17:40:00
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "d3a6b9c4e1f5"
down_revision = "c2f5a8b3d0e4"
branch_labels = None
depends_on = None

cohort = sa.table("cohort", sa.column("id", sa.Integer), sa.column("join_token", sa.String),
                  sa.column("join_code", sa.String), sa.column("join_token_hash", sa.String),
                  sa.column("join_code_hash", sa.String))


def _sha256(value):
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def upgrade():
    with op.batch_alter_table("diagnostic") as batch:
        batch.add_column(sa.Column("resume_seed", sa.String(length=32), nullable=True))
    with op.batch_alter_table("cohort") as batch:
        batch.add_column(sa.Column("join_seed", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("join_token_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("join_code_hash", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    for row in connection.execute(sa.select(cohort.c.id, cohort.c.join_token,
                                            cohort.c.join_code)).all():
        connection.execute(cohort.update().where(cohort.c.id == row.id).values(
            join_token_hash=_sha256(row.join_token), join_code_hash=_sha256(row.join_code)))
    with op.batch_alter_table("cohort") as batch:
        batch.drop_constraint("uq_cohort_join_token", type_="unique")
        batch.drop_constraint("uq_cohort_join_code", type_="unique")
        batch.drop_column("join_token")
        batch.drop_column("join_code")
        batch.alter_column("join_token_hash", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("join_code_hash", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint("uq_cohort_join_token_hash", ["join_token_hash"])
        batch.create_unique_constraint("uq_cohort_join_code_hash", ["join_code_hash"])


def downgrade():
    # The secrets themselves are gone: a downgrade gives every cohort a new, random join link
    # and code (a trainer hands out new ones).
    import secrets

    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    with op.batch_alter_table("cohort") as batch:
        batch.add_column(sa.Column("join_token", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("join_code", sa.String(length=16), nullable=True))
    connection = op.get_bind()
    for row in connection.execute(sa.select(cohort.c.id)).all():
        connection.execute(cohort.update().where(cohort.c.id == row.id).values(
            join_token=secrets.token_urlsafe(16),
            join_code="".join(secrets.choice(alphabet) for _ in range(6))))
    with op.batch_alter_table("cohort") as batch:
        batch.drop_constraint("uq_cohort_join_token_hash", type_="unique")
        batch.drop_constraint("uq_cohort_join_code_hash", type_="unique")
        batch.drop_column("join_token_hash")
        batch.drop_column("join_code_hash")
        batch.drop_column("join_seed")
        batch.alter_column("join_token", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("join_code", existing_type=sa.String(length=16), nullable=False)
        batch.create_unique_constraint("uq_cohort_join_token", ["join_token"])
        batch.create_unique_constraint("uq_cohort_join_code", ["join_code"])
    with op.batch_alter_table("diagnostic") as batch:
        batch.drop_column("resume_seed")
