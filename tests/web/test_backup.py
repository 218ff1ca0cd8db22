"""`flask parcours backup DEST` and `restore SRC`: a backup of a running site, given back to a
fresh instance, holds every diagnostic and every PDF; bad input gets a message, never a
traceback."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import make_url, select, text

from parcours import create_app
from parcours.infra.extensions import db
from parcours.infra.storage import store
from parcours.models import Diagnostic, RenderedPdf

from ..conftest import _config, _server, missing
from ..reports.pdftext import reader
from .participant import Participant

NAMES = ("Les Amis du Quartier", "Théâtre de la Poterne", "Jardins partagés")


def invoke(runner: FlaskCliRunner, *args: str) -> Result:
    return runner.invoke(args=["parcours", *args])


def failed(result: Result, message: str) -> None:
    """A clear message and exit code 1: no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: ") and message in result.output, result.output


def site(app: Flask, client: FlaskClient, tmp_path: Path) -> list[Participant]:
    """Three completed diagnostics with their PDFs (one in two languages), one in progress,
    files in a store folder and a development secret key."""
    extra = tmp_path / "site" / "files"  # a folder of files besides the store
    (extra / "ab").mkdir(parents=True)
    (extra / "ab" / "object.bin").write_bytes(os.urandom(5000))
    secret = tmp_path / "site" / "secret_key"
    secret.write_text("the-site-development-key", encoding="utf-8")
    app.config.update(BACKUP_FOLDERS=(str(extra),), SECRET_KEY_FILE=str(secret))
    people = []
    for name in NAMES:
        person = Participant(client)
        person.start(name=name)
        person.complete()
        assert client.get(f"/d/{person.public_id}/feuille-de-route.pdf").status_code == 200
        people.append(person)
    assert client.get(f"/d/{people[0].public_id}/feuille-de-route.pdf?lang=en").status_code == 200
    Participant(client).start(name="Pas encore fini")
    return people


def contents(app: Flask) -> tuple[dict[str, tuple[str, str]], dict[str, bytes]]:
    """Every diagnostic (status, organisation) and every PDF, by public id and key."""
    with app.app_context():
        diagnostics = {d.public_id: (d.status, d.organisation.name)
                       for d in db.session.scalars(select(Diagnostic))}
        pdfs = {p.key: store().read(p.object_key)
                for p in db.session.scalars(select(RenderedPdf))}
        db.session.remove()
    return diagnostics, pdfs


