"""One production stack for the module: PostgreSQL (a database of its own), Redis (a queue of its
own), the S3 server, gunicorn with 4 workers and 2 RQ workers, all from deploy/'s files."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import make_url, text

from parcours import create_app
from parcours.infra.extensions import db

from ..conftest import _server, missing
from ..web.people import cohort, diagnostic, user
from .stack import BIN, Process, clean_env, env_file, exec_start, free_port, http_ok, wait_for

TRAINER = "formatrice@example.org"
# each cohort's diagnostics: three PDFs to render, so an export can be caught half done
EXAMPLES = ("association_jeune.json", "entreprise_moyenne.json", "collectivite.json")
# the client's address, as nginx passes it on (PARCOURS_TRUSTED_PROXIES=1): each run counts
# its rate limits apart from earlier runs' in the same Redis
ADDRESS = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"


@dataclass
class Stack:
    """What the tests reach: the site's address, the processes, an app on the same database
    and store (to look behind the site), Redis, the S3 bucket."""

    url: str
    env: dict[str, str]
    database_url: str
    app: Flask
    queue: str
    bucket: str
    logs: Path
    web: Process
    workers: list[Process]
    cohorts: list[str] = field(default_factory=list)
    extra_databases: list[str] = field(default_factory=list)

    def start_worker(self) -> Process:
        """One more RQ worker from parcours-worker@.service (systemd's restart, or a new one)."""
        number = len(self.workers) + 1
        worker = Process(f"worker-{number}", exec_start("parcours-worker@.service", self.env,
                                                       str(number)), self.env, self.logs)
        worker.start()
        self.workers.append(worker)
        return worker

    def workers_alive(self) -> None:
        """Raises when a worker that should run has exited."""
        for worker in self.workers:
            if worker.popen is not None:
                worker.alive()

    def redis(self) -> Any:
        from redis import Redis

        return Redis.from_url(self.env["REDIS_URL"])

    def rq_workers(self) -> int:
        from rq import Queue, Worker

        return len(Worker.all(queue=Queue(self.queue, connection=self.redis())))

    def report(self) -> str:
        """Every process's log, for a failure."""
        return "\n".join(f"----- {p.name} ({p.log})\n{p.tail(80)}"
                         for p in [self.web, *self.workers])


def _needs() -> tuple[str, str]:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        missing("PostgreSQL (TEST_DATABASE_URL)")
    redis = os.environ.get("TEST_REDIS_URL")
    if not redis:
        missing("Redis (TEST_REDIS_URL)")
    for program in ("gunicorn", "rq"):
        if not (BIN / program).exists():
            missing(f"{program} (in {BIN})")
    for program in ("pg_dump", "pg_restore", "createdb"):
        if shutil.which(program) is None:
            missing(f"{program} (postgresql-client)")
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    try:
        Redis.from_url(str(redis)).ping()
    except RedisDown:
        missing(f"Redis at {redis}")
    return str(url), str(redis)


def new_database(base_url: str, name: str) -> str:
    """A new empty database on TEST_DATABASE_URL's server: its URL."""
    base = make_url(base_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with _server(base) as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    return base.set(database=name).render_as_string(hide_password=False)


def drop_database(base_url: str, name: str) -> None:
    base = make_url(base_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with _server(base) as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def s3_env(endpoint: str) -> dict[str, str]:
    return {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "eu-west-3"}


def new_bucket(endpoint: str) -> str:
    import boto3

    name = f"parcours-deploy-{uuid.uuid4().hex[:10]}"
    boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="test",
                 aws_secret_access_key="test", region_name="eu-west-3").create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    return name


def _clean_redis(stack: Stack) -> None:
    """The run's RQ jobs and queue keys go (the rate-limit counters expire on their own)."""
    from rq import Queue

    connection = stack.redis()
    queue = Queue(stack.queue, connection=connection)
    registries = [queue.finished_job_registry, queue.failed_job_registry,
                  queue.started_job_registry, queue.scheduled_job_registry,
                  queue.deferred_job_registry]
    ids = set(queue.get_job_ids())
    for registry in registries:
        ids.update(registry.get_job_ids(cleanup=False))
    for job_id in ids:
        connection.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")
    for key in connection.scan_iter(f"*{stack.queue}*"):
        connection.delete(key)
    connection.srem("rq:queues", f"rq:queue:{stack.queue}")


@pytest.fixture(scope="module")
def stack(s3_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The stack, started once for the module and killed whole at its end."""
    base_url, redis_url = _needs()
    run = uuid.uuid4().hex[:8]
    name = f"{make_url(base_url).database}_deploy_{run}"
    database_url = new_database(base_url, name)
    logs = tmp_path_factory.mktemp("deploy-logs")
    bucket = new_bucket(s3_server)
    port = free_port()
    settings = env_file()  # the example file, as an operator copies it; then this machine's
    env = clean_env({**settings, **s3_env(s3_server),
                     "SECRET_KEY": f"deploy-test-{run}", "DATABASE_URL": database_url,
                     "REDIS_URL": redis_url, "PARCOURS_RQ_QUEUE": f"deploy-{run}",
                     "PARCOURS_PUBLIC_URL": f"http://127.0.0.1:{port}",
                     "PARCOURS_BIND": f"127.0.0.1:{port}", "PARCOURS_WEB_WORKERS": "4",
                     "PARCOURS_STORAGE_URL": f"s3://{bucket}/files",
                     # no TLS here: session cookies over plain http
                     "PARCOURS_INSECURE_COOKIES": "1",
                     # one render process per export: the machine has 2 cores for all of this
                     "PARCOURS_EXPORT_WORKERS": "1", "PARCOURS_LOG_FORMAT": "text"})
    patch = pytest.MonkeyPatch()
    for key, value in s3_env(s3_server).items():
        patch.setenv(key, value)
    app = create_app({"SECRET_KEY": env["SECRET_KEY"], "SQLALCHEMY_DATABASE_URI": database_url,
                      "STORAGE_URL": env["PARCOURS_STORAGE_URL"], "REDIS_URL": None,
                      "RATELIMIT_STORAGE_URI": "memory://", "PDF_PRERENDER": False,
                      "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 1024})
    web = Process("gunicorn", exec_start("parcours-web.service", env) + [
        # the worker's pid in each access line: which worker answered
        "--access-logformat", 'pid=%(p)s %(s)s "%(r)s"'], env, logs)
    stack = Stack(f"http://127.0.0.1:{port}", env, database_url, app, env["PARCOURS_RQ_QUEUE"],
                  bucket, logs, web, [])
    try:
        with app.app_context():
            upgrade()  # `flask --app app db upgrade`, in this process: 3 s less
        web.start()
        stack.start_worker()
        stack.start_worker()
        user(app, TRAINER)
        for number, group in enumerate(("Groupe A", "Groupe B")):
            stack.cohorts.append(cohort(app, TRAINER, group))
            for index, example in enumerate(EXAMPLES):
                diagnostic(app, f"Structure {number}-{index}", stack.cohorts[-1], example)
        wait_for("gunicorn's /healthz", lambda: http_ok(stack.url + "/healthz"), 60, web.alive)
        wait_for("2 RQ workers", lambda: stack.rq_workers() >= 2, 60, stack.workers_alive)
    except BaseException as err:
        _stop(stack, base_url, name, patch)
        raise RuntimeError(f"the stack did not start: {err}\n{stack.report()}") from err
    yield stack
    _stop(stack, base_url, name, patch)


def _stop(stack: Stack, base_url: str, name: str, patch: pytest.MonkeyPatch) -> None:
    for process in [stack.web, *stack.workers]:
        process.kill()
    stack.app.extensions["parcours_render_pool"].close()
    stack.app.extensions["parcours_export_pool"].close()
    with stack.app.app_context():
        db.session.remove()
        db.engine.dispose()
    try:
        _clean_redis(stack)
    finally:
        for database in [name, *stack.extra_databases]:
            drop_database(base_url, database)
        patch.undo()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failed test shows the log of every process of the stack."""
    outcome = yield
    report = outcome.get_result()
    stack = getattr(item, "funcargs", {}).get("stack")
    if report.failed and isinstance(stack, Stack):
        report.sections.append(("stack logs", stack.report()))
