"""Background work, registered by name: a module registers its jobs (`@register("name")`), and
callers submit them by that name, so that the job runner imports no blueprint.

Two kinds of work. A long job that a user waits for is a row of the `Job` table, whose `kind` is
the job's name; it runs in-process by default, or, with REDIS_URL set, on an RQ queue that
`rq worker --url "$REDIS_URL" parcours` processes run (parcours/worker.py is their entry point).
Jobs write through `parcours.infra.unit_of_work.transaction`, like requests.

The other kind, `defer`: a registered job called with plain arguments, soon or after a delay, in
this process (a small thread pool runs it inside an app context) or, with REDIS_URL set, on RQ
(a delay then needs `rq worker --with-scheduler`). E-mails go this way (parcours/mail/outbox.py),
with their retries, and so do the PDFs to have ready after a completion or a comment: on RQ's
workers when there is Redis, so that renders load the render machines, not the web ones.
`submit` runs a registered job in this process whatever the settings.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from datetime import timedelta
from typing import Any, TypeVar

from flask import Flask, current_app
from redis import Redis
from rq import Queue, Retry

from ..models import Job
from . import metrics
from .extensions import db
from .unit_of_work import transaction

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
REGISTRY: dict[str, Callable[..., Any]] = {}
RQ_ENTRY_POINT = "parcours.worker.run_job"  # by name: RQ imports it in the worker process
RQ_TASK_ENTRY_POINT = "parcours.worker.run_task"


def register(name: str) -> Callable[[F], F]:
    """Make a function a job named `name` (a database job's `kind`)."""
    def add(function: F) -> F:
        REGISTRY[name] = function
        return function
    return add


class Jobs:
    """Runs callables in the background with the app's context; remembers them for `wait`."""

    def __init__(self, app: Flask, threads: int = 2) -> None:
        self.app = app
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="job")
        self.pending: list[Future[Any]] = []
        self.timers: list[threading.Timer] = []

    def submit(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run `function(*args)` soon, in an app context; failures are logged, never raised."""
        def run() -> Any:
            with self.app.app_context():
                try:
                    return function(*args)
                except Exception:
                    log.exception("background job %s failed", function.__name__)
                    metrics.JOBS_FAILED.labels(function.__name__).inc()
                    raise
                finally:
                    metrics.JOBS_RUNNING.dec()

        metrics.JOBS_RUNNING.inc()
        future = self.executor.submit(run)
        self.pending = [f for f in self.pending if not f.done()] + [future]
        return future

    def submit_later(self, delay: float, function: Callable[..., Any], *args: Any) -> None:
        """Run `function(*args)` in `delay` seconds. The timer is a daemon thread: a process
        that exits forgets it (a message left queued: `parcours mail-status` lists it)."""
        timer = threading.Timer(delay, self.submit, (function, *args))
        timer.daemon = True
        self.timers = [t for t in self.timers if t.is_alive()] + [timer]
        timer.start()

    def drop_queued(self) -> None:
        """Forget the jobs not started yet, and take no more: the process is quitting now
        (gunicorn_conf.worker_int). The running ones finish; Python's exit waits for them."""
        for timer in self.timers:
            timer.cancel()
        self.executor.shutdown(wait=False, cancel_futures=True)
        for future in self.pending:  # a future cancelled this way wakes no one waiting on it
            if future.cancelled():
                future.set_running_or_notify_cancel()

    def wait(self, timeout: float = 300) -> None:
        """Block until every submitted job, and every job they scheduled, has finished."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for timer in list(self.timers):
                timer.join(max(0.0, deadline - time.monotonic()))
            wait(list(self.pending), timeout=max(0.0, deadline - time.monotonic()))
            if all(f.done() for f in self.pending) and \
                    not any(t.is_alive() for t in self.timers):
                return


def submit(name: str, *args: Any) -> Future[Any]:
    """Run the job `name` soon in this process."""
    runner: Jobs = current_app.extensions["parcours_jobs"]
    return runner.submit(REGISTRY[name], *args)


def dispatch(job_id: int) -> None:
    """Run a database job by its kind; a failure is recorded on the job, not raised."""
    job = db.session.get(Job, job_id)
    if job is None:
        return
    kind = job.kind
    try:
        function = REGISTRY.get(kind)
        if function is not None:
            function(job_id)
    except Exception as err:
        log.exception("job %s failed", job_id)
        metrics.JOBS_FAILED.labels(kind if kind in REGISTRY else "other").inc()
        db.session.rollback()
        with transaction():
            failed = db.session.get(Job, job_id)
            if failed is not None:
                failed.status = "failed"
                failed.report = {"error": str(err)[:500]}


def enqueue(job_id: int) -> None:
    """Hand a database job to RQ when REDIS_URL is set, else to the in-process runner."""
    url = current_app.config.get("REDIS_URL")
    if url:
        queue = Queue(current_app.config["RQ_QUEUE"], connection=Redis.from_url(url))
        # retried when its worker dies mid-way (SIGKILL, OOM, a lost machine): RQ's maintenance
        # finds it abandoned once its heartbeat stops and enqueues it again, and the job, which
        # starts over from what is stored, finishes (tests/deploy)
        queue.enqueue(RQ_ENTRY_POINT, job_id, job_timeout=3600, retry=Retry(max=2))
    else:
        runner: Jobs = current_app.extensions["parcours_jobs"]
        runner.submit(dispatch, job_id)


def defer(name: str, *args: Any, delay: float = 0) -> None:
    """Run the job `name` with plain arguments in `delay` seconds: on RQ when REDIS_URL is set
    (a worker with `--with-scheduler` runs delayed ones), else in this process."""
    url = current_app.config.get("REDIS_URL")
    if url:
        queue = Queue(current_app.config["RQ_QUEUE"], connection=Redis.from_url(url))
        if delay > 0:
            queue.enqueue_in(timedelta(seconds=delay), RQ_TASK_ENTRY_POINT, name, *args)
        else:
            queue.enqueue(RQ_TASK_ENTRY_POINT, name, *args)
        return
    runner: Jobs = current_app.extensions["parcours_jobs"]
    if delay > 0:
        runner.submit_later(delay, REGISTRY[name], *args)
    else:
        runner.submit(REGISTRY[name], *args)
