"""The admins' audit log (append-only), cohort hand-overs, duplicates in a cohort

Issue 31, items 6 and 7: a cohort's CSV format (`,` or `;`); organisation names searched with
hyphens and apostrophes as spaces (every search_name written again).

Issue 30, M5: every admin action on an account or a cohort is a row of `admin_audit`, which
the database itself refuses to update or delete (triggers on SQLite and PostgreSQL): no admin,
and no code path of the app, edits it. Issue 31, items 4 and 5: `cohort_handover` says to whom
a cohort's participants had given their consent; `diagnostic.duplicate_of_id` marks a row that
counts and exports leave out.

Revision ID: c1a5d7e9b3f2
Revises: c3a7e9d1f5b2
Create Date: 2026-12-06 21:00:00
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "c1a5d7e9b3f2"
down_revision = "c3a7e9d1f5b2"  # after the collective's rounds
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = {
    "admin_audit_no_update": "BEFORE UPDATE ON admin_audit BEGIN "
    "SELECT RAISE(ABORT, 'admin_audit is append-only'); END",
    "admin_audit_no_delete": "BEFORE DELETE ON admin_audit BEGIN "
    "SELECT RAISE(ABORT, 'admin_audit is append-only'); END",
}
PG_FUNCTION = ("CREATE OR REPLACE FUNCTION admin_audit_append_only() RETURNS trigger "
               "LANGUAGE plpgsql AS $$ BEGIN "
               "RAISE EXCEPTION 'admin_audit is append-only'; END $$")
PG_TRIGGER = ("CREATE TRIGGER admin_audit_append_only BEFORE UPDATE OR DELETE ON admin_audit "
              "FOR EACH ROW EXECUTE FUNCTION admin_audit_append_only()")


# ligatures spelt out; hyphens, dashes and apostrophes are spaces (other signs stay: « 50 % »)
_FOLD = str.maketrans({"œ": "oe", "æ": "ae", **dict.fromkeys("-‐‑‒–—―'’‘ʼ`´", " ")})


def search_key(text: str) -> str:
    """parcours.models.search_key as of this revision: hyphens and apostrophes are spaces
    (« saint etienne » finds « Saint-Étienne »), ligatures spelt out."""
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch))
    return " ".join(bare.casefold().translate(_FOLD).split())


def _refill_search_names(bind: sa.engine.Connection) -> None:
    """Every organisation's search_name written again (SQLite's FTS table follows by its
    update trigger; PostgreSQL's trigram index by itself)."""
    organisation = sa.table("organisation", sa.column("id"), sa.column("name"),
                            sa.column("search_name"))
    rows = bind.execute(sa.select(organisation.c.id, organisation.c.name,
                                  organisation.c.search_name)).all()
    for ident, name, old in rows:
        new = search_key(name)
        if new != old:
            bind.execute(organisation.update().where(organisation.c.id == ident)
                         .values(search_name=new))


def upgrade() -> None:
    _refill_search_names(op.get_bind())
    with op.batch_alter_table("cohort") as batch:
        batch.add_column(sa.Column("csv_separator", sa.String(1), nullable=False,
                                   server_default=","))
    op.create_table(
        "admin_audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_email", sa.String(254), nullable=True),
        sa.Column("actor_name", sa.String(120), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("subject_email", sa.String(254), nullable=True),
        sa.Column("subject_name", sa.String(120), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
    )
    op.create_index("ix_admin_audit_at", "admin_audit", ["at"])
    op.create_index("ix_admin_audit_actor_at", "admin_audit", ["actor_id", "at"])
    op.create_index("ix_admin_audit_subject_at", "admin_audit", ["subject_id", "at"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    elif bind.dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
    op.create_table(
        "cohort_handover",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("cohort_id", sa.Integer(),
                  sa.ForeignKey("cohort.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_name", sa.String(120), nullable=True),
        sa.Column("from_email", sa.String(254), nullable=False),
        sa.Column("to_name", sa.String(120), nullable=True),
        sa.Column("to_email", sa.String(254), nullable=False),
    )
    op.create_index("ix_cohort_handover_cohort_id", "cohort_handover", ["cohort_id"])
    with op.batch_alter_table("diagnostic") as batch:
        batch.add_column(sa.Column("duplicate_of_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_diagnostic_duplicate_of_id_diagnostic", "diagnostic",
                                 ["duplicate_of_id"], ["id"], ondelete="SET NULL")
    # the dashboard's counts leave duplicates out and still read this index alone
    op.drop_index("ix_diagnostic_cohort_status", table_name="diagnostic")
    op.create_index("ix_diagnostic_cohort_status", "diagnostic",
                    ["cohort_id", "status", "level", "reviewed_at", "global_score",
                     "duplicate_of_id"])


def downgrade() -> None:
    with op.batch_alter_table("cohort") as batch:
        batch.drop_column("csv_separator")
    op.drop_index("ix_diagnostic_cohort_status", table_name="diagnostic")
    op.create_index("ix_diagnostic_cohort_status", "diagnostic",
                    ["cohort_id", "status", "level", "reviewed_at", "global_score"])
    with op.batch_alter_table("diagnostic") as batch:
        batch.drop_constraint("fk_diagnostic_duplicate_of_id_diagnostic", type_="foreignkey")
        batch.drop_column("duplicate_of_id")
    op.drop_index("ix_cohort_handover_cohort_id", table_name="cohort_handover")
    op.drop_table("cohort_handover")
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS admin_audit_append_only ON admin_audit")
        op.execute("DROP FUNCTION IF EXISTS admin_audit_append_only()")
    op.drop_index("ix_admin_audit_subject_at", table_name="admin_audit")
    op.drop_index("ix_admin_audit_actor_at", table_name="admin_audit")
    op.drop_index("ix_admin_audit_at", table_name="admin_audit")
    op.drop_table("admin_audit")
