"""The participant's history page: its organisation's diagnostics over time, as far as this
visitor may see them.

Only the diagnostics this browser was granted (browser.py) or the logged-in account owns are
listed: the organisation is never a key that opens another diagnostic."""

from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user
from sqlalchemy import ColumnElement, or_, select

from ..infra.extensions import db
from ..models import Diagnostic
from ..reports.history import chart, history
from ..services.questionnaires import questionnaire_of
from ..web import browser
from ..web.security import no_store
from . import bp
from .access import visible_diagnostic


def visible_of_organisation(diagnostic: Diagnostic) -> list[Diagnostic]:
    """The organisation's diagnostics this visitor may open: one query."""
    allowed: ColumnElement[bool] = Diagnostic.public_id.in_(browser.opened())
    if current_user.is_authenticated:
        allowed = or_(allowed, Diagnostic.user_id == current_user.id)
    return list(db.session.scalars(select(Diagnostic).where(
        Diagnostic.organisation_id == diagnostic.organisation_id, allowed,
        Diagnostic.host_id.is_(None))))  # a collective diagnostic's respondents are never listed


@bp.get("/d/<public_id>/historique")
@no_store
def history_page(public_id: str) -> str:
    """The organisation's diagnostics over time (404 for anyone who may not see this one)."""
    diagnostic = visible_diagnostic(public_id)
    entries = history(visible_of_organisation(diagnostic), browser.lang())
    links = {e.diagnostic.id: url_for("journey.results", public_id=e.diagnostic.public_id)
             if e.result else url_for("journey.resume_here", public_id=e.diagnostic.public_id)
             for e in entries}
    return render_template("journey/history.html", diagnostic=diagnostic, entries=entries,
                           links=links, chart=chart(entries),
                           questionnaire=questionnaire_of(diagnostic))
