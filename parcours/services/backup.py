"""Backups while the app runs, and their restore on a fresh instance (docs/operator.md,
« Back up and restore »).

A backup is a folder: `manifest.json` (what it holds), the database (`parcours.db`, SQLite's
online backup API: one consistent copy, taken while writers go on, since WAL readers block no
one; or `parcours.dump`, pg_dump's custom format), then the file store's objects (PDFs and
export ZIPs, under `files/store/`, from a folder or S3 alike), the folders of files
(BACKUP_FOLDERS, under `files/`), and the development secret key when there is one. The
database is copied first, the files after: every file the copied database names is in the
backup, unless it was erased in between (and then the backup should not bring it back anyway).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, with argument lists, never a shell
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import inspect, text
from sqlalchemy.engine import URL

from ..infra import storage
from ..infra.extensions import db

FORMAT, VERSION = "parcours-backup", 1
MANIFEST, SQLITE_FILE, PG_DUMP_FILE, FILES, SECRET = (
    "manifest.json", "parcours.db", "parcours.dump", "files", "secret_key")
# The file store (PDFs, export ZIPs: infra/storage.py, a folder or S3) is copied through its
# own interface, under files/store/ in a backup, and put back the same way. Other folders of
# files a backup copies, relative to instance/ unless absolute: the settings' BACKUP_FOLDERS
# (PARCOURS_BACKUP_FOLDERS). Add a folder here when the app starts keeping files somewhere new.
STORE = "store"
FILE_FOLDERS: tuple[str, ...] = ()
_TYPES = {".pdf": "application/pdf", ".zip": "application/zip"}


class BackupError(Exception):
    """A backup or a restore that cannot be done; the message says why, for the operator."""


def folders() -> dict[str, Path]:
    """The folders of files to back up, by their name in a backup."""
    instance = Path(current_app.instance_path)
    found: dict[str, Path] = {}
    for entry in current_app.config.get("BACKUP_FOLDERS") or FILE_FOLDERS:
        path = Path(entry) if Path(entry).is_absolute() else instance / entry
        if path.name in found or path.name == STORE:
            raise BackupError(f"two folders to back up are named {path.name!r}: "
                              f"{found[path.name]} and {path}")
        found[path.name] = path
    return found


def libpq_url(url: URL) -> tuple[str, dict[str, str]]:
    """A PostgreSQL URL as pg_dump reads it (no driver name, no password) and the environment
    that carries the password, so that it shows neither on screen nor in `ps`."""
    env = {"PGPASSWORD": url.password} if url.password else {}
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def pg_dump_command(url: URL, dump: Path) -> list[str]:
    """The pg_dump command that writes the database of `url` to `dump`."""
    return ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
            f"--file={dump}", libpq_url(url)[0]]


def pg_restore_command(url: URL, dump: Path) -> list[str]:
    """The pg_restore command that loads `dump` into the (empty) database of `url`."""
    return ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
            f"--dbname={libpq_url(url)[0]}", str(dump)]


def _new_folder(dest: Path) -> None:
    if dest.exists() and not dest.is_dir():
        raise BackupError(f"{dest} is a file, not a folder: give a new folder")
    if dest.is_dir() and any(dest.iterdir()):
        raise BackupError(f"{dest} exists and is not empty: give a new or an empty folder "
                          "(a backup never overwrites another)")
    try:
        dest.mkdir(parents=True, exist_ok=True)
        probe = dest / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as err:
        raise BackupError(f"cannot write in {dest}: {err.strerror or err}") from None


def _sqlite_copy(source: str, target: str) -> None:
    """Copy a SQLite database with the online backup API, into one self-contained file."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # one step: a consistent snapshot; WAL writers are not blocked
        dst.execute("PRAGMA journal_mode=DELETE")
        checked = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if checked != "ok":
            raise BackupError(f"the copy of the database failed its integrity check: {checked}")
    finally:
        dst.close()
        src.close()


