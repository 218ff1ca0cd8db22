"""What an `rq worker` runs: `rq worker --url "$REDIS_URL" parcours` imports this module by name
(parcours.infra.jobs.RQ_ENTRY_POINT). It builds the app from the environment, which registers every
job, and runs one."""

from __future__ import annotations

from rq import Worker as RqWorker

from . import create_app
from .infra.jobs import REGISTRY, dispatch


class Worker(RqWorker):
    """RQ's worker, for `rq worker -w parcours.worker.Worker` (deploy/parcours-worker@.service):
    naming it imports this module, hence the app's, in the worker's own process, so that each
    job's work horse, a fork of it, starts with them loaded instead of importing them again
    (13-16 s per job on a loaded 2-core machine, about 3 s on a quiet one). Nothing else is
    done before the fork: no app, no connection, no thread."""


def run_job(job_id: int) -> None:
    """Build the app from the environment and run the database job `job_id`."""
    app = create_app()
    with app.app_context():
        try:
            dispatch(job_id)
        finally:
            app.extensions["parcours_export_pool"].close()
            app.extensions["parcours_render_pool"].close()


def run_task(name: str, *args: object) -> None:
    """Build the app from the environment and run the registered job `name` (jobs.defer)."""
    app = create_app()
    with app.app_context():
        try:
            REGISTRY[name](*args)
        finally:
            app.extensions["parcours_export_pool"].close()
            app.extensions["parcours_render_pool"].close()
