"""Where the ordinary journey bends for a collective diagnostic (issue 18): a respondent skips
the profile and never sees its own results, the host's pages lead to the collective page, and a
respondent's completion consolidates the host."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import redirect, url_for
from werkzeug.wrappers import Response

from ..engine import Questionnaire
from ..models import Diagnostic, Snapshot
from ..services import collective, consolidation
from ..services.questionnaires import questionnaire_of
from .navigation import Page, first_open_page, pages, resume_page


def hosts(diagnostic: Diagnostic) -> bool:
    """Whether the diagnostic is a collective diagnostic's host."""
    return not diagnostic.is_respondent and collective.is_collective(diagnostic)


def first_page(diagnostic: Diagnostic, q: Questionnaire,
               answers: Mapping[str, Any], resuming: bool = False) -> Page | None:
    """The first page left to answer (`resuming`: where the participant stopped, the page it
    saved last or the next one left to answer); a respondent's is never one of the profile."""
    found = resume_page(q, answers, diagnostic.last_section) if resuming else \
        first_open_page(q, answers)
    if diagnostic.is_respondent and found is not None and not found.stage.dimensions:
        scored = [page for page in pages(q) if page.stage.dimensions]
        return scored[0] if scored else None
    return found


def redirect_page(diagnostic: Diagnostic, q: Questionnaire, page: Page,
                  hosting: bool) -> Response | None:
    """Where a page of questions leads instead: the host's pages to the collective page (its
    profile is shared: it no longer changes), a respondent's profile pages to its first page.
    `hosting`: whether it is a collective diagnostic's host (`hosts`, read with the row)."""
    if diagnostic.is_respondent:
        if page.stage.dimensions:
            return None
        target = first_page(diagnostic, q, {})
        return redirect(url_for("journey.section", public_id=diagnostic.public_id,
                                section_id=target.section.id) if target else
                        url_for("journey.review_page", public_id=diagnostic.public_id))
    if hosting:
        return redirect(url_for("journey.collective_page", public_id=diagnostic.public_id))
    return None


def after_completion(diagnostic: Diagnostic, snapshot: Snapshot | None) -> Snapshot | None:
    """After a completion: a respondent's consolidates its host (from three), whose new
    snapshot is then the one to prerender; anyone else's snapshot is returned as it is."""
    if not diagnostic.is_respondent:
        return snapshot
    if snapshot is None:
        return None
    return consolidation.after_completion(diagnostic, questionnaire_of(diagnostic))


def summary(diagnostic: Diagnostic) -> dict[str, Any] | None:
    """What a host's results page says of its respondents; None for any other diagnostic."""
    if not hosts(diagnostic):
        return None
    return {"completed": collective.published_count(diagnostic.id),
            "url": url_for("journey.collective_page", public_id=diagnostic.public_id)}


def may_offer(diagnostic: Diagnostic, q: Questionnaire) -> bool:
    """Whether the link page offers « faire répondre plusieurs personnes »."""
    return (q.index.features.collective and not diagnostic.is_respondent
            and not diagnostic.completed and q.scored_stages != tuple(q.stages)
            and not collective.is_collective(diagnostic))
