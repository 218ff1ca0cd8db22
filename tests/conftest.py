"""Fixtures shared by the web tests: the app on SQLite and on PostgreSQL, a client, a runner.

Every test that uses `app` runs twice: on a fresh SQLite file, and on the PostgreSQL database
named by TEST_DATABASE_URL. Without that variable the PostgreSQL run is skipped with a reason,
except in CI (CI=true), where it fails: nothing is silently skipped there.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import downgrade, upgrade
from sqlalchemy import URL, Connection, create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

from parcours import create_app
from parcours.infra.extensions import db
from parcours.reports.pdf import RenderPool, RenderSettings

IN_CI = os.environ.get("CI", "").lower() == "true"
_migrated: set[str] = set()


def missing(what: str) -> None:
    """Skip for a newcomer; fail in CI."""
    if IN_CI:
        pytest.fail(f"{what} is required in CI")
    pytest.skip(f"{what} is not available on this machine")


@pytest.fixture
def redis_url() -> str:
    """The Redis server of TEST_REDIS_URL (missing: skipped here, failed in CI)."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        missing("Redis (TEST_REDIS_URL)")
    return str(url)


# PDFs and ZIPs of the tests that do not choose their own file store (the `app` fixture does)
_FILES = tempfile.mkdtemp(prefix="parcours-test-files-")


def _config(url: str, files: str = _FILES) -> dict:
    # a cheap argon2 cost: test_auth checks the production profile on its own
    return {"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": url,
            "STORAGE_URL": files,
            "SESSION_COOKIE_SECURE": False, "PDF_PRERENDER": False,
            "RATELIMIT_STORAGE_URI": "memory://",  # each test counts from zero
            "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 1024}


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per run; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    app = create_app(_config(f"sqlite:///{path}"))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database for one test: a new SQLite file, or the emptied PostgreSQL test database."""
    if request.param == "sqlite":
        copy = tmp_path / "test.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), copy)
        return f"sqlite:///{copy}"
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        missing("PostgreSQL (TEST_DATABASE_URL)")
    return _worker_database(url.replace("postgresql://", "postgresql+psycopg://", 1))


_created: set[str] = set()


def _worker_database(url: str) -> str:
    """Under pytest-xdist (`make test` runs a worker per core), each worker empties a database of
    its own: TEST_DATABASE_URL's name with the worker's suffix (`…_gw0`), made on first use and
    dropped when the worker ends (`pytest_sessionfinish`)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    if name not in _created:
        with _server(base) as connection:
            if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                     {"name": name}):
                connection.execute(text(f'CREATE DATABASE "{name}"'))
                # a test's commit need not wait for the disk: the database is thrown away
                connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
        _created.add(name)
    return base.set(database=name).render_as_string(hide_password=False)


@contextmanager
def _server(base: URL) -> Iterator[Connection]:
    """A connection to the server's maintenance database, outside any transaction."""
    engine = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


# The longest files first, so that the two workers of `make test` end together: a test file is a
# unit of work (--dist loadfile), and the minutes-long ones (a whole production stack, locust, a
# browser at three widths, a thousand files moved) started last would leave one worker alone
# with them at the end. pytest-xdist's own order, by number of tests, put exactly those last;
# the Makefile turns it off (--no-loadscope-reorder) and this order is kept.
SLOW_FIRST = ("tests/deploy/", "tests/load/", "tests/storage/", "tests/e2e/")


