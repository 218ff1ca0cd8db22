"""`/metrics`, for Prometheus (docs/operator.md, « Monitor »): off unless PARCOURS_METRICS_TOKEN is
set, and then only for a scraper that sends it (`Authorization: Bearer …`). With it off, no
route and no request hook at all: a 404, and not a microsecond more per request."""

from __future__ import annotations

import hmac
import time
from collections.abc import Iterator

from flask import Flask, Response, abort, g, request
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from ..infra import metrics
from ..services import status

_START = "metrics_start"


class Figures(Collector):
    """The counts of the moment (services/status.py), read at each scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        found = status.figures()
        yield _family("parcours_diagnostics", "Diagnostics, by status.", "status",
                      found["diagnostics"])
        yield _family("parcours_pdfs", "PDFs stored, and completed diagnostics with none yet "
                      "(pending).", "state", found["pdfs"])
        yield _family("parcours_exports", "Cohort exports (jobs of the database), by status.",
                      "status", found["exports"])
        queue = found["queue"]
        if queue["backend"] == "rq":
            yield _single("parcours_rq_up", "Whether Redis answered.", int("error" not in queue))
            yield _family("parcours_rq_jobs", "Jobs of the RQ queue, by state.", "state",
                          {k: v for k, v in queue.items()
                           if k in ("queued", "running", "scheduled", "failed")})
        yield _family("parcours_mail", "Messages of the outbox, by status.", "status",
                      {k: v for k, v in found["outbox"].items() if k != "enabled"})
        yield _single("parcours_database_bytes", "Size of the database.",
                      found["database"]["bytes"])
        yield _family("parcours_files_bytes", "Size of each folder of files.", "folder",
                      {name: folder["bytes"] for name, folder in found["files"].items()})


def _family(name: str, doc: str, label: str, values: dict[str, int]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, doc, labels=(label,))
    for key, value in values.items():
        family.add_metric((key,), value)
    return family


def _single(name: str, doc: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, doc, value=value)


def authorised(token: str, header: str) -> bool | None:
    """None without a bearer token, else whether it is the right one (in constant time)."""
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return None
    return hmac.compare_digest(given.strip().encode(), token.encode())


def register(app: Flask) -> None:
    """Count every request, and serve /metrics, when a token is set; else nothing."""
    token = app.config.get("METRICS_TOKEN")
    if not token:
        return

    @app.before_request
    def _start() -> None:
        g.setdefault(_START, time.perf_counter())

    @app.after_request
    def _count(response: Response) -> Response:
        start = g.get(_START)
        metrics.observe_request(request.method, request.url_rule.rule if request.url_rule
                                else None, response.status_code,
                                None if start is None else time.perf_counter() - start)
        return response

    def scrape() -> Response:
        allowed = authorised(token, request.headers.get("Authorization", ""))
        if allowed is None:
            response = Response("a bearer token is required\n", 401, mimetype="text/plain")
            response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
        if not allowed:
            abort(403)
        response = Response(metrics.exposition(Figures()), mimetype=None)
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        response.headers["Cache-Control"] = "no-store"
        return response

    app.add_url_rule("/metrics", "metrics", scrape, methods=["GET"])
