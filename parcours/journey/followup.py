"""A follow-up diagnostic (issue 17): « Refaire le diagnostic » from a completed one's results,
blank or pre-filled with its answers to confirm, and the page of those still unconfirmed.

The follow-up does not join the previous one's cohort by itself: the participant's consent is
asked again, by a box left unticked on the results page's form."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..models import Cohort, Diagnostic, Snapshot
from ..reports.cache import Found
from ..reports.progress import progress_of
from ..services.questionnaires import questionnaire_of
from ..web.browser import lang
from ..web.forms import ActionForm
from ..web.security import limit_starts
from . import bp, services
from .access import account_id, grant, may_open, may_open_ids, visible_diagnostic
from .navigation import pages

PREFILL, BLANK = "prefill", "blank"


def same_cohort(diagnostic: Diagnostic) -> Cohort | None:
    """The cohort a follow-up may join again: the previous diagnostic's, while it is one for
    the same questionnaire."""
    cohort = diagnostic.cohort
    if cohort is None or cohort.questionnaire_key != diagnostic.questionnaire_key:
        return None
    return cohort


def shown_previous(diagnostic: Diagnostic) -> Diagnostic | None:
    """The previous diagnostic of a follow-up, as the visitor may see it through the follow-up
    (its scores, its completion's date): always, until its link is renewed; after a renewal,
    only by a browser or an account that may open it too (issue 30, L9)."""
    previous = diagnostic.previous if diagnostic.previous_id is not None else None
    if previous is None:
        return None
    if previous.access_generation == diagnostic.previous_generation or may_open(previous):
        return previous
    return None


def as_seen(found: Found) -> Found:
    """A follow-up's report as the visitor may download it: without the previous diagnostic's
    scores when `shown_previous` would hide them."""
    if found.previous_renewed and not (found.previous_public_id and may_open_ids(
            found.previous_public_id, found.previous_user_id, found.previous_generation or 0)):
        return found.without_previous()
    return found


@bp.post("/d/<public_id>/refaire")
@limit_starts
def follow_up(public_id: str) -> Response:
    """Start the follow-up of a completed diagnostic."""
    diagnostic = visible_diagnostic(public_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not diagnostic.completed:
        abort(409)
    if diagnostic.is_respondent:
        abort(404)
    mode = request.form.get("mode", PREFILL)
    if mode not in (PREFILL, BLANK):
        abort(400)
    q = questionnaire_of(diagnostic)
    cohort = same_cohort(diagnostic) if request.form.get("share") == "1" else None
    started = services.follow_up(diagnostic, q, lang(), prefill=mode == PREFILL, cohort=cohort,
                                 user_id=account_id())
    grant(started.diagnostic)
    if mode == PREFILL:
        flash(_("Vos réponses précédentes sont reprises : confirmez-les ou changez-les, page "
                "par page. Seules les réponses confirmées comptent dans le nouveau score."))
    return redirect(url_for("journey.link", public_id=started.diagnostic.public_id, new=1))


def unconfirmed_pages(diagnostic: Diagnostic) -> list[dict[str, Any]]:
    """The pages holding answers still to confirm, each with those questions."""
    unconfirmed = services.unconfirmed_of(diagnostic)
    if not unconfirmed:
        return []
    q = questionnaire_of(diagnostic)
    found = []
    for page in pages(q):
        questions = [question for question in page.section.questions
                     if question.id in unconfirmed]
        if questions:
            found.append({"page": page, "questions": questions})
    return found


@bp.get("/d/<public_id>/a-confirmer")
def unconfirmed(public_id: str) -> str:
    """Which pre-filled answers are still to confirm, page by page."""
    diagnostic = visible_diagnostic(public_id)
    q = questionnaire_of(diagnostic)
    previous = shown_previous(diagnostic)
    return render_template("journey/unconfirmed.html", diagnostic=diagnostic, questionnaire=q,
                           groups=unconfirmed_pages(diagnostic), previous=previous,
                           lang=lang())


def progress_since(diagnostic: Diagnostic, snapshot: Snapshot,
                   language: str) -> dict[str, Any] | None:
    """A follow-up's « Vos progrès depuis le … », None for any other diagnostic."""
    previous = shown_previous(diagnostic)
    return progress_of(previous.latest_snapshot_id if previous is not None else None,
                       snapshot.results.get(language) or snapshot.results["fr"], language)