@pytest.fixture
def fresh(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """A fresh instance on another machine: an empty database of the same kind, empty
    folders, no secret key file yet (the same SECRET_KEY setting, as production gives it)."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    scratch = None
    if url.startswith("sqlite"):
        fresh_url = f"sqlite:///{tmp_path / 'fresh' / 'parcours.db'}"  # its folder not made yet
    else:
        base = make_url(url)
        scratch = f"{base.database}_restore"
        with _server(base) as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{scratch}"'))
        fresh_url = base.set(database=scratch).render_as_string(hide_password=False)
    other = create_app({**_config(fresh_url, str(tmp_path / "fresh" / "store")),
                        "BACKUP_FOLDERS": (str(tmp_path / "fresh" / "files"),),
                        "SECRET_KEY_FILE": str(tmp_path / "fresh" / "secret_key")})
    yield other
    other.extensions["parcours_jobs"].wait()
    other.extensions["parcours_render_pool"].close()
    with other.app_context():
        db.session.remove()
        db.engine.dispose()
    if scratch is not None:
        with _server(make_url(url)) as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))


def needs_pg_tools(app: Flask) -> None:
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") and \
            not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        missing("pg_dump and pg_restore (postgresql-client)")


def test_a_backup_restored_on_a_fresh_instance_gives_back_everything(
        app: Flask, client: FlaskClient, runner: FlaskCliRunner, fresh: Flask,
        tmp_path: Path) -> None:
    needs_pg_tools(app)
    people = site(app, client, tmp_path)
    diagnostics, pdfs = contents(app)
    assert len(diagnostics) == 4 and len(pdfs) == 4

    made = invoke(runner, "backup", str(tmp_path / "backup"))
    assert made.exit_code == 0, made.output
    assert "backup complete" in made.output
    assert "(4 files)" in made.output  # the store's four PDFs
    back = invoke(fresh.test_cli_runner(), "restore", str(tmp_path / "backup"))
    assert back.exit_code == 0, back.output
    assert "restored: 4 diagnostics, 4 PDFs" in back.output

    assert contents(fresh) == (diagnostics, pdfs)
    for data in pdfs.values():
        pages = reader(data).pages
        assert len(pages) >= 2
        first = " ".join((pages[0].extract_text() or "").split())
        assert any(name in first for name in NAMES), first[:200]
    stored = tmp_path / "fresh" / "files" / "ab" / "object.bin"
    assert stored.read_bytes() == (tmp_path / "site" / "files" / "ab" / "object.bin").read_bytes()
    assert (tmp_path / "fresh" / "secret_key").read_text() == "the-site-development-key"

    # a participant comes back on the restored site with their link and gets the same PDF
    visitor = fresh.test_client()
    person = people[1]
    assert visitor.get(urlsplit(person.resume_url).path).status_code == 302
    pdf = visitor.get(f"/d/{person.public_id}/feuille-de-route.pdf")
    assert pdf.status_code == 200 and pdf.data in pdfs.values()
    assert len(contents(fresh)[1]) == 4  # served from the restored PDFs, none rendered again


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # pg_dump's snapshot: above
def test_a_backup_is_consistent_while_the_site_writes(
        app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    """SQLite's online backup copies one snapshot, however busy the writers."""
    stop, started = threading.Event(), []

    def write() -> None:
        writer = app.test_client()
        while not stop.is_set():
            started.append(Participant(writer).start(name="Pendant la sauvegarde"))

    thread = threading.Thread(target=write)
    thread.start()
    try:
        made = []
        while len(started) < 5 or len(made) < 3:  # backups one after another, as it writes
            made.append(invoke(runner, "backup", str(tmp_path / f"backup{len(made)}")))
            assert len(made) < 200, "the writer is stuck"
    finally:
        stop.set()
        thread.join()
    for i, result in enumerate(made):
        assert result.exit_code == 0, result.output
        copy = sqlite3.connect(tmp_path / f"backup{i}" / "parcours.db")
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("PRAGMA foreign_key_check").fetchall() == []
        copy.close()


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_on_postgresql_without_pg_dump_the_command_is_printed(
        app: Flask, runner: FlaskCliRunner, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    app.config["BACKUP_FOLDERS"] = (str(tmp_path / "files"),)
    result = invoke(runner, "backup", str(tmp_path / "backup"))
    assert result.exit_code == 0, result.output
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).set(drivername="postgresql",
                                                              password=None)
    line = (f"    pg_dump --format=custom --no-owner --no-privileges "
            f"--file={tmp_path / 'backup' / 'parcours.dump'} "
            f"{url.render_as_string(hide_password=False)}")
    assert line in result.output.splitlines(), result.output
    assert "the database is not, until the command above runs" in result.output


@pytest.mark.parametrize(("prepare", "message"), [
    ("not_empty", "exists and is not empty"),
    ("a_file", "is a file, not a folder"),
    ("unwritable", "cannot write in /sys/parcours-backup-test"),
])
def test_backup_refuses_a_bad_destination(app: Flask, runner: FlaskCliRunner, tmp_path: Path,
                                          prepare: str, message: str) -> None:
    dest = tmp_path / "dest"
    if prepare == "not_empty":
        dest.mkdir()
        (dest / "precious.txt").write_text("do not overwrite")
    elif prepare == "a_file":
        dest.write_text("a file")
    else:
        dest = Path("/sys/parcours-backup-test")
    failed(invoke(runner, "backup", str(dest)), message)
    if prepare == "not_empty":
        assert (dest / "precious.txt").read_text() == "do not overwrite"


@pytest.mark.parametrize(("prepare", "message"), [
    ("missing", "is not a folder"),
    ("no_manifest", "is not a backup: it has no manifest.json"),
    ("garbage", "manifest.json cannot be read"),
    ("not_ours", "is not a backup of this app"),
    ("newer", "backup format 2 is not one this version reads"),
    ("no_database", "the backup is incomplete"),
])
def test_restore_refuses_what_is_not_a_backup(fresh: Flask, tmp_path: Path, prepare: str,
                                              message: str) -> None:
    src = tmp_path / "src"
    if prepare != "missing":
        src.mkdir()
    manifest = {"garbage": "{not json", "not_ours": '{"format": "something-else"}',
                "newer": '{"format": "parcours-backup", "version": 2}',
                "no_database": '{"format": "parcours-backup", "version": 1, "database": "%s"}'
                % ("sqlite" if fresh.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
                   else "postgresql")}.get(prepare)
    if manifest is not None:
        (src / "manifest.json").write_text(manifest)
    failed(invoke(fresh.test_cli_runner(), "restore", str(src)), message)


def test_restore_never_overwrites_a_site(app: Flask, client: FlaskClient,
                                         runner: FlaskCliRunner, tmp_path: Path) -> None:
    needs_pg_tools(app)
    app.config["BACKUP_FOLDERS"] = (str(tmp_path / "files"),)
    Participant(client).start()
    assert invoke(runner, "backup", str(tmp_path / "backup")).exit_code == 0
    before = contents(app)
    failed(invoke(runner, "restore", str(tmp_path / "backup")), "is not empty")
    assert contents(app) == before


def test_restore_refuses_a_backup_of_another_database(fresh: Flask, tmp_path: Path) -> None:
    other = "postgresql" if fresh.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") \
        else "sqlite"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "manifest.json").write_text(
        f'{{"format": "parcours-backup", "version": 1, "database": "{other}"}}')
    failed(invoke(fresh.test_cli_runner(), "restore", str(tmp_path / "src")),
           f"this backup holds a {other} database")


@pytest.mark.parametrize("command", ["backup", "restore", "status"])
def test_a_database_out_of_reach_is_said(tmp_path: Path, command: str) -> None:
    away = create_app({**_config("postgresql+psycopg://nobody@127.0.0.1:9/none"),
                       "BACKUP_FOLDERS": (str(tmp_path / "files"),)})
    if command == "restore":
        (tmp_path / "src").mkdir()
        (tmp_path / "src" / "parcours.dump").write_bytes(b"")
        (tmp_path / "src" / "manifest.json").write_text(
            '{"format": "parcours-backup", "version": 1, "database": "postgresql"}')
    args = [] if command == "status" else [str(tmp_path / "src")]
    failed(invoke(away.test_cli_runner(), command, *args),
           "the database cannot be used: connection failed")
    assert command == "restore" or not (tmp_path / "src").exists()
