"""A chunked body (no Content-Length) over the 1 MB limit is refused with 413, not cut to 1 MB
and processed; a small chunked body still works."""

from __future__ import annotations

import io
from urllib.parse import urlencode

from flask import Flask
from flask.testing import FlaskClient

from parcours.models import Diagnostic

from ..conftest import csrf_token


def _chunked(client: FlaskClient, body: bytes):  # noqa: ANN202 - a test response
    """As gunicorn and the development server pass a chunked body: no Content-Length, and
    `wsgi.input_terminated` (the server ends the stream where the body ends)."""
    return client.post("/commencer", input_stream=io.BytesIO(body),
                       content_type="application/x-www-form-urlencoded",
                       headers={"Transfer-Encoding": "chunked"},
                       environ_overrides={"wsgi.input_terminated": True})


def _form(client: FlaskClient, padding: int) -> bytes:
    token = csrf_token(client.get("/commencer").get_data(as_text=True))
    return urlencode({"csrf_token": token, "name": "Asso", "kind": "association"}).encode() \
        + b"&padding=" + b"x" * padding


def test_a_chunked_body_over_the_limit_gets_413(app: Flask, client: FlaskClient) -> None:
    response = _chunked(client, _form(client, 3 * 1024 * 1024))
    assert response.status_code == 413, response.status_code
    assert "Envoi trop volumineux" in response.get_data(as_text=True)
    with app.app_context():
        assert Diagnostic.query.count() == 0  # nothing was processed


def test_a_small_chunked_body_is_read_whole(app: Flask, client: FlaskClient) -> None:
    response = _chunked(client, _form(client, 10_000))
    assert response.status_code == 302
    with app.app_context():
        assert Diagnostic.query.count() == 1
