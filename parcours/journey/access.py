"""Who may see a diagnostic on the participant's side: the browser that started or resumed it,
and the account it belongs to. Trainers see their cohorts' diagnostics through their own pages."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import lazyload

from ..infra.extensions import db
from ..models import Diagnostic
from ..web import browser


def grant(diagnostic: Diagnostic) -> None:
    """Remember in the (signed) session cookie that this browser may open the diagnostic, until
    its resume link is renewed (its access generation)."""
    browser.remember_opened(diagnostic.public_id, diagnostic.access_generation)


def account_id() -> int | None:
    """The logged-in account's id, if any: a diagnostic started now is that account's (issue
    30, M4): listed on its pages, deleted with it."""
    return int(current_user.id) if current_user.is_authenticated else None


def may_open(diagnostic: Diagnostic) -> bool:
    """Whether the current visitor is this diagnostic's participant."""
    return may_open_ids(diagnostic.public_id, diagnostic.user_id, diagnostic.access_generation)


def may_open_ids(public_id: str, user_id: int | None, generation: int) -> bool:
    """`may_open` for a diagnostic known by its public id, its account's id and its access
    generation: a browser granted before the last renewal may not."""
    if browser.granted(public_id) == generation:
        return True
    return bool(current_user.is_authenticated and user_id == current_user.id)


# Built once, with its organisation or without (a question page does not show it): building a
# statement cost a tenth of a question page (bench/web.py).
_BY_PUBLIC_ID = select(Diagnostic).where(Diagnostic.public_id == bindparam("public_id"))
_BY_PUBLIC_ID_ALONE = _BY_PUBLIC_ID.options(lazyload(Diagnostic.organisation))


def visible_diagnostic(public_id: str, organisation: bool = True) -> Diagnostic:
    """The diagnostic, or 404 for anyone who may not see it (never 403: we do not confirm it).
    `organisation=False` leaves the organisation to be loaded if and when it is used."""
    diagnostic = db.session.scalar(_BY_PUBLIC_ID if organisation else _BY_PUBLIC_ID_ALONE,
                                   {"public_id": public_id})
    if diagnostic is None or not may_open(diagnostic):
        abort(404)
    return diagnostic


def results_of(public_id: str) -> Diagnostic:
    """`visible_diagnostic`, but 404 for a collective's respondent too: its own results (the
    PDF, the answers as JSON, the plan) are never shown, not even to itself (issue 30, L8)."""
    diagnostic = visible_diagnostic(public_id)
    if diagnostic.is_respondent:
        abort(404)
    return diagnostic
