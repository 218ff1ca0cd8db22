"""The figures an operator watches (docs/operator.md, « Monitor »): `flask parcours status` prints
them, `/metrics` shows them to Prometheus. Counts only: no name, no address, no id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import exists, func, select, text

from ..infra.extensions import db
from ..mail import outbox
from ..models import (
    COMPLETED,
    IN_PROGRESS,
    MAIL_FAILED,
    MAIL_QUEUED,
    MAIL_SENT,
    Diagnostic,
    Job,
    RenderedPdf,
)
from .backup import folders

JOB_STATUSES = ("queued", "running", "done", "failed")


def _by_status(column: Any, statuses: tuple[str, ...]) -> dict[str, int]:
    found = {status: int(n) for status, n in db.session.execute(
        select(column, func.count()).group_by(column))}
    return {status: found.get(status, 0) for status in statuses}


def database_bytes() -> int:
    """The size of the database: its SQLite file and write-ahead log, or PostgreSQL's figure."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.is_file())
    return int(db.session.scalar(text("SELECT pg_database_size(current_database())")) or 0)


def files() -> dict[str, dict[str, Any]]:
    """Each folder of files (services/backup.py's BACKUP_FOLDERS): its files and bytes."""
    found = {}
    for name, path in folders().items():
        sizes = [p.stat().st_size for p in path.rglob("*") if p.is_file()] \
            if path.is_dir() else []
        found[name] = {"path": str(path), "files": len(sizes), "bytes": sum(sizes)}
    return found


def queue() -> dict[str, Any]:
    """The background queue: RQ's (REDIS_URL) or this process's in-process runner."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        runner = current_app.extensions["parcours_jobs"]  # this process's (/metrics: all)
        return {"backend": "in-process", "running": sum(not f.done() for f in runner.pending)}
    from redis import Redis, RedisError
    from rq import Queue

    try:
        rq = Queue(current_app.config["RQ_QUEUE"], connection=Redis.from_url(
            url, socket_timeout=5, socket_connect_timeout=5))
        return {"backend": "rq", "name": rq.name, "queued": rq.count,
                "running": rq.started_job_registry.count,
                "scheduled": rq.scheduled_job_registry.count,
                "failed": rq.failed_job_registry.count}
    except RedisError as err:
        return {"backend": "rq", "error": f"{type(err).__name__}: {err}"}


def figures() -> dict[str, Any]:
    """Everything `status` prints, as plain data (its `--json`)."""
    without_pdf = select(func.count()).select_from(Diagnostic).where(
        Diagnostic.status == COMPLETED,
        ~exists().where(RenderedPdf.diagnostic_id == Diagnostic.id))
    mail = outbox.counts()
    return {
        "diagnostics": _by_status(Diagnostic.status, (IN_PROGRESS, COMPLETED)),
        # pending: completed, with no PDF stored yet (rendered at the first download, or by
        # the prerender job; a failed render leaves one pending)
        "pdfs": {"stored": db.session.scalar(select(func.count()).select_from(RenderedPdf)),
                 "pending": db.session.scalar(without_pdf)},
        "exports": _by_status(Job.status, JOB_STATUSES),
        "queue": queue(),
        "outbox": {"enabled": outbox.enabled(),
                   **{s: mail.get(s, 0) for s in (MAIL_QUEUED, MAIL_SENT, MAIL_FAILED)}},
        "database": {"engine": db.engine.dialect.name, "bytes": database_bytes()},
        "files": files(),
    }
