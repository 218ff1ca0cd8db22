"""Rate-limit counters that every web worker of one machine shares, without Redis: a storage for
`limits` (Flask-Limiter's counters) in a small SQLite file, `parcours+sqlite:///PATH`.

Why: with `memory://` each gunicorn worker counted alone, so a limit of 10 let 50 logins of 60
through. `limits` ships storages for Redis, Memcached and MongoDB only, each a server to run; a
file beside the app is what one machine needs (several machines share Redis: REDIS_URL).
The file is not the app's database: counting a login must not queue behind answer saves.
Each entry of the moving window is a row; `BEGIN IMMEDIATE` makes a check-and-count atomic
across processes. Counters are not precious: synchronous=OFF, and a lost file only resets them.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from limits.storage import MovingWindowSupport, Storage

SWEEP_EVERY = 600  # seconds
LONGEST_WINDOW = 86_400  # no limit of the app counts over more than a day
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entry (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS entry_key_at ON entry (key, at);
CREATE TABLE IF NOT EXISTS counter (key TEXT PRIMARY KEY, value INTEGER NOT NULL,
                                    expires REAL NOT NULL);
"""


class SQLiteStorage(Storage, MovingWindowSupport):
    """`limits` storage in one SQLite file, shared by every process that opens it."""

    STORAGE_SCHEME = ["parcours+sqlite"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: object) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self.path = uri.split("://", 1)[1] or "ratelimits.db"  # ///abs/path or rel/path
        self.local = threading.local()
        self.swept = 0.0

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened again after a fork (gunicorn's workers)."""
        connection: sqlite3.Connection | None = getattr(self.local, "connection", None)
        if connection is None or getattr(self.local, "pid", None) != os.getpid():
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")
            connection.executescript(_SCHEMA)
            self.local.connection, self.local.pid = connection, os.getpid()
        return connection

    def _write(self, statements: list[tuple[str, tuple[object, ...]]]) -> None:
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            for sql, args in statements:
                connection.execute(sql, args)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    # moving window (our strategy)
    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """Count `amount` hits if the window has room for them, atomically."""
        if amount > limit:
            return False
        connection = self._connection()
        now = time.time()
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute("DELETE FROM entry WHERE key = ? AND at < ?", (key, now - expiry))
            if now - self.swept > SWEEP_EVERY:  # the hits of other keys, older than any window
                self.swept = now
                connection.execute("DELETE FROM entry WHERE at < ?", (now - LONGEST_WINDOW,))
                connection.execute("DELETE FROM counter WHERE expires < ?", (now,))
            (count,) = connection.execute("SELECT count(*) FROM entry WHERE key = ?",
                                          (key,)).fetchone()
            room = count + amount <= limit
            if room:
                connection.executemany("INSERT INTO entry (key, at) VALUES (?, ?)",
                                       [(key, now)] * amount)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return room

    def release_entry(self, key: str, amount: int = 1) -> None:
        """Give back the newest `amount` hits of a key (attempts that did not fail)."""
        self._write([("DELETE FROM entry WHERE rowid IN (SELECT rowid FROM entry WHERE key = ? "
                      "ORDER BY at DESC LIMIT ?)", (key, amount))])

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        """The start of the window (its oldest hit) and the hits in it."""
        now = time.time()
        oldest, count = self._connection().execute(
            "SELECT min(at), count(*) FROM entry WHERE key = ? AND at >= ?",
            (key, now - expiry)).fetchone()
        return (oldest if oldest is not None else now), int(count)

    # fixed-window counters (other strategies)
    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        self._write([
            ("DELETE FROM counter WHERE key = ? AND expires <= ?", (key, now)),
            ("INSERT INTO counter (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO "
             "UPDATE SET value = value + excluded.value", (key, amount, now + expiry))])
        return self.get(key)

    def get(self, key: str) -> int:
        row = self._connection().execute(
            "SELECT value FROM counter WHERE key = ? AND expires > ?", (key, time.time())
        ).fetchone()
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._connection().execute(
            "SELECT expires FROM counter WHERE key = ?", (key,)).fetchone()
        return float(row[0]) if row else time.time()

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1")
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        self._write([("DELETE FROM entry", ()), ("DELETE FROM counter", ())])
        return None

    def clear(self, key: str) -> None:
        self._write([("DELETE FROM entry WHERE key = ?", (key,)),
                     ("DELETE FROM counter WHERE key = ?", (key,))])
