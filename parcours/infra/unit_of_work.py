"""Where a write goes: every write of the app is one `with transaction():` in a service function.

The context manager is the whole write-lock policy, in one place:

- on SQLite, the writer queue (a file lock beside the database, parcours/infra/database.py) and then
  `BEGIN IMMEDIATE`, so that concurrent writers wait their turn instead of failing with
  "database is locked"; on PostgreSQL, an ordinary transaction, in which a service locks the rows
  it must (`SELECT … FOR UPDATE`);
- any read transaction open before it is ended first: what the block reads, it reads under the
  lock (the session's objects are expired and read again when used);
- commit when the block ends, rollback when it raises.

The lock is held only while the block runs: hash passwords, score a page and render PDFs before
entering it. `write_unless_changed` is the optimistic form, for a write computed from a read
that is too slow to make under the lock (a page save, bench/web.py).

Views never open transactions; background jobs use the same context manager.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from .extensions import db

T = TypeVar("T")
V = TypeVar("V")
_DEPTH = "parcours_write_depth"
_AFTER = "parcours_after_commit"


def _begin_write() -> None:
    """Start the session's transaction as a write transaction (before any read)."""
    if db.engine.dialect.name == "sqlite":
        db.session.connection(execution_options={"sqlite_immediate": True})


@contextmanager
def transaction() -> Iterator[None]:
    """One write transaction: lock, write, commit (or roll back). A block inside another one
    joins it: a service may call another service."""
    session = db.session()
    depth = session.info.get(_DEPTH, 0)
    if depth:
        session.info[_DEPTH] = depth + 1
        try:
            yield
        finally:
            session.info[_DEPTH] = depth
        return
    if session.in_transaction():
        # a deferred SQLite transaction that has read cannot wait for the write lock: SQLite
        # fails it at once; so end the read, then begin again as a writer
        session.commit()
    _begin_write()
    session.info[_DEPTH] = 1
    session.info[_AFTER] = []
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        session.info[_AFTER] = []
        raise
    finally:
        session.info[_DEPTH] = 0
    after, session.info[_AFTER] = session.info[_AFTER], []
    for callback in after:
        callback()


def after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` once the current transaction has committed, and never if it rolls back:
    what lives outside the database (files in the store) follows the rows that point to it."""
    session = db.session()
    if not session.info.get(_DEPTH):
        raise RuntimeError("after_commit outside a transaction")
    session.info[_AFTER].append(callback)


def write_unless_changed(read: Callable[[], tuple[T, V]], version: Callable[[], V],
                         write: Callable[[T], None]) -> T:
    """Compute a write without the lock, then make it under the lock if nothing it was computed
    from changed meanwhile; if something did, compute it again under the lock, and write that.

    `read()` returns what to write and the version of the data it was computed from;
    `version()` reads that version again (inside the transaction). Holding the lock only to
    write is what lets many participants save pages at once (bench/web.py)."""
    result, seen = read()
    with transaction():
        if version() != seen:
            result, _ = read()
        write(result)
    return result
