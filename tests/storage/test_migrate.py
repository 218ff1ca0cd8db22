"""Moving the PDFs an older version kept in the database to the store: `flask parcours storage
migrate` on 1,000 PDFs, killed half-way (a real process, SIGKILL) and run again; then migration
d4f6b8c0e2a4, which moves whatever is left itself and drops the bytes columns."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from parcours.infra.extensions import db
from parcours.infra.paths import ROOT
from parcours.infra.storage import store as file_store
from parcours.infra.unit_of_work import transaction
from parcours.models import Diagnostic
from parcours.services.retention import sweep
from parcours.services.storage_move import move

from ..web.people import diagnostic

BEFORE = "c3e5a7b9d1f2"  # the columns of the store are there, the bytes columns too
PDFS, ZIPS = 1_000, 5
_pdf = sa.table("rendered_pdf", sa.column("key"), sa.column("diagnostic_id"),
                sa.column("lang"), sa.column("data", sa.LargeBinary), sa.column("created_at"),
                sa.column("object_key"), sa.column("size"), sa.column("sha256"))
_job = sa.table("job", sa.column("public_id"), sa.column("kind"), sa.column("status"),
                sa.column("done"), sa.column("total"), sa.column("report", sa.JSON),
                sa.column("result", sa.LargeBinary), sa.column("created_at"),
                sa.column("updated_at"), sa.column("result_key"), sa.column("result_sha256"))


@contextmanager
def before_the_store(app: Flask) -> Iterator[None]:
    """The database as the version before this one left it; back to the head afterwards,
    whatever happens (the next tests expect it)."""
    with app.app_context():
        downgrade(revision=BEFORE)
        db.session.remove()
    try:
        yield
    finally:
        with app.app_context():
            db.session.remove()
            upgrade()
            db.session.remove()
            db.engine.dispose()


def old_rows(app: Flask, pdfs: int, zips: int) -> dict[str, bytes]:
    """`pdfs` PDFs and `zips` export ZIPs as an older version stored them: in the database."""
    ids = []
    for number in range(10):
        public_id = diagnostic(app, f"Association {number}")
        with app.app_context():
            ids.append(Diagnostic.query.filter_by(public_id=public_id).one().id)
    kept: dict[str, bytes] = {}
    now = datetime.now(UTC)
    with app.app_context():
        pdf_rows = []
        for number in range(pdfs):
            data = b"%PDF-1.7\n" + os.urandom(20_000 + number) + b"\n%%EOF\n"
            key = hashlib.sha256(f"key {number}".encode()).hexdigest()
            kept[key] = data
            pdf_rows.append({"key": key, "diagnostic_id": ids[number % 10], "lang": "fr",
                             "data": data, "created_at": now})
        db.session.execute(_pdf.insert(), pdf_rows)
        for number in range(zips):
            data = b"PK\x03\x04" + os.urandom(50_000)
            kept[f"job-{number}"] = data
            db.session.execute(_job.insert().values(
                public_id=f"job-{number}", kind="cohort_export", status="done", done=1, total=1,
                report={}, result=data, created_at=now, updated_at=now))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return kept


def command(database_url: str, storage_url: str, *args: str) -> subprocess.Popen[str]:
    """`flask parcours storage migrate` in a process of its own, on the test's database."""
    env = {**os.environ, "DATABASE_URL": database_url, "PARCOURS_STORAGE_URL": storage_url,
           "SECRET_KEY": "migrate-test", "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "flask", "--app", "app", "parcours", "storage", "migrate",
         *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True)


def moved_rows(app: Flask) -> tuple[int, int]:
    """Rows moved (bytes emptied, file named) and rows still holding bytes."""
    with app.app_context():
        moved = db.session.scalar(sa.select(sa.func.count()).select_from(_pdf).where(
            _pdf.c.data.is_(None), _pdf.c.object_key.is_not(None)))
        left = db.session.scalar(sa.select(sa.func.count()).select_from(_pdf).where(
            _pdf.c.data.is_not(None)))
        db.session.remove()
        return int(moved or 0), int(left or 0)


# Both databases and both stores, in two runs rather than four (the smaller test below takes the
# four pairs): the move is the same code whichever pair, and the longest test of the suite.
@pytest.mark.parametrize(("database_url", "storage_url"),
                         [("sqlite", "folder"), ("postgres", "s3")], indirect=True)
