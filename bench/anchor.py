"""The anchor of the request benchmarks: a bare Flask route returning a constant, served by
gunicorn with the app's own settings (`gunicorn -c python:parcours.gunicorn_conf bench.anchor:app`).
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def constant() -> str:
    return "ok"


@app.get("/healthz")
def healthz() -> str:
    return "ok"
