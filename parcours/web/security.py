"""Response headers, request ids and rate limits."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, current_app, g, make_response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from ..infra import ratelimits  # noqa: F401 - registers the parcours+sqlite:// storage

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# The private part of resume, join, password and invitation links, in a path or a request line
# (not /rejoindre/confirmer)
_LINK_SECRET = re.compile(
    r"(/(?:reprendre|rejoindre|mot-de-passe|invitation)/)(?!confirmer\b)[^/?#\s\"]+")
F = TypeVar("F", bound=Callable[..., Any])


def redact(text: str) -> str:
    """`text` (a path, a request line) with the tokens of resume, join, password and invitation
    links hidden: what logs may keep (gunicorn's access log, parcours/gunicorn_conf.py; the
    app's, logs.py)."""
    return _LINK_SECRET.sub(r"\1[…]", text)


def no_store(view: F) -> F:
    """The view's response is never stored by a browser or proxy cache: pages that show a
    token, results, answers (downloads.attachment does the same for files)."""
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        return response
    return wrapped  # type: ignore[return-value]

# Created unbound like the other extensions; storage comes from the app's config.
limiter = Limiter(key_func=get_remote_address, default_limits=[],
                  strategy="moving-window", headers_enabled=True)

# Limits on what can be guessed or is expensive, per client address.
LOGIN_LIMIT = "10 per minute;50 per hour"
CODE_LIMIT = "10 per minute;60 per hour"
TOKEN_LIMIT = "30 per minute"  # noqa: S105 - a rate, not a secret
PDF_LIMIT = "20 per minute"
# Failed logins to one account, whatever the address: rotating addresses does not help.
ACCOUNT_LIMIT = "10 per minute;50 per hour"
# New diagnostics per address: a class or two behind one school's address start together.
START_LIMIT = "60 per minute;600 per hour"
# Resume links sent by e-mail: per address, and per diagnostic whatever the address (no relay
# for mail to strangers).
MAIL_LIMIT = "3 per minute;10 per hour"
MAIL_DIAGNOSTIC_LIMIT = "5 per hour"
# « Mot de passe oublié »: per address, and per account asked for whatever the address (each
# message ends the links sent before it).
FORGOT_LIMIT = "5 per minute;20 per hour"
FORGOT_ACCOUNT_LIMIT = "3 per hour"
# Completions and reopenings of one diagnostic, together: each completion renders a PDF.
CYCLE_LIMIT = "6 per minute;30 per hour"


def only_post() -> bool:
    """Limits that count attempts, not page views."""
    return request.method != "POST"


def failed(response: Response) -> bool:
    """Count only the attempts that failed (a wrong password or code is a 422)."""
    return response.status_code == 422


def account_key() -> str:
    """The account a login tries, as typed (trimmed, lower case)."""
    return "account:" + request.form.get("email", "").strip().lower()[:254]


def diagnostic_key() -> str:
    """The diagnostic of the URL (its public id)."""
    return "diagnostic:" + str((request.view_args or {}).get("public_id", ""))


def site_key() -> str:
    """One counter for the whole site."""
    return "site"


def codes_site_limit() -> str:
    """Failed resume codes of the whole site (config RATELIMIT_CODES_SITE)."""
    return str(current_app.config["RATELIMIT_CODES_SITE"])


# Decorators shared by the blueprints: failed logins per account, failed codes for the site.
limit_per_account = limiter.limit(ACCOUNT_LIMIT, key_func=account_key, exempt_when=only_post,
                                  deduct_when=failed)
limit_codes_site = limiter.limit(codes_site_limit, key_func=site_key, exempt_when=only_post,
                                 deduct_when=failed)
limit_starts = limiter.limit(START_LIMIT, exempt_when=only_post)
limit_cycles = limiter.shared_limit(CYCLE_LIMIT, scope="cycle", key_func=diagnostic_key)
limit_mails = limiter.limit(MAIL_DIAGNOSTIC_LIMIT, key_func=diagnostic_key)
limit_forgot_per_account = limiter.limit(FORGOT_ACCOUNT_LIMIT, key_func=account_key,
                                         exempt_when=only_post)


def register(app: Flask) -> None:
    """Headers on every response, a request id on every request, the rate limiter."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    limiter.init_app(app)
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # the client's address and scheme as the proxies saw them: for limits, logs and HSTS
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies,  # type: ignore[method-assign]
                                x_proto=proxies)

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
