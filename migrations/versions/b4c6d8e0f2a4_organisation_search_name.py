"""Organisation names searched without accents or case

« communaute » now finds « Communauté »: each organisation keeps its name as the search compares
it (no accents, no case, single spaces) in `search_name`, which the trigram indexes read instead
of `name` (SQLite FTS5; PostgreSQL pg_trgm when it may be created).

Revision ID: b4c6d8e0f2a4
Revises: f5c8d1e6a3b7
Create Date: 2026-11-27 17:40:00
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "b4c6d8e0f2a4"
down_revision = "f5c8d1e6a3b7"
branch_labels = None
depends_on = None

OLD_TRIGGERS = {
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
NEW_TRIGGERS = {
    "organisation_search_insert": "AFTER INSERT ON organisation BEGIN "
    "INSERT INTO organisation_search(rowid, search_name) VALUES (new.id, new.search_name); END",
    "organisation_search_delete": "AFTER DELETE ON organisation BEGIN "
    "INSERT INTO organisation_search(organisation_search, rowid, search_name) "
    "VALUES ('delete', old.id, old.search_name); END",
    "organisation_search_update": "AFTER UPDATE OF search_name ON organisation BEGIN "
    "INSERT INTO organisation_search(organisation_search, rowid, search_name) "
    "VALUES ('delete', old.id, old.search_name); "
    "INSERT INTO organisation_search(rowid, search_name) VALUES (new.id, new.search_name); END",
}
OLD_INDEX, NEW_INDEX = "ix_organisation_name_trgm", "ix_organisation_search_name_trgm"


def search_key(text: str) -> str:
    """parcours.models.search_key as of this revision (a migration does not import the app)."""
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def _fill(bind: sa.engine.Connection) -> None:
    organisation = sa.table("organisation", sa.column("id"), sa.column("name"),
                            sa.column("search_name"))
    rows = bind.execute(sa.select(organisation.c.id, organisation.c.name)).all()
    for ident, name in rows:
        bind.execute(organisation.update().where(organisation.c.id == ident)
                     .values(search_name=search_key(name)))


def _fts(bind: sa.engine.Connection, column: str, triggers: dict[str, str]) -> None:
    for name in triggers:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS organisation_search")
    op.execute(f"CREATE VIRTUAL TABLE organisation_search USING fts5({column}, "
               "content='organisation', content_rowid='id', tokenize='trigram')")
    op.execute("INSERT INTO organisation_search(organisation_search) VALUES ('rebuild')")
    for name, body in triggers.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def _trigram_index(bind: sa.engine.Connection, drop: str, create: str, column: str) -> None:
    op.execute(f"DROP INDEX IF EXISTS {drop}")
    try:
        with bind.begin_nested():
            bind.execute(sa.text(f"CREATE INDEX {create} ON organisation "
                                 f"USING gin ({column} gin_trgm_ops)"))
    except sa.exc.DBAPIError:
        pass  # pg_trgm not allowed here: search scans the names


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(sa.Column("search_name", sa.String(200), nullable=False,
                                   server_default=""))
    bind = op.get_bind()
    _fill(bind)
    if bind.dialect.name == "sqlite":
        _fts(bind, "search_name", NEW_TRIGGERS)
    elif bind.dialect.name == "postgresql":
        _trigram_index(bind, OLD_INDEX, NEW_INDEX, "search_name")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _fts(bind, "name", OLD_TRIGGERS)
    elif bind.dialect.name == "postgresql":
        _trigram_index(bind, NEW_INDEX, OLD_INDEX, "name")
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("search_name")
