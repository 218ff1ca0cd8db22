"""The request size limit, for bodies sent in chunks too.

Flask refuses a body whose Content-Length is over MAX_CONTENT_LENGTH. A chunked body has no
Content-Length: Werkzeug then reads it up to the limit and stops, so the form was parsed from
its first megabyte and processed (a 30 MB chunked POST was accepted by gunicorn and by the
development server). This middleware reads a chunked body itself, up to one byte past the
limit, before the app sees it: within the limit, the app gets it whole with its length;
over it, the app gets its length only, and refuses it with its own 413 page.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from flask import Flask, abort, request

TOO_LARGE = "parcours.body_too_large"


def _read_at_most(stream: Any, size: int) -> bytes:
    """Up to `size` bytes (a chunked stream may return fewer per read than asked)."""
    parts, left = [], size
    while left > 0:
        data = stream.read(min(left, 64 * 1024))
        if not data:
            break
        parts.append(data)
        left -= len(data)
    return b"".join(parts)


class ChunkedBodyLimit:
    """WSGI middleware: a chunked body becomes a body of known length, or is marked too large."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        # Transfer-Encoding wins over any Content-Length (RFC 9112, 6.3)
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = _read_at_most(environ["wsgi.input"], self.limit + 1)
            too_large = len(body) > self.limit
            # from here on, a body of known length: Werkzeug ignores Content-Length while
            # Transfer-Encoding says chunked, and checks it against the limit otherwise
            del environ["HTTP_TRANSFER_ENCODING"]
            environ.pop("wsgi.input_terminated", None)
            environ["wsgi.input"] = io.BytesIO(b"" if too_large else body)
            environ["CONTENT_LENGTH"] = str(len(body))
            if too_large:
                environ[TOO_LARGE] = True
        return self.app(environ, start_response)  # type: ignore[no-any-return]


def register(app: Flask) -> None:
    """Wrap the app in the middleware, with the app's own limit (MAX_CONTENT_LENGTH)."""
    limit = app.config.get("MAX_CONTENT_LENGTH")
    if not limit:
        return
    app.wsgi_app = ChunkedBodyLimit(app.wsgi_app, int(limit))  # type: ignore[method-assign]

    @app.before_request
    def _refuse_too_large() -> None:
        if request.environ.get(TOO_LARGE):
            abort(413)
