"""Response headers, request ids, rate limits, and which proxies' X-Forwarded-* are trusted."""

from __future__ import annotations

import ipaddress
import re
import secrets
import time
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, current_app, g, make_response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, RedisStorage
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from ..infra import ratelimits  # registers the parcours+sqlite:// storage
from .errors import error_page

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# The private part of resume, join, password and invitation links, in a path or a request line
# (not /rejoindre/confirmer)
_LINK_SECRET = re.compile(
    r"(/(?:reprendre|rejoindre|mot-de-passe|invitation)/)(?!confirmer\b)[^/?#\s\"]+")
# what every line _LINK_SECRET changes holds
_LINK_WORDS = ("/reprendre/", "/rejoindre/", "/mot-de-passe/", "/invitation/")
F = TypeVar("F", bound=Callable[..., Any])


def redact(text: str) -> str:
    """`text` (a path, a request line) with the tokens of resume, join, password and invitation
    links hidden: what logs may keep (gunicorn's access log, parcours/gunicorn_conf.py; the
    app's, logs.py)."""
    if not any(word in text for word in _LINK_WORDS):  # most lines: no regular expression
        return text
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
# Partner codes offered by one diagnostic: each live code is one more a guess may hit.
PARTNER_CODE_LIMIT = "5 per hour;10 per day"


def only_post() -> bool:
    """Limits that count attempts, not page views."""
    return request.method != "POST"


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


def release(storage: Any, key: str) -> None:
    """Give back the newest hit of a moving window in `storage` (an attempt that did not
    fail)."""
    if isinstance(storage, ratelimits.SQLiteStorage):
        storage.release_entry(key)
    elif isinstance(storage, RedisStorage):  # limits keeps a window as a list, newest first
        storage.get_connection().lpop(storage.prefixed_key(key))  # type: ignore[attr-defined]
    elif isinstance(storage, MemoryStorage):
        with storage.locks[key]:
            if storage.events.get(key):
                storage.events[key].pop(0)
    # another storage keeps the hit: every attempt counts, a stricter limit


def limit_failures(limit: str | Callable[[], str], key_func: Callable[[], str],
                   scope: str) -> Callable[[F], F]:
    """Limit the failed POSTs (a 422) of every view so decorated, counted together under
    `scope` and `key_func`'s key: one bucket, whatever the route.

    Flask-Limiter's `deduct_when` tests the limit before the view and counts after it, so
    that requests arriving together all pass the test (issue 30, L7: 1 to 4 over the limit).
    Here each attempt takes its place in the window before the view runs, in one atomic
    check-and-count of the storage (`acquire_entry`: a SQLite transaction, a Redis script, a
    lock in memory), and gives it back when it did not fail. Attempts in flight count: a
    burst may be refused a little early, never let through past the limit."""
    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if request.method != "POST" or not limiter.enabled:
                return view(*args, **kwargs)
            items = sorted(parse_many(limit() if callable(limit) else limit))
            held: list[RateLimitItem] = []
            identity = (key_func(), scope)
            for item in items:
                if not limiter.limiter.hit(item, *identity):
                    for taken in held:
                        release(limiter.limiter.storage, taken.key_for(*identity))
                    _refuse(item, identity)
                held.append(item)
            failed_attempt = False
            try:
                response = make_response(view(*args, **kwargs))
                failed_attempt = response.status_code == 422
                return response
            finally:
                if not failed_attempt:
                    for taken in held:
                        release(limiter.limiter.storage, taken.key_for(*identity))
        return wrapped  # type: ignore[return-value]
    return decorate


def _refuse(item: RateLimitItem, identity: tuple[str, str]) -> None:
    """A 429, with the seconds until the window has room again."""
    reset = limiter.limiter.get_window_stats(item, *identity).reset_time
    response = make_response(error_page(429))
    response.headers["Retry-After"] = str(max(1, int(reset - time.time()) + 1))
    abort(response)


# Decorators shared by the blueprints: failed logins per account, failed codes for the site
# (resume codes and partner codes, at entry and at confirmation: one bucket), partner codes
# tried from one address (entry and confirmation together).
limit_per_account = limit_failures(ACCOUNT_LIMIT, account_key, "account")
limit_codes_site = limit_failures(codes_site_limit, site_key, "codes-site")
limit_partner_codes = limiter.shared_limit(CODE_LIMIT, scope="partner-codes",
                                           exempt_when=only_post)
limit_partner_offers = limiter.limit(PARTNER_CODE_LIMIT, key_func=diagnostic_key)
limit_starts = limiter.limit(START_LIMIT, exempt_when=only_post)
limit_cycles = limiter.shared_limit(CYCLE_LIMIT, scope="cycle", key_func=diagnostic_key)
limit_mails = limiter.limit(MAIL_DIAGNOSTIC_LIMIT, key_func=diagnostic_key)
limit_forgot_per_account = limiter.limit(FORGOT_ACCOUNT_LIMIT, key_func=account_key,
                                         exempt_when=only_post)


DEFAULT_PROXIES = ("127.0.0.1/8", "::1/128")


class TrustedProxies:
    """Werkzeug's ProxyFix (`count` proxies, X-Forwarded-For and -Proto) for requests that come
    from one of the proxies' addresses; a request from anywhere else keeps its own address and
    scheme, whatever X-Forwarded-* it sends (issue 30, L7: a client that reaches gunicorn
    directly must not choose the address its limits are counted against)."""

    def __init__(self, app: Any, count: int, addresses: Iterable[str]) -> None:
        self.direct = app
        self.fixed = ProxyFix(app, x_for=count, x_proto=count)
        self.networks = [ipaddress.ip_network(a.strip(), strict=False)
                         for a in addresses if a.strip()]

    def _from_proxy(self, peer: str) -> bool:
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if self._from_proxy(environ.get("REMOTE_ADDR", "")):
            return self.fixed(environ, start_response)
        return self.direct(environ, start_response)


def _check_decorated_limits_only(app: Flask) -> None:
    """Each of our limits is a decorator on its view (the limit_… above, @limiter.limit),
    checked when the view runs. Flask-Limiter also looks, before every request, for default,
    application, blueprint and meta limits: there are none here, and looking for them cost a
    fortieth of every request (bench/web.py), so that look goes. Configure one
    (RATELIMIT_DEFAULT, RATELIMIT_APPLICATION, …) and it stays."""
    manager = limiter.limit_manager
    if (manager.default_limits or manager.application_limits
            or getattr(manager, "_blueprint_limits", True)
            or getattr(limiter, "_meta_limits", True)):
        return  # (or a Flask-Limiter that keeps them elsewhere: then look, to be safe)
    hooks = app.before_request_funcs.get(None, [])
    app.before_request_funcs[None] = [hook for hook in hooks
                                      if hook != limiter._check_request_limit]


def register(app: Flask) -> None:
    """Headers on every response, a request id on every request, the rate limiter."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    limiter.init_app(app)
    _check_decorated_limits_only(app)
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # the client's address and scheme as the proxies saw them: for limits, logs and HSTS
        app.wsgi_app = TrustedProxies(  # type: ignore[method-assign]
            app.wsgi_app, proxies, app.config.get("PROXY_ADDRESSES") or DEFAULT_PROXIES)

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
