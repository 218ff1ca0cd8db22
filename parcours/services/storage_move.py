"""Moving the PDFs and export ZIPs that older versions kept in the database to the file store
(`flask parcours storage migrate`, and migration d4f6b8c0e2a4 for whatever is left).

Batch by batch: read a batch of rows that still hold bytes, write their files (no lock held),
then in one short transaction point each row to its file and empty its bytes column. Killed
at any moment, it starts again where it was: a row is moved or it is not, and a file written
for a row that was not updated is written again under the same key (its name holds its hash).
A row deleted meanwhile (an erasure) has its file deleted again at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..infra.storage import Store, Stored
from .pdfstore import PDF, object_key

_pdf = sa.table("rendered_pdf", sa.column("key", sa.String), sa.column("data", sa.LargeBinary),
                sa.column("object_key", sa.String), sa.column("size", sa.Integer),
                sa.column("sha256", sa.String))
_job = sa.table("job", sa.column("id", sa.Integer), sa.column("public_id", sa.String),
                sa.column("result", sa.LargeBinary), sa.column("result_key", sa.String),
                sa.column("result_size", sa.Integer), sa.column("result_sha256", sa.String))


@dataclass
class Moved:
    """Progress of a move: rows moved so far and their bytes, and how many are left."""

    pdfs: int = 0
    zips: int = 0
    size: int = 0
    left: int = 0


def columns_left(connection: Connection) -> tuple[bool, bool]:
    """Whether `rendered_pdf.data` and `job.result` still exist (before migration d4f6b8c0e2a4)."""
    inspector = sa.inspect(connection)
    return ("data" in {c["name"] for c in inspector.get_columns("rendered_pdf")},
            "result" in {c["name"] for c in inspector.get_columns("job")})


def to_move(connection: Connection) -> int:
    """How many rows still hold bytes."""
    pdfs, jobs = columns_left(connection)
    count = 0
    if pdfs:
        count += connection.scalar(sa.select(sa.func.count()).select_from(_pdf)
                                   .where(_pdf.c.data.is_not(None))) or 0
    if jobs:
        count += connection.scalar(sa.select(sa.func.count()).select_from(_job)
                                   .where(_job.c.result.is_not(None))) or 0
    return int(count)


Write = Callable[[], AbstractContextManager[Connection]]


def _batches(read: Callable[[], Connection], write: Write, store: Store, batch: int,
             rows: sa.Select[Any], put: Callable[[Any], Stored],
             emptied: Callable[[Any, Stored], sa.Update]) -> Iterator[tuple[int, int, int]]:
    """One table's rows, `batch` at a time: `rows` selects those still holding bytes (their id
    first), `put` writes a row's file, `emptied` points the row `id` to its file and empties its
    bytes, unless they are gone already. Yields, per batch, the rows moved, their bytes and the
    rows read."""
    while True:
        found = read().execute(rows.limit(batch)).all()
        if not found:
            return
        files = [(row[0], put(row)) for row in found]
        count = size = 0
        gone = []
        with write() as connection:
            for row_id, stored in files:
                if connection.execute(emptied(row_id, stored)).rowcount:
                    count, size = count + 1, size + stored.size
                else:  # deleted meanwhile (an erasure): its file goes too
                    gone.append(stored.key)
        store.delete(gone)
        yield count, size, len(found)


def move(read: Callable[[], Connection], write: Write, store: Store,
         batch: int = 100) -> Iterator[Moved]:
    """Move every row's bytes to `store`, `batch` rows at a time, yielding the progress after
    each batch. `read()` gives a connection to read a batch with; `write()` a transaction to
    update it in (the app's writer lock; the migration's own connection)."""
    pdfs, jobs = columns_left(read())
    moved = Moved(left=to_move(read()))
    tables = []  # the counter each moves, then _batches's three arguments
    if pdfs:
        tables.append(("pdfs", sa.select(_pdf.c.key, _pdf.c.data)
                       .where(_pdf.c.data.is_not(None)).order_by(_pdf.c.key),
                       lambda row: store.put(object_key(
                           row.key, hashlib.sha256(row.data).hexdigest()), row.data, PDF),
                       lambda key, put: _pdf.update().where(
                           _pdf.c.key == key, _pdf.c.data.is_not(None)).values(
                           object_key=put.key, size=put.size, sha256=put.sha256, data=None)))
    if jobs:
        tables.append(("zips", sa.select(_job.c.id, _job.c.public_id, _job.c.result)
                       .where(_job.c.result.is_not(None)).order_by(_job.c.id),
                       lambda row: store.put(f"exports/{row.public_id}.zip", row.result,
                                             "application/zip"),
                       lambda job_id, put: _job.update().where(
                           _job.c.id == job_id, _job.c.result.is_not(None)).values(
                           result_key=put.key, result_size=put.size,
                           result_sha256=put.sha256, result=None)))
    for counter, rows, put, emptied in tables:
        for count, size, read_rows in _batches(read, write, store, batch, rows, put, emptied):
            setattr(moved, counter, getattr(moved, counter) + count)
            moved.size += size
            moved.left = max(moved.left - read_rows, 0)
            yield moved


def move_in(connection: Connection, store: Store, batch: int = 100) -> Moved:
    """Move everything within one connection's transaction (the Alembic migration)."""
    moved = Moved()
    for progress in move(lambda: connection, lambda: nullcontext(connection), store, batch):
        moved = progress
    return moved
