"""Joining a trainer's cohort (by link or code, after consent) and leaving it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from werkzeug.wrappers import Response

from ..infra.extensions import db
from ..models import Cohort, Diagnostic
from ..services import cohorts
from ..services.questionnaires import all_questionnaires
from ..web import browser
from ..web.browser import PENDING_COHORT as PENDING
from ..web.forms import ActionForm
from ..web.security import CODE_LIMIT, TOKEN_LIMIT, limiter, only_post
from . import bp
from .access import visible_diagnostic
from .forms import JoinCodeForm


def pending_cohort() -> Cohort | None:
    """The cohort this browser is joining, if any."""
    public_id = session.get(PENDING)
    if not public_id:
        return None
    return cohorts.cohort_by_public_id(public_id)


def consented_cohort() -> Cohort | None:
    """Starting from a cohort's link: the cohort, if the participant ticked the consent box
    (then it is no longer pending)."""
    cohort = pending_cohort()
    if cohort is None or request.form.get("consent") != "1":
        return None
    session.pop(PENDING, None)
    return cohort


@bp.get("/rejoindre/<token>")
@limiter.limit(TOKEN_LIMIT)
def join_link(token: str) -> Response | tuple[str, int]:
    """A cohort's join link: remember it, then ask for consent."""
    cohort = cohorts.cohort_by_token(token)
    if cohort is None:
        return render_template("journey/join_code.html", form=JoinCodeForm(), bad_link=True), 404
    session[PENDING] = cohort.public_id
    return redirect(url_for("journey.join_confirm"))


@bp.route("/rejoindre", methods=["GET", "POST"])
@limiter.limit(CODE_LIMIT, exempt_when=only_post)
def join_code() -> str | Response | tuple[str, int]:
    """A cohort's short join code."""
    form = JoinCodeForm()
    if form.validate_on_submit():
        cohort = cohorts.cohort_by_code(form.code.data or "")
        if cohort is not None:
            session[PENDING] = cohort.public_id
            return redirect(url_for("journey.join_confirm"))
        form.code.errors = [_("Ce code ne correspond à aucun groupe. Vérifiez-le auprès de "
                              "votre formateur.")]
    return render_template("journey/join_code.html", form=form, bad_link=False), (
        422 if form.errors else 200)


@bp.get("/rejoindre/confirmer")
def join_confirm() -> str | Response:
    """The consent text, and the diagnostics of this browser that could join."""
    cohort = pending_cohort()
    if cohort is None:
        return redirect(url_for("journey.join_code"))
    opened = browser.opened()
    owner = current_user.id if current_user.is_authenticated else -1
    diagnostics = db.session.scalars(select(Diagnostic).where(
        or_(Diagnostic.public_id.in_(opened), Diagnostic.user_id == owner),
        Diagnostic.questionnaire_key == cohort.questionnaire_key,
        Diagnostic.host_id.is_(None))  # a collective diagnostic's respondents never join
        .order_by(Diagnostic.updated_at.desc())).all()
    return render_template("journey/join_confirm.html", cohort=cohort, diagnostics=diagnostics,
                           form=ActionForm(),
                           questionnaire=all_questionnaires().get(cohort.questionnaire_key))


@bp.post("/d/<public_id>/groupe")
def join_cohort(public_id: str) -> Response | tuple[str, int]:
    """Join the pending cohort with this diagnostic, once consent is ticked."""
    diagnostic = visible_diagnostic(public_id)
    if diagnostic.is_respondent:
        abort(404)
    cohort = pending_cohort()
    if cohort is None:
        return redirect(url_for("journey.join_code"))
    if request.form.get("consent") != "1":
        flash(_("Cochez la case pour accepter que le formateur voie vos réponses."))
        return redirect(url_for("journey.join_confirm"))
    if diagnostic.questionnaire_key != cohort.questionnaire_key:
        flash(_("Ce groupe remplit un autre questionnaire : commencez-en un nouveau pour le "
                "rejoindre."))
        return redirect(url_for("journey.join_confirm"))
    cohorts.join(diagnostic, cohort)
    session.pop(PENDING, None)
    flash(_("Vous avez rejoint le groupe « %(name)s ».", name=cohort.name))
    return redirect(url_for("journey.resume_here", public_id=public_id))


@bp.post("/d/<public_id>/groupe/quitter")
def leave_cohort(public_id: str) -> Response:
    """Leave the cohort: its trainer no longer sees this diagnostic."""
    diagnostic = visible_diagnostic(public_id)
    if ActionForm().validate_on_submit() and diagnostic.cohort_id is not None:
        cohorts.leave(diagnostic)
        flash(_("Vous avez quitté le groupe : le formateur ne voit plus ce diagnostic."))
    return redirect(url_for("journey.resume_here", public_id=public_id))


@bp.post("/d/<public_id>/groupe/nom")
def named_in_group(public_id: str) -> Response:
    """The participant agrees (or no longer) that its organisation be named to the group."""
    diagnostic = visible_diagnostic(public_id)
    if ActionForm().validate_on_submit() and diagnostic.cohort_id is not None:
        named = request.form.get("named") == "1"
        cohorts.set_named(diagnostic, named)
        flash(_("C'est noté : le nom de votre organisation apparaît dans la synthèse du groupe.")
              if named else _("C'est noté : le nom de votre organisation n'apparaît pas dans la "
                              "synthèse du groupe."))
    return redirect(url_for("journey.results", public_id=public_id) + "#cohort-box")
