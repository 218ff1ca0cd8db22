"""Two partners face to face, as their trainer reads it: the joint page and its PDF, for a
trainer (or an admin) who sees both diagnostics in its cohorts; each opening is logged."""

from __future__ import annotations

from flask import Response, abort, render_template
from flask_babel import gettext as _
from flask_login import current_user

from ..models import Alliance
from ..reports.joint import Side, joint_context, sides
from ..services import access_log, alliances
from ..web.browser import lang
from ..web.downloads import joint_pdf_response
from ..web.security import PDF_LIMIT, limiter, no_store
from . import bp
from .access import trainer_required


def _visible(public_id: str) -> tuple[Alliance, tuple[int, int], tuple[Side, Side]]:
    """The alliance, the cohorts of its two sides and both sides; 404 unless the current
    trainer sees both diagnostics, and both are completed."""
    alliance = alliances.by_public_id(public_id)
    cohorts = alliances.trainer_cohorts(alliance, current_user) if alliance else None
    pair_of = sides(alliance) if alliance and cohorts else None
    if alliance is None or cohorts is None or pair_of is None:
        abort(404)
    return alliance, cohorts, pair_of


def _log(action: str, alliance: Alliance, cohorts: tuple[int, int]) -> None:
    for diagnostic_id, cohort_id in zip((alliance.first_id, alliance.second_id), cohorts,
                                        strict=True):
        access_log.record(current_user, action, [diagnostic_id], cohort_id)


@bp.get("/alliances/<public_id>")
@no_store
@trainer_required
def joint(public_id: str) -> str:
    """The joint page of two partners of this trainer's cohorts."""
    alliance, cohorts, pair_of = _visible(public_id)
    html = render_template("trainer/alliance.html", alliance=alliance,
                           **joint_context(alliance, pair_of, lang()))
    _log(access_log.RESULTS_VIEWED, alliance, cohorts)
    return html


@bp.get("/alliances/<public_id>/regards-croises.pdf")
@limiter.limit(PDF_LIMIT)
@trainer_required
def joint_pdf(public_id: str) -> Response | tuple[str, int]:
    """The joint page as a PDF, in the trainer's language."""
    alliance, cohorts, pair_of = _visible(public_id)
    response = joint_pdf_response(alliance, pair_of, lang(), _("Réessayez dans un instant."))
    if isinstance(response, Response):
        _log(access_log.PDF_DOWNLOADED, alliance, cohorts)
    return response
