"""Who may see a diagnostic: today, the browser that started or resumed it."""

from __future__ import annotations

from flask import abort, session
from sqlalchemy import select

from ..extensions import db
from ..models import Diagnostic

SESSION_KEY = "diagnostics"
MAX_REMEMBERED = 20


def grant(diagnostic: Diagnostic) -> None:
    """Remember in the (signed) session cookie that this browser may open the diagnostic."""
    known = [pid for pid in session.get(SESSION_KEY, []) if pid != diagnostic.public_id]
    session[SESSION_KEY] = [diagnostic.public_id, *known][:MAX_REMEMBERED]
    session.permanent = True


def visible_diagnostic(public_id: str) -> Diagnostic:
    """The diagnostic, or 404 for anyone who may not see it (never 403: we do not confirm it)."""
    if public_id not in session.get(SESSION_KEY, []):
        abort(404)
    diagnostic = db.session.scalar(select(Diagnostic).where(Diagnostic.public_id == public_id))
    if diagnostic is None:
        abort(404)
    return diagnostic
