"""`flask --app app parcours status | backup DEST | restore SRC`: an operator's commands."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from . import backup as backups
from . import status as statuses


def size(count: int) -> str:
    """1536 → « 1.5 kB »: bytes as a person reads them."""
    value = float(count)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"  # pragma: no cover - the loop returns


def _counts(values: dict[str, Any], names: dict[str, str]) -> str:
    return " · ".join(f"{values.get(key, 0)} {label}" for key, label in names.items())


def lines(found: dict[str, Any]) -> list[str]:
    """The figures of services/status.py, one line per kind, for a terminal."""
    queue = found["queue"]
    if queue["backend"] == "rq":
        queued = (f"RQ {queue['name']!r}: " + _counts(queue, {
            "queued": "queued", "running": "running", "scheduled": "scheduled",
            "failed": "failed"})) if "error" not in queue else \
            f"RQ: Redis does not answer ({queue['error']})"
    else:
        queued = f"in-process: {queue['running']} running in this process (see /metrics)"
    mail = found["outbox"]
    rows = [
        ("diagnostics", _counts(found["diagnostics"], {"in_progress": "in progress",
                                                       "completed": "completed"})),
        ("PDFs", _counts(found["pdfs"], {"stored": "stored",
                                         "pending": "pending (completed, none rendered yet)"})),
        ("exports", _counts(found["exports"], {s: s for s in statuses.JOB_STATUSES})),
        ("queue", queued),
        ("outbox", ("e-mail on · " if mail["enabled"] else "e-mail off · ") + _counts(
            mail, {"queued": "queued", "sent": "sent", "failed": "failed"})),
        ("database", f"{found['database']['engine']}, {size(found['database']['bytes'])}"),
    ]
    rows += [("files", f"{name}: {folder['files']} files, {size(folder['bytes'])} "
                       f"({folder['path']})") for name, folder in found["files"].items()]
    return [f"{label:<12} {text}" for label, text in rows]


def unreachable(err: SQLAlchemyError) -> str:
    """The database's own words, without SQLAlchemy's statement and link."""
    reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
    return f"the database cannot be used: {reason}"


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@with_appcontext
def status_command(as_json: bool) -> None:
    """What the site holds and what waits: diagnostics, PDFs, queue, outbox, sizes."""
    try:
        found = statuses.figures()
    except SQLAlchemyError as err:
        raise click.ClickException(unreachable(err)) from None
    if as_json:
        click.echo(json.dumps(found, indent=2))
        return
    click.echo(f"Parcours status, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    for line in lines(found):
        click.echo(line)


@click.command("backup")
@click.argument("dest", type=click.Path(file_okay=True, dir_okay=True, path_type=Path))
@with_appcontext
def backup_command(dest: Path) -> None:
    """Back up the database and the files into DEST (a new or empty folder), while the site
    runs. On PostgreSQL, pg_dump does the database."""
    try:
        manifest = backups.backup(dest, click.echo)
    except (backups.BackupError, OSError, sqlite3.Error) as err:  # a full disk, say
        raise click.ClickException(str(err)) from None
    except SQLAlchemyError as err:
        raise click.ClickException(unreachable(err)) from None
    if manifest.get("pg_dump") == "to run":
        click.echo(f"{dest}: files backed up; the database is not, until the command above runs")
    else:
        click.echo(f"{dest}: backup complete")


@click.command("restore")
@click.argument("src", type=click.Path(path_type=Path))
@with_appcontext
def restore_command(src: Path) -> None:
    """Give back the backup in SRC to this fresh instance (its database and folders empty)."""
    try:
        backups.restore(src, click.echo)
    except (backups.BackupError, OSError, sqlite3.Error) as err:
        raise click.ClickException(str(err)) from None
    except SQLAlchemyError as err:
        raise click.ClickException(unreachable(err)) from None