def _figures(connection: sqlite3.Connection | None) -> dict[str, Any]:
    """What a backup holds, for its manifest and for the restore to check."""
    def one(sql: str) -> Any:
        if connection is not None:
            return connection.execute(sql).fetchone()[0]
        return db.session.scalar(text(sql))

    return {"revision": one("SELECT version_num FROM alembic_version"),
            "diagnostics": one("SELECT count(*) FROM diagnostic"),
            "pdfs": one("SELECT count(*) FROM rendered_pdf")}


def _copy_store(dest: Path, say: Callable[[str], None]) -> int:
    """Every object of the file store, by its key, under files/store/ in `dest`."""
    store, count = storage.store(), 0
    for item in store.listing():
        target = dest / FILES / STORE / item.key
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(store.read(item.key))
        count += 1
    say(f"files: the store ({store.kind} {store.where}) → {dest / FILES / STORE} "
        f"({count} files)")
    return count


def _restore_store(src: Path, say: Callable[[str], None]) -> None:
    saved = src / FILES / STORE
    if not saved.is_dir():
        return
    store = storage.store()
    count = 0
    for path in sorted(p for p in saved.rglob("*") if p.is_file()):
        key = path.relative_to(saved).as_posix()
        store.put(key, path.read_bytes(), _TYPES.get(path.suffix, "application/octet-stream"))
        count += 1
    say(f"files: {saved} → the store ({store.kind} {store.where}, {count} files)")


def _copy_files(dest: Path, say: Callable[[str], None]) -> dict[str, int]:
    copied: dict[str, int] = {STORE: _copy_store(dest, say)}
    for name, path in folders().items():
        if not path.is_dir():
            say(f"files: {path} does not exist (nothing stored there yet)")
            continue
        shutil.copytree(path, dest / FILES / name, symlinks=True)
        copied[name] = sum(1 for p in (dest / FILES / name).rglob("*") if p.is_file())
        say(f"files: {path} → {dest / FILES / name} ({copied[name]} files)")
    return copied


def backup(dest: Path, say: Callable[[str], None]) -> dict[str, Any]:
    """Back up the database and the files into `dest` (new or empty); the manifest written.
    `say` is told each step. On PostgreSQL without pg_dump, what to run is said instead."""
    _new_folder(dest)
    try:
        return _backup(dest, say)
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)  # only what this backup wrote: it was empty
        raise


def _backup(dest: Path, say: Callable[[str], None]) -> dict[str, Any]:
    url = db.engine.url
    manifest: dict[str, Any] = {"format": FORMAT, "version": VERSION,
                                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                                "database": db.engine.dialect.name}
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise BackupError("an in-memory SQLite database cannot be backed up")
        _sqlite_copy(url.database, str(dest / SQLITE_FILE))
        with sqlite3.connect(dest / SQLITE_FILE) as copy:
            manifest.update(_figures(copy))
        say(f"database: {url.database} → {dest / SQLITE_FILE} (SQLite online backup, "
            f"{manifest['diagnostics']} diagnostics, {manifest['pdfs']} PDFs)")
    else:
        # counted by pg_dump's own snapshot only: the restore counts what it gets back
        manifest["revision"] = _figures(None)["revision"]
        command = pg_dump_command(url, dest / PG_DUMP_FILE)
        if shutil.which("pg_dump") is None:
            manifest["pg_dump"] = "to run"
            say("database: pg_dump is not installed here; run, before anything else writes "
                "(install postgresql-client of the server's version; the password, if any, "
                "in PGPASSWORD or ~/.pgpass):")
            say("    " + shlex.join(command))
        else:
            _run(command, url)
            manifest["pg_dump"] = "done"
            say("database: " + shlex.join(command))
    secret = current_app.config.get("SECRET_KEY_FILE")
    if secret and Path(secret).is_file():
        shutil.copy2(secret, dest / SECRET)
        (dest / SECRET).chmod(0o600)
        manifest["secret_key"] = True
        say(f"secret key: {secret} → {dest / SECRET} (keep this backup as private as the key)")
    manifest["files"] = _copy_files(dest, say)
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def _run(command: list[str], url: URL) -> None:
    env = {**os.environ, **libpq_url(url)[1]}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed (exit {done.returncode}): "
                          f"{done.stderr.strip()[:800]}")


