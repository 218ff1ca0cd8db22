"""gunicorn settings: `gunicorn -c python:parcours.gunicorn_conf app:app`.

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

bind = os.environ.get("PARCOURS_BIND", "127.0.0.1:8000")
# The classic 2 × cores + 1: requests mostly wait on the database and on render workers.
workers = int(os.environ.get("PARCOURS_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# A PDF render may take a few seconds in its own process; the web worker waits for it.
timeout = 120
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, with jitter so they do not all restart together: each one owns
# a render process, and this keeps their memory flat over weeks.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'
