"""Background work. Jobs that a user waits for live in the database (the `Job` table).

By default they run in this process: a small thread pool runs each job inside an app context,
and the heavy part, rendering, happens in pools of worker processes. With REDIS_URL set, they go
to an RQ queue instead and `rq worker` processes (on this machine or others sharing the database)
run them: `rq worker --url "$REDIS_URL" parcours`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from flask import Flask, current_app

log = logging.getLogger(__name__)


class Jobs:
    """Runs callables in the background with the app's context; remembers them for `wait`."""

    def __init__(self, app: Flask, threads: int = 2) -> None:
        self.app = app
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="job")
        self.pending: list[Future[Any]] = []

    def submit(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run `function(*args)` soon, in an app context; failures are logged, never raised."""
        def run() -> Any:
            with self.app.app_context():
                try:
                    return function(*args)
                except Exception:
                    log.exception("background job %s failed", function.__name__)
                    raise

        future = self.executor.submit(run)
        self.pending = [f for f in self.pending if not f.done()] + [future]
        return future

    def wait(self, timeout: float = 300) -> None:
        """Block until every submitted job has finished (tests, shutdown)."""
        wait(self.pending, timeout=timeout)


def jobs() -> Jobs:
    """The app's job runner."""
    return current_app.extensions["parcours_jobs"]


def _dispatch(job_id: int) -> None:
    from .extensions import db
    from .models import Job
    from .trainer.exports import EXPORT_ZIP, run_export

    job = db.session.get(Job, job_id)
    if job is None:
        return
    try:
        if job.kind == EXPORT_ZIP:
            run_export(job_id)
    except Exception as err:
        log.exception("job %s failed", job_id)
        db.session.rollback()
        job = db.session.get(Job, job_id)
        job.status = "failed"
        job.report = {"error": str(err)[:500]}
        db.session.commit()


def enqueue(job_id: int) -> None:
    """Hand a database job to RQ when REDIS_URL is set, else to the in-process runner."""
    url = current_app.config.get("REDIS_URL")
    if url:
        from redis import Redis
        from rq import Queue

        queue = Queue(current_app.config["RQ_QUEUE"], connection=Redis.from_url(url))
        queue.enqueue(run_job, job_id, job_timeout=3600)
    else:
        jobs().submit(_dispatch, job_id)


def run_job(job_id: int) -> None:
    """What an `rq worker` runs: build the app from the environment and run the job."""
    from . import create_app

    app = create_app()
    with app.app_context():
        try:
            _dispatch(job_id)
        finally:
            app.extensions["parcours_export_pool"].close()
            app.extensions["parcours_render_pool"].close()
