"""What an `rq worker` runs: `rq worker --url "$REDIS_URL" parcours` imports this module by name
(parcours.infra.jobs.RQ_ENTRY_POINT). It builds the app from the environment, which registers every
job, and runs one."""

from __future__ import annotations

from . import create_app
from .infra.jobs import REGISTRY, dispatch


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
