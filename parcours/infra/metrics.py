"""The Prometheus metrics this app records (docs/operator.md, « Monitor »): every process
records into them, and `/metrics` (parcours/web/metrics.py) shows them.

gunicorn runs several worker processes, each with its own counters. With
PROMETHEUS_MULTIPROC_DIR set (an empty folder, emptied before gunicorn starts), prometheus-client
keeps each process's values in a file there and `/metrics` adds them up, whichever worker answers
the scrape; gunicorn_conf.py's `child_exit` tells it when a worker is gone. Without the variable,
each process shows its own (one process: `flask run`, tests).

Labels take few values, always: a route is its URL rule (`/d/<public_id>/etape/<int:stage>`),
never a path with an id in it, or a scraper would keep a series per diagnostic.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_folder = os.environ.get(MULTIPROC_ENV)
# prometheus-client goes multi-process when the variable merely exists, and an empty one would
# put its files in the current folder
if _folder is not None and not (_folder and os.path.isdir(_folder)
                                and os.access(_folder, os.W_OK | os.X_OK)):
    # said now, rather than as prometheus-client's FileNotFoundError on the first metric
    raise RuntimeError(f"{MULTIPROC_ENV}={_folder} is not a folder this process can write: "
                       "create it, empty, before starting (docs/operator.md, « Monitor »)")
REGISTRY = CollectorRegistry(auto_describe=True)
# the methods a route can have; any other a client sends is counted as "other"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "<unmatched>"  # a path that no route matches (a 404 without a rule)

REQUESTS = Counter("parcours_http_requests_total", "HTTP requests answered, by route and status.",
                   ("method", "route", "status"), registry=REGISTRY)
LATENCY = Histogram("parcours_http_request_duration_seconds",
                    "Time to answer a request, by route (the body of a streamed response "
                    "excluded).", ("method", "route"), registry=REGISTRY,
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
PDF_RENDER = Histogram("parcours_pdf_render_seconds",
                       "Time to render a PDF in a render worker, waiting for a free one included.",
                       registry=REGISTRY,
                       buckets=(0.25, 0.5, 1, 1.5, 2, 3, 5, 8, 13, 20, 30, 60))
PDF_RENDERS = Counter("parcours_pdf_renders_total", "PDF renders, by outcome (ok, failed).",
                      ("outcome",), registry=REGISTRY)
JOBS_RUNNING = Gauge("parcours_inprocess_jobs", "Jobs submitted to the in-process runner and "
                     "not finished yet (the queue when REDIS_URL is not set).",
                     registry=REGISTRY, multiprocess_mode="livesum")
JOBS_FAILED = Counter("parcours_jobs_failed_total", "Background jobs that raised, by job.",
                      ("job",), registry=REGISTRY)


def multiprocess_dir() -> str | None:
    """The folder where every process writes its values, if this is a multi-process setup."""
    return os.environ.get(MULTIPROC_ENV) or None


def route_labels(method: str, rule: str | None) -> tuple[str, str]:
    """The method and route labels of a request: the URL rule it matched, never its path."""
    return (method if method in METHODS else "other"), (rule or UNMATCHED)


_children: dict[tuple[str, str | None, int], tuple[Any, Any]] = {}  # rules × statuses


def observe_request(method: str, rule: str | None, status: int, seconds: float | None) -> None:
    """Count a request answered, and its time when it is known."""
    # the labelled series of each (method, rule, status), found once: `labels()` costs more
    # than the counting itself (25 µs a request before, measured on a busy 2-core machine)
    # (keyed by the labels, not by what a client sent: any other method is one key)
    key = (method if method in METHODS else "other", rule, status)
    found = _children.get(key)
    if found is None:
        labels = route_labels(method, rule)
        found = _children.setdefault(key, (REQUESTS.labels(*labels, str(status)),
                                           LATENCY.labels(*labels)))
    found[0].inc()
    if seconds is not None:
        found[1].observe(seconds)


@contextmanager
def rendering() -> Iterator[None]:
    """Time a PDF render and count its outcome."""
    start = time.perf_counter()
    try:
        yield
    except BaseException:
        PDF_RENDERS.labels("failed").inc()
        raise
    PDF_RENDER.observe(time.perf_counter() - start)
    PDF_RENDERS.labels("ok").inc()


class _Both(Collector):
    """The recorded metrics (this process's, or every process's) and the figures of the moment."""

    def __init__(self, recorded: Collector, live: Collector | None) -> None:
        self.recorded, self.live = recorded, live

    def collect(self) -> Iterable:  # type: ignore[type-arg]
        yield from self.recorded.collect()
        if self.live is not None:
            yield from self.live.collect()


def exposition(live: Collector | None = None) -> bytes:
    """The text a scrape reads: what every process recorded (multiprocess mode) or this one,
    followed by `live`'s figures (counts read now from the database, Redis)."""
    scrape = CollectorRegistry(auto_describe=False)
    folder = multiprocess_dir()
    recorded: Collector
    if folder:
        recorded = CollectorRegistry(auto_describe=False)
        MultiProcessCollector(recorded, path=folder)
    else:
        recorded = REGISTRY
    scrape.register(_Both(recorded, live))
    return generate_latest(scrape)


def process_gone(pid: int) -> None:
    """A worker process ended (gunicorn's child_exit): its live gauges stop counting."""
    if multiprocess_dir():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)
