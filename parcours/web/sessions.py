"""The session cookie, read once per process, and the form token, signed once a minute.

Flask's signed cookie: its checked contents are kept for the next request that brings the same
cookie.

A participant's browser sends the same cookie page after page (it changes only when the session
does: SESSION_REFRESH_EACH_REQUEST is off). Flask built a serializer, derived its key, checked
the signature and decoded the JSON on every request: a twentieth of a question page
(bench/web.py). The first read still does all of that; the next ones find the contents under
the exact cookie string, check its age against the session's lifetime as itsdangerous does,
and get their own copy (a view may change its session). A cookie is kept only once its
signature held, and under the keys that checked it: a new or rotated SECRET_KEY reads every
cookie afresh.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, Request, current_app, g, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadSignature, URLSafeTimedSerializer

MAX_KEPT = 4096  # cookies kept decoded per process (a few MB at most), then it starts again


def _copy(value: Any) -> Any:
    """A copy of what a session holds, deep enough that changing it leaves the kept one alone
    (what Flask's tagged JSON gives back: dicts, lists, tuples, and values never changed)."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_copy(item) for item in value)
    return value


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, each cookie checked and decoded once per process."""

    def __init__(self) -> None:
        self._serializer: tuple[tuple[Any, ...], URLSafeTimedSerializer | None] | None = None
        self._read: dict[str, tuple[int, dict[str, Any]]] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, built again only when the keys change."""
        keys = (app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if self._serializer is None or self._serializer[0] != keys:
            self._serializer = (keys, super().get_signing_serializer(app))
            self._read = {}  # read under other keys
        return self._serializer[1]

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        kept = self._read.get(value)
        if kept is None:
            try:
                data, signed = serializer.loads(value, max_age=max_age, return_timestamp=True)
            except BadSignature:  # a forged, damaged or expired cookie: a new session
                return self.session_class()
            if len(self._read) >= MAX_KEPT:
                self._read.clear()
            kept = self._read[value] = (int(signed.timestamp()), data)
        age = int(time.time()) - kept[0]  # as itsdangerous counts it, in whole seconds
        if age > max_age or age < 0:
            return self.session_class()
        return self.session_class(_copy(kept[1]))


# A form's token (Flask-WTF's CSRF token: the session's own, signed with the time) is signed once
# a minute per session rather than for every page: signing it was a twenty-fifth of a question
# page (bench/web.py). A page may thus carry a token signed up to a minute earlier, which its
# form may send back for WTF_CSRF_TIME_LIMIT (an hour) from then: 59 minutes at the least.
SIGNED_FOR = 60.0
_signed: dict[tuple[Any, str], tuple[float, str]] = {}


def form_token() -> str:
    """`flask_wtf.csrf.generate_csrf()`, signed at most a minute ago for this session's token."""
    if "csrf_token" in g:
        return str(g.csrf_token)  # this request's, from a form or an earlier call
    secret = current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    raw = session.get("csrf_token")
    now = time.monotonic()
    found = _signed.get((secret, raw)) if isinstance(raw, str) else None
    if found is not None and now - found[0] < SIGNED_FOR:
        g.csrf_token = found[1]
        return found[1]
    token = str(generate_csrf())  # (gives the session its token if it had none)
    if len(_signed) >= MAX_KEPT:
        _signed.clear()
    _signed[(secret, session["csrf_token"])] = (now, token)
    return token


def install(app: Flask) -> None:
    """After Flask-WTF's own set-up, whose `csrf_token` for templates is replaced (a global;
    its context processor, which gave each template the same two functions, goes)."""
    app.session_interface = CookieSessions()
    app.jinja_env.globals["csrf_token"] = form_token
    processors = app.template_context_processors[None]
    processors[:] = [processor for processor in processors
                     if getattr(processor, "__module__", None) != "flask_wtf.csrf"]
