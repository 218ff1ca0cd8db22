"""What the browser's signed session cookie holds, every key in one place, and the language it
reads in. The journey, accounts and the language switcher all read and write these keys."""

from __future__ import annotations

from flask import session
from flask_babel import get_locale

OPENED = "diagnostics"  # public ids of the diagnostics this browser may open, newest first
SECRETS = "resume"  # public id → {"token": …, "code": …} shown to this browser
PENDING_COHORT = "pending_cohort"  # public id of the cohort this browser is joining
LANG = "lang"  # the language chosen with the switcher

# A login starts a new session (no fixation) but keeps what the browser could already open.
KEPT_ON_LOGIN = (OPENED, SECRETS, LANG, PENDING_COHORT)
MAX_REMEMBERED = 20


def lang() -> str:
    """The language the visitor reads now."""
    return str(get_locale())


def opened() -> list[str]:
    """Public ids of the diagnostics this browser may open."""
    return list(session.get(OPENED, []))


def remember_opened(public_id: str) -> None:
    """This browser may open the diagnostic from now on (kept for 31 days of inactivity)."""
    known = [pid for pid in session.get(OPENED, []) if pid != public_id]
    session[OPENED] = [public_id, *known][:MAX_REMEMBERED]
    session.permanent = True


def remember_secrets(public_id: str, **secrets: str) -> None:
    """Keep a diagnostic's resume link or code, to show them again on its link page."""
    known = dict(session.get(SECRETS, {}))
    known[public_id] = {**known.get(public_id, {}), **secrets}
    session[SECRETS] = dict(list(known.items())[-MAX_REMEMBERED:])


def secrets_of(public_id: str) -> dict[str, str]:
    """The resume link and code of a diagnostic that this browser was shown, if any."""
    found: dict[str, str] = session.get(SECRETS, {}).get(public_id, {})
    return found
