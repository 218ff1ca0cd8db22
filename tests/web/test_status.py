"""`flask parcours status`: the operator's figures in a terminal, and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from redis import Redis
from rq import Queue

from parcours.infra.extensions import db
from parcours.models import Job
from parcours.services.commands import size

from .participant import Participant


def status(runner: FlaskCliRunner, *args: str) -> str:
    result = runner.invoke(args=["parcours", "status", *args])
    assert result.exit_code == 0, result.output
    return result.output


def two_diagnostics(client: FlaskClient) -> None:
    Participant(client).start()
    done = Participant(client)
    done.start(name="Autre association")
    done.complete()


def test_status_counts_what_the_site_holds(app: Flask, client: FlaskClient,
                                           runner: FlaskCliRunner, tmp_path: Path) -> None:
    (tmp_path / "files" / "ab").mkdir(parents=True)
    (tmp_path / "files" / "ab" / "one.pdf").write_bytes(b"%PDF" + b"x" * 1996)
    app.config["BACKUP_FOLDERS"] = (str(tmp_path / "files"),)
    two_diagnostics(client)
    with app.app_context():
        db.session.add(Job(kind="export_zip", status="failed"))
        db.session.commit()
    found = json.loads(status(runner, "--json"))
    assert found["diagnostics"] == {"in_progress": 1, "completed": 1}
    assert found["pdfs"] == {"stored": 0, "pending": 1}
    assert found["exports"] == {"queued": 0, "running": 0, "done": 0, "failed": 1}
    assert found["queue"] == {"backend": "in-process", "running": 0}
    assert found["outbox"] == {"enabled": False, "queued": 0, "sent": 0, "failed": 0}
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    assert found["database"]["engine"] == ("sqlite" if uri.startswith("sqlite") else "postgresql")
    assert found["database"]["bytes"] > 100_000
    assert found["files"] == {"files": {"path": str(tmp_path / "files"), "files": 1,
                                        "bytes": 2000}}

    text = status(runner)
    assert "diagnostics  1 in progress · 1 completed" in text
    assert "PDFs         0 stored · 1 pending (completed, none rendered yet)" in text
    assert "exports      0 queued · 0 running · 0 done · 1 failed" in text
    assert "outbox       e-mail off · 0 queued · 0 sent · 0 failed" in text
    assert "files        files: 1 files, 2.0 kB" in text
    assert "{" not in text  # for a person, not JSON


def test_status_counts_a_stored_pdf(app: Flask, client: FlaskClient,
                                    runner: FlaskCliRunner) -> None:
    done = Participant(client)
    done.start()
    done.complete()
    assert client.get(f"/d/{done.public_id}/feuille-de-route.pdf").status_code == 200
    assert json.loads(status(runner, "--json"))["pdfs"] == {"stored": 1, "pending": 0}


def test_status_reads_the_rq_queue(app: Flask, runner: FlaskCliRunner, redis_url: str) -> None:
    app.config.update(REDIS_URL=redis_url, RQ_QUEUE="parcours-status-test")
    queue = Queue("parcours-status-test", connection=Redis.from_url(redis_url))
    queue.empty()
    try:
        queue.enqueue("parcours.worker.run_job", 0)  # no worker listens: it waits
        found = json.loads(status(runner, "--json"))["queue"]
        assert found == {"backend": "rq", "name": "parcours-status-test", "queued": 1,
                         "running": 0, "scheduled": 0, "failed": 0}
        assert "queue        RQ 'parcours-status-test': 1 queued · 0 running" in status(runner)
    finally:
        queue.empty()


def test_status_says_when_redis_does_not_answer(app: Flask, runner: FlaskCliRunner) -> None:
    app.config["REDIS_URL"] = "redis://127.0.0.1:9/0"  # the discard port: nothing answers
    assert "RQ: Redis does not answer (ConnectionError" in status(runner)


@pytest.mark.parametrize(("count", "shown"), [
    (0, "0 B"), (999, "999 B"), (1000, "1.0 kB"), (1536, "1.5 kB"), (2_500_000, "2.5 MB"),
    (7_000_000_000, "7.0 GB"), (12_000_000_000_000, "12000.0 GB"),
])
def test_sizes_read_as_a_person_reads_them(count: int, shown: str) -> None:
    assert size(count) == shown
