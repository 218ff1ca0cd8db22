"""Background work. In-process by default: a small thread pool that runs each job inside an app
context (the heavy part, rendering, happens in the render worker processes anyway)."""

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

    def wait(self, timeout: float = 120) -> None:
        """Block until every submitted job has finished (tests, shutdown)."""
        wait(self.pending, timeout=timeout)


def jobs() -> Jobs:
    """The app's job runner."""
    return current_app.extensions["parcours_jobs"]
