"""Who opened the diagnostic on the trainers' side: its whole access log, for its participant."""

from __future__ import annotations

from flask import render_template, request

from ..services import access_log
from ..services.questionnaires import questionnaire_of
from ..web.forms import page_number
from ..web.security import no_store
from . import bp
from .access import visible_diagnostic

PAGE_SIZE = 50


@bp.get("/d/<public_id>/acces")
@no_store
def accesses(public_id: str) -> str:
    """Every time a trainer or an admin opened these results, PDF or answers (404 for anyone
    but the participant)."""
    diagnostic = visible_diagnostic(public_id)
    page = page_number(request.args.get("page", ""))
    entries, total = access_log.page_of(diagnostic.id, page, PAGE_SIZE)
    return render_template("journey/accesses.html", diagnostic=diagnostic, entries=entries,
                           total=total, page=page, pages=max(1, -(-total // PAGE_SIZE)),
                           questionnaire=questionnaire_of(diagnostic))
