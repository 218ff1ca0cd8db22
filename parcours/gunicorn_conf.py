"""gunicorn settings: `gunicorn -c python:parcours.gunicorn_conf app:app`.

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

from gunicorn.glogging import Logger

bind = os.environ.get("PARCOURS_BIND", "127.0.0.1:8000")
# The classic 2 × cores + 1: requests mostly wait on the database and on render workers.
workers = int(os.environ.get("PARCOURS_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# A PDF render may take a few seconds in its own process; the web worker waits for it.
timeout = 120
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, with jitter so they do not all restart together: this keeps
# their memory flat over weeks (render processes are replaced after 200 renders on their own).
# Not more often: under load, 1,000 requests meant a new worker every few seconds, which cost
# a bare Flask app a third of its throughput (bench/web.py).
max_requests = 10_000
max_requests_jitter = 1_000
# The app is loaded once, in the master, and every worker is a fork of it: a new or recycled
# worker answers at once instead of spending a second importing the app and reading the
# questionnaires (bench/web.py saw 2-second stalls each time a worker was recycled).
preload_app = True
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'


class RedactingLogger(Logger):
    """gunicorn's logger, whose access log never records the token of a resume or join link
    (whoever reads the logs must not be able to open a diagnostic)."""

    def atoms(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
        """The access log's fields, with the request line, path, query and referrer redacted."""
        from parcours.web.security import redact  # here: see when_ready

        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        for key in list(atoms):  # headers, e.g. {referer}i
            if key.startswith("{") and isinstance(atoms[key], str):
                atoms[key] = redact(atoms[key])
        return atoms


logger_class = RedactingLogger


def when_ready(server):  # type: ignore[no-untyped-def]
    """In the master, before the workers fork: questionnaires read, templates compiled."""
    # imported here, not at the top: bench/anchor.py runs a bare app with these same settings,
    # and gunicorn reads this file before it loads any app
    from parcours import warm_up

    app = server.app.wsgi()
    if "parcours_jobs" in getattr(app, "extensions", {}):  # not another app (bench/anchor.py)
        warm_up(app)


def post_fork(server, worker):  # type: ignore[no-untyped-def]
    """A worker must not share the master's database connections (it has none; be sure)."""
    from parcours.infra.extensions import db  # here: see when_ready

    app = server.app.wsgi()
    if "sqlalchemy" in getattr(app, "extensions", {}):
        with app.app_context():
            db.engine.dispose(close=False)


def worker_int(worker):  # type: ignore[no-untyped-def]
    """A quick shutdown (SIGQUIT, SIGINT): the worker's background jobs not started yet are
    dropped, as a killed worker's would be, and it exits once the running ones end. Without
    this, Python's exit ran every queued one first (a PDF to have ready per recent completion:
    after tests/load's 30 s, a worker took over 20 s to quit, 13 to 16 s now). A
    dropped PDF is rendered when asked for; a dropped export is marked failed, as a dead
    worker's is; a dropped e-mail stays queued (`flask parcours mail-status`). A graceful
    stop (SIGTERM, a restart) still lets them run."""
    app = worker.wsgi
    if "parcours_jobs" in getattr(app, "extensions", {}):
        app.extensions["parcours_jobs"].drop_queued()


def child_exit(server, worker):  # type: ignore[no-untyped-def]
    """A worker ended: with PROMETHEUS_MULTIPROC_DIR, /metrics stops counting its live gauges
    (its counters stay: they are the site's history)."""
    from parcours.infra.metrics import process_gone  # here: see when_ready

    process_gone(worker.pid)