def test_the_move_of_1000_pdfs_survives_a_kill_and_goes_on_where_it_was(
        app: Flask, database_url: str, storage_url: str) -> None:
    with before_the_store(app):
        kept = old_rows(app, PDFS, ZIPS)
        first = command(database_url, storage_url, "--batch", "50")
        assert first.stdout is not None
        seen = []
        for line in first.stdout:
            seen.append(line)
            if line.startswith("moved 300/"):
                first.send_signal(signal.SIGKILL)  # mid-way, as a machine that goes down
                break
        first.wait(timeout=60)
        first.stdout.close()
        assert first.returncode == -signal.SIGKILL, "".join(seen)
        assert seen[0].startswith(f"{PDFS + ZIPS} rows to move to ")
        moved, left = moved_rows(app)
        assert 300 <= moved < PDFS and moved + left == PDFS

        second = command(database_url, storage_url, "--batch", "50")
        output, _ = second.communicate(timeout=600)
        assert second.returncode == 0, output
        lines = output.splitlines()
        assert lines[0].startswith(f"{PDFS + ZIPS - moved} rows to move")
        assert lines[-2].startswith(f"moved {PDFS + ZIPS - moved}/{PDFS + ZIPS - moved} (100 %)")
        assert lines[-1].startswith("done: the database holds no PDF bytes")
        assert moved_rows(app) == (PDFS, 0)

        with app.app_context():  # every row names its file, whose bytes are the ones it held
            store = file_store()
            rows = db.session.execute(sa.select(_pdf.c.key, _pdf.c.object_key, _pdf.c.size,
                                                _pdf.c.sha256)).all()
            for key, object_key, size, sha256 in rows:
                assert store.read(object_key) == kept[key]
                assert (size, sha256) == (len(kept[key]), hashlib.sha256(kept[key]).hexdigest())
            for public_id, result_key, sha256 in db.session.execute(
                    sa.select(_job.c.public_id, _job.c.result_key, _job.c.result_sha256)):
                assert store.read(result_key) == kept[public_id]
                assert sha256 == hashlib.sha256(kept[public_id]).hexdigest()
            # a file written before the kill and written again is one file: no stray. A write
            # the kill cut short leaves at most its temporary (a folder store writes one, then
            # renames it), never a whole file under another name; the purge's sweep deletes it
            # once it is an hour old, as it does any file no row points to
            listed = [found.key for found in store.listing()]
            cut_short = [key for key in listed if key.rsplit("/", 1)[-1].startswith(".part-")]
            assert len(listed) - len(cut_short) == PDFS + ZIPS and len(cut_short) <= 1, listed
            assert sweep(datetime.now(UTC) + timedelta(hours=2)) == len(cut_short)
            assert len(list(store.listing())) == PDFS + ZIPS
            db.session.remove()
    with app.app_context():  # the migration after it: nothing left to move, the columns go
        found = sa.inspect(db.engine)
        assert "data" not in {c["name"] for c in found.get_columns("rendered_pdf")}
        assert "result" not in {c["name"] for c in found.get_columns("job")}
    again = command(database_url, storage_url)
    assert again.communicate(timeout=120)[0].strip().endswith(
        "nothing to move: the database holds no PDF bytes (migration d4f6b8c0e2a4)")


def test_the_migration_moves_what_the_command_did_not_then_drops_the_bytes(
        app: Flask, storage_url: str) -> None:
    with before_the_store(app):
        kept = old_rows(app, 30, 2)
    with app.app_context():  # `flask db upgrade` has just run (the context manager's exit)
        store = file_store()
        rows = db.session.execute(sa.select(_pdf.c.key, _pdf.c.object_key)).all()
        assert len(rows) == 30
        assert all(store.read(object_key) == kept[key] for key, object_key in rows)
        found = sa.inspect(db.engine)
        assert "data" not in {c["name"] for c in found.get_columns("rendered_pdf")}
        assert len(list(store.listing())) == 32


def test_a_row_deleted_between_its_read_and_its_write_leaves_no_file(
        app: Flask, storage_url: str) -> None:
    with before_the_store(app):
        kept = old_rows(app, 6, 2)
        with app.app_context():
            store = file_store()
            victim = min(key for key in kept if not key.startswith("job-"))  # the first read
            deleted = []

            @contextmanager
            def write() -> Iterator[sa.Connection]:  # as the command's, after an erasure
                with transaction():
                    connection = db.session.connection()
                    if not deleted:
                        deleted.append(connection.execute(
                            _pdf.delete().where(_pdf.c.key == victim)).rowcount)
                        deleted.append(connection.execute(
                            _job.delete().where(_job.c.public_id == "job-0")).rowcount)
                    yield connection

            def read() -> sa.Connection:
                db.session.rollback()
                return db.session.connection()

            progress = [(m.pdfs, m.zips, m.left) for m in move(read, write, store, batch=4)]
            assert deleted == [1, 1]
            # the first batch: 3 of its 4 PDFs moved, the 4th row gone with its file; `left`
            # counts down the rows read, so the ZIP deleted before it was read stays in it
            assert progress == [(3, 0, 4), (5, 0, 2), (5, 1, 1)]
            assert moved_rows(app) == (5, 0)
            assert len(list(store.listing())) == 5 + 1  # no file for either deleted row
            db.session.remove()
