"""organisation name search index

A trainer searches a cohort's participants by a part of their organisation's name
(`name LIKE '%…%'`), which no ordinary index serves: in a cohort of 10,000 it read every name
(bench/dashboard.py). SQLite gets an FTS5 table with the trigram tokenizer, kept in step with
`organisation` by triggers; PostgreSQL gets a trigram GIN index (pg_trgm), if the extension can
be created (it is a trusted extension from PostgreSQL 13; search works without it, slower).
Diagnostics also get the index their organisation_id deserves (it is a foreign key).

If a later migration rebuilds `organisation` in batch mode on SQLite, it drops the triggers:
create them again (TRIGGERS below).

Revision ID: d7e2a9c4f1b8
Revises: c4f1d2a7b9e3
Create Date: 2026-11-26 09:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d7e2a9c4f1b8"
down_revision = "c4f1d2a7b9e3"
branch_labels = None
depends_on = None

TRIGGERS = {
    "organisation_search_insert": "AFTER INSERT ON organisation BEGIN "
    "INSERT INTO organisation_search(rowid, name) VALUES (new.id, new.name); END",
    "organisation_search_delete": "AFTER DELETE ON organisation BEGIN "
    "INSERT INTO organisation_search(organisation_search, rowid, name) "
    "VALUES ('delete', old.id, old.name); END",
    "organisation_search_update": "AFTER UPDATE OF name ON organisation BEGIN "
    "INSERT INTO organisation_search(organisation_search, rowid, name) "
    "VALUES ('delete', old.id, old.name); "
    "INSERT INTO organisation_search(rowid, name) VALUES (new.id, new.name); END",
}
TRGM_INDEX = "ix_organisation_name_trgm"


def upgrade() -> None:
    op.create_index("ix_diagnostic_organisation_id", "diagnostic", ["organisation_id"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE organisation_search USING fts5(name, "
                   "content='organisation', content_rowid='id', tokenize='trigram')")
        op.execute("INSERT INTO organisation_search(organisation_search) VALUES ('rebuild')")
        for name, body in TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    elif bind.dialect.name == "postgresql":
        try:
            with bind.begin_nested():
                bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        except sa.exc.DBAPIError:
            return  # not allowed here: search scans the names
        op.execute(f"CREATE INDEX {TRGM_INDEX} ON organisation USING gin (name gin_trgm_ops)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS organisation_search")
    elif bind.dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")
    op.drop_index("ix_diagnostic_organisation_id", table_name="diagnostic")
