"""Database set-up: SQLite pragmas for safe concurrent use, and its queue of writers."""

from __future__ import annotations

import fcntl
import os
import threading
from typing import Any

from flask import Flask
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine

from .extensions import db
from .unit_of_work import transaction

# Made by the migrations and not described by the models: the name search of each database
# (migrations/versions/d7e2a9c4f1b8_organisation_search.py, b4c6d8e0f2a4_…). Autogenerate leaves
# them be.
UNMODELLED = ("organisation_search", "ix_organisation_name_trgm",
              "ix_organisation_search_name_trgm")


def include_name(name: str | None, _type: str, _parents: Any) -> bool:
    """Alembic's `include_name`: everything but the objects above."""
    return not (name or "").startswith(UNMODELLED)


BUSY_TIMEOUT_MS = 15_000  # how long a SQLite statement waits for a lock before failing


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers run beside a writer; the busy timeout waits for a lock, not fails."""
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # deleted rows are overwritten with zeros, not left in free pages of the file: a deleted
    # diagnostic is gone from the disk too (docs/privacy.md, « Deleting »)
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


class WriterQueue:
    """Writers to one SQLite file wait their turn on a file lock, and the kernel wakes the next
    one the moment the last one commits.

    SQLite's own busy handler sleeps and polls (1, 2, 5 … 100 ms): with a few web workers
    saving answers at once, the write lock sat idle while they slept, and a save waited
    600 ms at the 95th percentile (bench/web.py). The file lock only orders the writers of
    this app; SQLite's lock still guards the file, and its busy timeout still applies to any
    other writer (a command-line tool, say). Each thread has its own descriptor, so threads
    queue too; the kernel drops the lock of a process that dies.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.local = threading.local()

    def acquire(self) -> None:
        if getattr(self.local, "held", False):
            return
        descriptor = getattr(self.local, "descriptor", None)
        if descriptor is None:
            descriptor = self.local.descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        self.local.held = True

    def release(self) -> None:
        if getattr(self.local, "held", False):
            self.local.held = False
            fcntl.flock(self.local.descriptor, fcntl.LOCK_UN)


def _sqlite_begin(queue: WriterQueue | None, connection: Connection) -> None:
    """Write transactions take the write lock at BEGIN (IMMEDIATE), so the busy timeout applies.

    A deferred transaction that reads and then writes cannot wait for the lock: SQLite fails
    it at once with "database is locked". Reads stay deferred and never block.
    """
    if not connection.get_execution_options().get("sqlite_immediate"):
        # straight to the driver: a deferred BEGIN takes no lock, and SQLAlchemy's way there
        # (a cursor, its events) was a fiftieth of a question page (bench/web.py)
        connection.connection.driver_connection.execute("BEGIN")  # type: ignore[union-attr]
        return
    if queue is not None:
        queue.acquire()
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        if queue is not None:
            queue.release()
        raise


def configure(app: Flask) -> None:
    """SQLite pragmas, and write transactions that queue (see parcours/infra/unit_of_work.py)."""
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            path = engine.url.database
            queue = (WriterQueue(f"{path}-writers") if path and path != ":memory:"
                     and not path.startswith("file:") else None)
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", lambda connection: _sqlite_begin(queue, connection))
            if queue is not None:
                for name in ("commit", "rollback"):
                    event.listen(engine, name, lambda _connection: queue.release())
                # a connection given back to the pool mid-transaction is rolled back by the
                # pool itself, without the event above
                app.teardown_appcontext(lambda _error: queue.release())


def scrub() -> None:
    """After deleting personal data from SQLite, leave none of it in the files either: the
    name search's index merges its segments (an FTS5 index keeps deleted entries until then),
    and the write-ahead log, which still holds the pages as they were before, is written back
    and emptied. Best effort: a reader still open keeps the log until the next checkpoint.
    PostgreSQL needs nothing here: VACUUM (autovacuum) reclaims deleted rows."""
    if db.engine.dialect.name != "sqlite":
        return
    with transaction():
        if db.session.scalar(text("SELECT 1 FROM sqlite_master "
                                  "WHERE name = 'organisation_search'")):
            db.session.execute(text(
                "INSERT INTO organisation_search(organisation_search) VALUES ('optimize')"))
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        # a quarter of a second at most: the checkpoint waits for every open reader, and the
        # participant who deleted should not wait the busy timeout's 15 s for one
        cursor.execute("PRAGMA busy_timeout=250")
        try:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.close()
    finally:
        raw.close()
