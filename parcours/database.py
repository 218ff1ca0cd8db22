"""Database set-up: SQLite pragmas for safe concurrent use."""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from .extensions import db


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers run beside a writer; the busy timeout waits for a lock, not fails."""
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """Write transactions take the write lock at BEGIN (IMMEDIATE), so the busy timeout applies.

    A deferred transaction that reads and then writes cannot wait for the lock: SQLite fails
    it at once with "database is locked". Reads stay deferred and never block.
    """
    immediate = connection.get_execution_options().get("sqlite_immediate")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def begin_write() -> None:
    """Start the session's transaction as a write transaction (call before any read)."""
    if db.engine.dialect.name == "sqlite" and not db.session().in_transaction():
        db.session.connection(execution_options={"sqlite_immediate": True})


def configure(app: Flask) -> None:
    """SQLite pragmas and transaction mode; POST requests are write transactions."""
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)

    @app.before_request
    def _writes_begin_immediately() -> None:
        if request.method == "POST":
            begin_write()
