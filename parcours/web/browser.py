"""What the browser's signed session cookie holds, every key in one place, and the language it
reads in. The journey, accounts and the language switcher all read and write these keys."""

from __future__ import annotations

from typing import Any

from babel import Locale
from flask import session
from flask.globals import _cv_app
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select

from ..infra.extensions import db
from ..models import Diagnostic

# [public id, access generation] of the diagnostics this browser may open, newest first; a grant
# of an older generation than the diagnostic's (its link was renewed since) opens nothing
OPENED = "diagnostics"
# Resume tokens and codes are never kept here (the cookie is only signed: anyone who holds it can
# read it): the link page derives them again (infra/codes.py). Cookies from before may still
# carry them under this key, which a new grant removes.
LEGACY_SECRETS = "resume"
PENDING_COHORT = "pending_cohort"  # public id of the cohort this browser is joining
LANG = "lang"  # the language chosen with the switcher
# Public ids of the collective diagnostics this browser started or answered: one browser is one
# respondent of a collective (issue 30, H1); kept when a diagnostic is forgotten
COLLECTIVES = "collectives"

# A login starts a new session (no fixation) but keeps what the browser could already open.
KEPT_ON_LOGIN = (OPENED, LANG, PENDING_COHORT, COLLECTIVES)
MAX_REMEMBERED = 20


def current_locale() -> Locale | None:
    """`flask_babel.get_locale()`, read where Flask-Babel keeps it once worked out for this
    request: a page asks for it some thirty times (every string its template translates), and
    Flask-Babel's own way there cost a twentieth of a question page (bench/web.py). Anything
    else (no context yet, a locale not chosen yet or refreshed) goes the usual way."""
    context = _cv_app.get(None)
    if context is not None:
        found = getattr(getattr(context.g, "_flask_babel", None), "babel_locale", None)
        if found is not None:
            return found  # type: ignore[no-any-return]
    return get_locale()


def lang() -> str:
    """The language the visitor reads now."""
    return str(current_locale())


def logged_in() -> bool:
    """Whether someone is logged in. A browser whose session names no account is anonymous,
    without loading anything: Flask-Login logs in only from the session here (no remember-me
    cookie, no request loader), so only then is the account looked up."""
    return "_user_id" in session and bool(current_user.is_authenticated)


def login_ended() -> bool:
    """Whether this cookie was logged in to a session that has ended since (logout, password
    change, disabled or deleted account: the account's session version moved on). Its grants
    end with it (issue 30, L1): a copy of the cookie taken while logged in opens nothing once
    its owner logs out, although the grants themselves live in the cookie."""
    return "_user_id" in session and not current_user.is_authenticated


def kept_on_login() -> dict[str, Any]:
    """What a login keeps of the session it replaces: the grants only if that session's own
    login, if any, has not ended (a stolen cookie does not get them back by logging in)."""
    kept = {key: session[key] for key in KEPT_ON_LOGIN if key in session}
    if login_ended():
        kept.pop(OPENED, None)
    return kept


def _grants() -> list[tuple[str, int]]:
    """(public id, generation) pairs; a bare public id (a cookie from before generations) is a
    grant of the first generation. None when the cookie's login has ended."""
    if login_ended():
        return []
    found = []
    for item in session.get(OPENED, []):
        if isinstance(item, str):
            found.append((item, 0))
        elif isinstance(item, list) and len(item) == 2:
            found.append((str(item[0]), int(item[1])))
    return found


def granted(public_id: str) -> int | None:
    """The access generation this browser was granted for a diagnostic, if any (no query: the
    caller compares it with the diagnostic's)."""
    return next((generation for pid, generation in _grants() if pid == public_id), None)


def opened() -> list[str]:
    """Public ids of the diagnostics this browser may still open (grants of their current
    generation), newest first: one query."""
    grants = _grants()
    if not grants:
        return []
    rows = db.session.execute(select(Diagnostic.public_id, Diagnostic.access_generation)
                              .where(Diagnostic.public_id.in_([p for p, _ in grants])))
    current = {pid: generation for pid, generation in rows}
    return [pid for pid, generation in grants if current.get(pid) == generation]


def remember_opened(public_id: str, generation: int) -> None:
    """This browser may open the diagnostic from now on (kept for 31 days of inactivity), until
    its resume link is renewed."""
    known = [[pid, gen] for pid, gen in _grants() if pid != public_id]
    session[OPENED] = [[public_id, generation], *known][:MAX_REMEMBERED]
    session.pop(LEGACY_SECRETS, None)
    session.permanent = True


def forget(public_id: str) -> None:
    """This browser may no longer open the diagnostic (it was deleted)."""
    session[OPENED] = [[pid, gen] for pid, gen in _grants() if pid != public_id]


def join_collective(host_public_id: str) -> None:
    """This browser started or answered the collective diagnostic `host_public_id`."""
    known = [pid for pid in session.get(COLLECTIVES, []) if isinstance(pid, str)
             and pid != host_public_id]
    session[COLLECTIVES] = [host_public_id, *known][:MAX_REMEMBERED]
    session.permanent = True


def in_collective(host_public_id: str) -> bool:
    """Whether this browser already started or answered that collective diagnostic."""
    return host_public_id in session.get(COLLECTIVES, [])
