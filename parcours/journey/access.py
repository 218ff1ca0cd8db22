"""Who may see a diagnostic on the participant's side: the browser that started or resumed it,
and the account it belongs to. Trainers see their cohorts' diagnostics through their own pages."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import lazyload, undefer

from ..infra.extensions import db
from ..models import Diagnostic, Invitation
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


# Built once: building a statement cost a tenth of a question page (bench/web.py).
_BY_PUBLIC_ID = select(Diagnostic).where(Diagnostic.public_id == bindparam("public_id"))


def visible_diagnostic(public_id: str) -> Diagnostic:
    """The diagnostic, or 404 for anyone who may not see it (never 403: we do not confirm it)."""
    diagnostic = db.session.scalar(_BY_PUBLIC_ID, {"public_id": public_id})
    if diagnostic is None or not may_open(diagnostic):
        abort(404)
    return diagnostic


# A page of questions in one query rather than three: the diagnostic without its organisation
# (the page does not show it), its follow-up's pre-filled answers, and whether it hosts a
# collective diagnostic (its pages lead to the collective page), asked of every page view.
_QUESTION_PAGE = select(Diagnostic, exists().where(Invitation.host_id == Diagnostic.id)).where(
    Diagnostic.public_id == bindparam("public_id")).options(
    lazyload(Diagnostic.organisation), undefer(Diagnostic.unconfirmed))


def page_diagnostic(public_id: str) -> tuple[Diagnostic, bool]:
    """`visible_diagnostic` for a page of questions: the diagnostic, its pre-filled answers
    loaded, and whether it is a collective diagnostic's host (services.collective)."""
    row = db.session.execute(_QUESTION_PAGE, {"public_id": public_id}).first()
    if row is None or not may_open(row[0]):
        abort(404)
    diagnostic, invites = row
    return diagnostic, diagnostic.host_id is None and bool(invites)


def results_of(public_id: str) -> Diagnostic:
    """`visible_diagnostic`, but 404 for a collective's respondent too: its own results (the
    PDF, the answers as JSON, the plan) are never shown, not even to itself (issue 30, L8)."""
    diagnostic = visible_diagnostic(public_id)
    if diagnostic.is_respondent:
        abort(404)
    return diagnostic
