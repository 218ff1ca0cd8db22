"""Response headers, request ids and rate limits."""

from __future__ import annotations

import re
import secrets

from flask import Flask, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.wrappers import Response

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

# Created unbound like the other extensions; storage comes from the app's config.
limiter = Limiter(key_func=get_remote_address, default_limits=[],
                  strategy="moving-window", headers_enabled=True)

# Limits on what can be guessed or is expensive, per client address.
LOGIN_LIMIT = "10 per minute;50 per hour"
CODE_LIMIT = "10 per minute;60 per hour"
TOKEN_LIMIT = "30 per minute"  # noqa: S105 - a rate, not a secret
PDF_LIMIT = "20 per minute"


def only_post() -> bool:
    """Limits that count attempts, not page views."""
    return request.method != "POST"


def register(app: Flask) -> None:
    """Headers on every response, a request id on every request, the rate limiter."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    limiter.init_app(app)

    @app.before_request
    def _request_id() -> None:
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if _REQUEST_ID.match(given) else secrets.token_hex(8)

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response