def slow_rank(path: str) -> int:
    """Where a test file's kind comes in a run: the slow kinds in SLOW_FIRST's order, then the
    rest."""
    return next((rank for rank, prefix in enumerate(SLOW_FIRST) if path.startswith(prefix)),
                len(SLOW_FIRST))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = config.rootpath
    items.sort(key=lambda item: slow_rank(item.path.relative_to(root).as_posix()))  # stable


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A worker's own PostgreSQL database goes when it ends, and so do its render pools."""
    for pool in _pools.values():
        pool.close()
    url = os.environ.get("TEST_DATABASE_URL")
    if not _created or not url:
        return
    base = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with _server(base) as connection:
        for name in _created:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _empty(connection: Connection) -> None:
    """Every table emptied and every sequence back at its start, as `TRUNCATE … RESTART
    IDENTITY` would, in an eighth of the time: TRUNCATE gives each table and index a new file,
    some 140 ms a test (18 ms this way), and a quarter of the suite's tests run on PostgreSQL.
    Foreign keys are not checked meanwhile (`session_replication_role`, a superuser's setting,
    as the test server's `postgres` is); without the right, TRUNCATE as before."""
    try:
        with connection.begin_nested():
            connection.execute(text("SET LOCAL session_replication_role = replica"))
    except DBAPIError:  # not a superuser
        names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        return
    connection.execute(_EMPTY_ALL)


# One round trip: every table of the schema but the migrations' own emptied (they are the app's
# tables), then every sequence restarted.
_EMPTY_ALL = text("""
    DO $$ DECLARE found record; BEGIN
      FOR found IN SELECT schemaname, tablename FROM pg_tables
                   WHERE schemaname = current_schema() AND tablename <> 'alembic_version' LOOP
        EXECUTE 'DELETE FROM ' || quote_ident(found.schemaname) || '.'
                || quote_ident(found.tablename);
      END LOOP;
      FOR found IN SELECT schemaname, sequencename FROM pg_sequences
                   WHERE schemaname = current_schema() LOOP
        EXECUTE 'ALTER SEQUENCE ' || quote_ident(found.schemaname) || '.'
                || quote_ident(found.sequencename) || ' RESTART';
      END LOOP;
    END $$""")


# The render pools (a worker process each, its fonts and stylesheet loaded: 0.7 s before an app's
# first PDF, 0.15 s a PDF after) are shared by the apps of a run that have the same settings, as
# the threads of one web worker share theirs; a test that wants other limits makes its own pool,
# closed when it ends. The shared ones are closed when the run ends (pytest_sessionfinish).
POOLS = ("parcours_render_pool", "parcours_export_pool")
_pools: dict[RenderSettings, RenderPool] = {}


def share_pools(app: Flask) -> None:
    for name in POOLS:
        app.extensions[name] = _pools.setdefault(app.extensions[name].settings,
                                                 app.extensions[name])


@contextmanager
def made_app(database_url: str, settings: dict[str, Any]) -> Iterator[Flask]:
    """The app on its database (schema created by the migrations, tables emptied), with these
    settings over the tests' own."""
    app = create_app({**_config(database_url), **settings})
    share_pools(app)
    with app.app_context():
        if not database_url.startswith("sqlite"):
            if database_url not in _migrated:  # from scratch once per run, then emptied
                downgrade(revision="base")
                upgrade()
                _migrated.add(database_url)
            _empty(db.session.connection())
            db.session.commit()
    yield app
    app.extensions["parcours_jobs"].wait()
    for name in POOLS:
        pool = app.extensions[name]
        if _pools.get(pool.settings) is not pool:  # one the test made itself
            pool.close()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app on its database, its files in a folder of the test's own
    (tests/web/test_storage.py runs on an S3 server too)."""
    with made_app(database_url, {"STORAGE_URL": str(tmp_path / "files")}) as app:
        yield app


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """A real S3 API server (moto's) on a free port of 127.0.0.1, for the whole run: its
    endpoint URL. Each test makes a bucket of its own (`s3_bucket`)."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        missing("moto[server] (an S3 API server)")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A new bucket on the S3 server, the AWS_* variables set as an operator would: its name."""
    import boto3

    for name, value in {"AWS_ENDPOINT_URL": s3_server, "AWS_ACCESS_KEY_ID": "test",
                        "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "eu-west-3"}.items():
        monkeypatch.setenv(name, value)
    bucket = f"parcours-{uuid.uuid4().hex[:12]}"
    boto3.client("s3").create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    return bucket


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden fields of a question page, as a browser would send them back."""
    fields = {"csrf_token": csrf_token(html)}
    for name in ("questions", "revisions"):
        found = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html)
        if found:
            fields[name] = found.group(1)
    return fields


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page (tests keep CSRF on and read it)."""
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)
