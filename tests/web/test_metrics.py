"""/metrics for Prometheus: who may read it, what it counts, and that no id becomes a label."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families
from redis import Redis
from rq import Queue

from parcours import create_app
from parcours.infra import metrics
from parcours.infra.extensions import db

from ..conftest import _config
from .participant import Participant

TOKEN = "a-long-random-scraper-token-0123456789"  # noqa: S105 - a test's token
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def metered(app: Flask) -> Iterator[Flask]:
    """The app, on the test's database (migrated, emptied), with /metrics on."""
    on = create_app({**_config(app.config["SQLALCHEMY_DATABASE_URI"]), "METRICS_TOKEN": TOKEN})
    yield on
    on.extensions["parcours_jobs"].wait()
    on.extensions["parcours_render_pool"].close()
    with on.app_context():
        db.session.remove()
        db.engine.dispose()


def samples(client: FlaskClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a scrape, by name and labels."""
    response = client.get("/metrics", headers=BEARER)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for s in family.samples}


def requests_of(found: dict, route: str, status: str, method: str = "GET") -> float:
    key = ("parcours_http_requests_total",
           (("method", method), ("route", route), ("status", status)))
    return found.get(key, 0.0)


def test_metrics_are_off_by_default(client: FlaskClient) -> None:
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers=BEARER).status_code == 404


@pytest.mark.parametrize(("header", "status"), [
    (None, 401),
    ("", 401),
    ("Bearer", 401),
    ("Bearer ", 401),
    (f"Basic {TOKEN}", 401),
    ("Bearer wrong-token", 403),
    (f"Bearer {TOKEN}x", 403),
    (f"Bearer {TOKEN[:-1]}", 403),
    (f"Bearer {TOKEN.upper()}", 403),
    ("Bearer é-not-ascii", 403),
    (f"Bearer {TOKEN}", 200),
    (f"bearer {TOKEN}", 200),  # the scheme is case-insensitive (RFC 9110)
])
def test_only_the_token_opens_metrics(metered: Flask, header: str | None, status: int) -> None:
    response = metered.test_client().get(
        "/metrics", headers={} if header is None else {"Authorization": header})
    assert response.status_code == status
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    if status != 200:
        assert b"parcours_http_requests_total" not in response.data


def test_a_token_in_the_query_string_is_not_enough(metered: Flask) -> None:
    assert metered.test_client().get(f"/metrics?token={TOKEN}").status_code == 401


def test_a_request_is_counted_under_its_route_template(metered: Flask) -> None:
    client = metered.test_client()
    participant = Participant(client)
    participant.start()
    before = samples(client)
    for _ in range(3):
        assert client.get(f"/d/{participant.public_id}/revue").status_code == 200
    assert client.get("/d/nope-not-a-diagnostic/revue").status_code == 404
    after = samples(client)
    route = "/d/<public_id>/revue"
    assert requests_of(after, route, "200") - requests_of(before, route, "200") == 3
    assert requests_of(after, route, "404") - requests_of(before, route, "404") == 1
    latency = ("parcours_http_request_duration_seconds_count",
               (("method", "GET"), ("route", route)))
    assert after[latency] - before.get(latency, 0) == 4


def test_no_label_holds_an_id_or_a_path(metered: Flask) -> None:
    client = metered.test_client()
    participant = Participant(client)
    participant.start()
    client.get(f"/d/{participant.public_id}/revue")
    client.get("/this/path/does-not-exist-8f3a9c")
    client.open("/", method="BREW")  # a method no route has
    found = samples(client)
    labels = {value for _, pairs in found for _, value in pairs}
    assert not any(participant.public_id in value for value in labels)
    assert not any("8f3a9c" in value or "BREW" in value for value in labels)
    routes = {dict(pairs)["route"] for name, pairs in found
              if name == "parcours_http_requests_total"}
    rules = {rule.rule for rule in metered.url_map.iter_rules()}
    assert routes <= rules | {metrics.UNMATCHED}
    assert metrics.UNMATCHED in routes
    methods = {dict(pairs)["method"] for name, pairs in found
               if name == "parcours_http_requests_total"}
    assert methods <= metrics.METHODS | {"other"} and "other" in methods


def test_the_figures_of_the_moment_are_scraped(metered: Flask) -> None:
    client = metered.test_client()
    Participant(client).start()
    done = Participant(client)
    done.start(name="Autre association")
    done.complete()
    found = samples(client)
    assert found[("parcours_diagnostics", (("status", "in_progress"),))] == 1
    assert found[("parcours_diagnostics", (("status", "completed"),))] == 1
    assert found[("parcours_pdfs", (("state", "pending"),))] == 1
    assert found[("parcours_mail", (("status", "queued"),))] == 0
    assert found[("parcours_database_bytes", ())] > 0


def test_a_pdf_render_is_timed(metered: Flask) -> None:
    client = metered.test_client()
    done = Participant(client)
    done.start()
    done.complete()
    count = ("parcours_pdf_render_seconds_count", ())
    before = samples(client).get(count, 0)
    assert client.get(f"/d/{done.public_id}/feuille-de-route.pdf").status_code == 200
    after = samples(client)
    assert after[count] - before == 1
    assert after[("parcours_pdf_render_seconds_sum", ())] > 0
    assert after[("parcours_pdf_renders_total", (("outcome", "ok"),))] >= 1


def failing_job() -> None:
    raise RuntimeError("this job fails on purpose")


def test_a_failed_background_job_is_counted(metered: Flask) -> None:
    client = metered.test_client()
    key = ("parcours_jobs_failed_total", (("job", "failing_job"),))
    before = samples(client).get(key, 0)
    metered.extensions["parcours_jobs"].submit(failing_job)
    metered.extensions["parcours_jobs"].wait()
    after = samples(client)
    assert after[key] - before == 1
    assert after[("parcours_inprocess_jobs", ())] == 0


def test_the_rq_queue_is_scraped_when_redis_is_set(metered: Flask, redis_url: str) -> None:
    metered.config.update(REDIS_URL=redis_url, RQ_QUEUE="parcours-metrics-test")
    queue = Queue("parcours-metrics-test", connection=Redis.from_url(redis_url))
    queue.empty()
    try:
        queue.enqueue("parcours.worker.run_job", 0)  # no worker listens: it waits
        found = samples(metered.test_client())
    finally:
        queue.empty()
    assert found[("parcours_rq_up", ())] == 1
    assert found[("parcours_rq_jobs", (("state", "queued"),))] == 1
    assert found[("parcours_rq_jobs", (("state", "failed"),))] == 0
    assert ("parcours_inprocess_jobs", ()) in found


@pytest.mark.parametrize("folder", ["nowhere", ""])
def test_a_missing_multiprocess_folder_is_said_at_start(tmp_path: Path, folder: str) -> None:
    value = str(tmp_path / folder) if folder else ""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": value,
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run([sys.executable, "-c", "import parcours.infra.metrics"], env=env,
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert f"PROMETHEUS_MULTIPROC_DIR={value} is not a folder this process can write" \
        in done.stderr
    assert list(tmp_path.iterdir()) == []  # no file left in the current folder
