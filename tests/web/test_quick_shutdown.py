"""A gunicorn worker told to quit now (SIGQUIT, SIGINT) drops its background jobs not started
yet, and lets the running ones end (parcours/gunicorn_conf.worker_int, Jobs.drop_queued)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import wait
from types import SimpleNamespace

from flask import Flask

from parcours import gunicorn_conf


def test_a_quick_shutdown_drops_the_queued_jobs_and_lets_the_running_ones_end(app: Flask) -> None:
    runner = app.extensions["parcours_jobs"]  # two threads
    started: list[int] = []
    ended: list[int] = []
    release = threading.Event()

    def slow(n: int) -> None:
        started.append(n)
        release.wait(10)
        ended.append(n)

    futures = [runner.submit(slow, n) for n in range(6)]
    deadline = time.monotonic() + 10
    while len(started) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sorted(started) == [0, 1]  # the others wait for a thread

    gunicorn_conf.worker_int(SimpleNamespace(wsgi=app))  # what gunicorn hands the hook
    release.set()
    done, _ = wait(futures, timeout=10)
    assert len(done) == 6
    assert sorted(ended) == [0, 1]  # the running ones finished
    assert [future.cancelled() for future in futures] == [False, False] + [True] * 4


def test_the_hook_leaves_another_app_alone() -> None:
    """bench/anchor.py runs a bare app with these settings: nothing to drop there."""
    gunicorn_conf.worker_int(SimpleNamespace(wsgi=Flask("bare")))