def read_manifest(src: Path) -> dict[str, Any]:
    """The manifest of the backup in `src`, or BackupError when `src` is no backup."""
    path = src / MANIFEST
    if not src.is_dir():
        raise BackupError(f"{src} is not a folder: give the folder `flask parcours backup` made")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{src} is not a backup: it has no {MANIFEST}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BackupError(f"{path} cannot be read: {err}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{src} is not a backup of this app ({MANIFEST} is not ours)")
    if manifest.get("version") != VERSION:
        raise BackupError(f"{src}: backup format {manifest.get('version')!r} is not one this "
                          f"version reads ({VERSION})")
    return manifest


def _empty_database() -> None:
    tables = [t for t in inspect(db.engine).get_table_names() if not t.startswith("sqlite_")]
    if tables:
        raise BackupError(f"the database {db.engine.url.render_as_string()} is not empty "
                          f"({len(tables)} tables): restore into a fresh instance, or move "
                          "this database away first")


def _empty_targets() -> dict[str, Path]:
    store = storage.store()
    if next(iter(store.listing()), None) is not None:
        raise BackupError(f"the file store ({store.kind} {store.where}) is not empty: restore "
                          "into a fresh instance")
    targets = folders()
    for path in targets.values():
        if path.is_dir() and any(path.iterdir()):
            raise BackupError(f"{path} is not empty: restore into a fresh instance")
    return targets


def restore(src: Path, say: Callable[[str], None]) -> dict[str, Any]:
    """Give back the backup in `src` to this fresh instance (empty database and folders)."""
    manifest = read_manifest(src)
    url = db.engine.url
    here = db.engine.dialect.name
    if manifest.get("database") != here:
        kind = manifest.get("database")
        raise BackupError(f"this backup holds a {kind} database and DATABASE_URL is {here}: "
                          f"set DATABASE_URL to an empty {kind} database")
    name = SQLITE_FILE if here == "sqlite" else PG_DUMP_FILE
    if not (src / name).is_file():
        raise BackupError(f"{src} has no {name}: the backup is incomplete")
    if here == "sqlite":  # a fresh instance: its folder may not be made yet
        Path(str(url.database)).parent.mkdir(parents=True, exist_ok=True)
    _empty_database()
    targets = _empty_targets()
    db.session.remove()
    db.engine.dispose()
    if here == "sqlite":
        _sqlite_copy(str(src / SQLITE_FILE), str(url.database))
        with sqlite3.connect(str(url.database)) as restored:
            restored.execute("PRAGMA journal_mode=WAL")
        say(f"database: {src / SQLITE_FILE} → {url.database}")
    elif shutil.which("pg_restore") is None:
        say("database: pg_restore is not installed here; run (the password, if any, in "
            "PGPASSWORD or ~/.pgpass):")
        say("    " + shlex.join(pg_restore_command(url, src / name)))
    else:
        _run(pg_restore_command(url, src / name), url)
        say("database: " + shlex.join(pg_restore_command(url, src / name)))
    _restore_store(src, say)
    for folder, target in targets.items():
        saved = src / FILES / folder
        if saved.is_dir():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(saved, target, symlinks=True, dirs_exist_ok=True)
            say(f"files: {saved} → {target}")
    secret = current_app.config.get("SECRET_KEY_FILE")
    if (src / SECRET).is_file():
        if secret:
            shutil.copy2(src / SECRET, secret)
            Path(secret).chmod(0o600)
            say(f"secret key: {src / SECRET} → {secret}")
        else:
            say("secret key: the backup has instance/secret_key but SECRET_KEY is set: it must "
                "be the key of the backed-up site, or resume links and codes stop working")
    if here != "sqlite" and shutil.which("pg_restore") is None:
        return manifest
    found = _figures(None)
    for key in ("diagnostics", "pdfs"):
        if key in manifest and found[key] != manifest[key]:
            raise BackupError(f"the restored database has {found[key]} {key} where the backup "
                              f"says {manifest.get(key)}")
    say(f"restored: {found['diagnostics']} diagnostics, {found['pdfs']} PDFs, database at "
        f"revision {found['revision']} (run `flask --app app db upgrade` if this code is newer)")
    return manifest
