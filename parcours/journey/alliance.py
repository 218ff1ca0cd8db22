"""Two partners face to face: a partner code asked for, a partner's code entered and confirmed,
the joint page and its PDF, the link ended (parcours/services/alliances.py does the work)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..models import Alliance, Diagnostic
from ..reports.joint import freeze, joint_context, sides
from ..services import alliances
from ..services.questionnaires import questionnaire_of
from ..web.browser import lang
from ..web.downloads import joint_pdf_response
from ..web.forms import ActionForm
from ..web.security import (
    PDF_LIMIT,
    limit_codes_site,
    limit_partner_codes,
    limit_partner_offers,
    limiter,
    no_store,
)
from . import bp
from .access import may_open, visible_diagnostic
from .forms import PartnerCodeForm
from .pages import results_page

ANCHOR = "#alliance-title"


def completed_diagnostic(public_id: str) -> Diagnostic:
    """The participant's diagnostic, completed (404 otherwise: no form was offered); never a
    collective diagnostic's respondent (its host is the organisation's diagnostic)."""
    diagnostic = visible_diagnostic(public_id)
    if not diagnostic.completed or diagnostic.is_respondent:
        abort(404)
    if not questionnaire_of(diagnostic).index.features.partners:
        abort(404)  # its questionnaire offers no partner page (`features.partners: false`)
    return diagnostic


def visible_alliance(public_id: str) -> tuple[Alliance, Diagnostic]:
    """The alliance and the visitor's side of it; 404 for anyone who is neither participant."""
    alliance = alliances.by_public_id(public_id)
    if alliance is not None:
        for side in (alliance.first, alliance.second):
            if may_open(side):
                return alliance, side
    abort(404)


def _results(diagnostic: Diagnostic) -> Response:
    return redirect(url_for("journey.results", public_id=diagnostic.public_id) + ANCHOR)


@bp.post("/d/<public_id>/alliance/code")
@limit_partner_offers
@no_store
def partner_code(public_id: str) -> str | tuple[str, int] | Response:
    """A new partner code, once the participant agreed to what the partner will see."""
    diagnostic = completed_diagnostic(public_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if request.form.get("consent") != "1":  # said by an error summary, not a browser bubble
        snapshot = diagnostic.latest_snapshot()
        if snapshot is None:
            return _results(diagnostic)
        return results_page(diagnostic, snapshot, consent_error=_(
            "Cochez la case pour accepter ce que votre partenaire verra, puis demandez le "
            "code.")), 422
    code, expires = alliances.offer_code(diagnostic)
    return render_template("journey/alliance_code.html", diagnostic=diagnostic, code=code,
                           expires=expires, questionnaire=questionnaire_of(diagnostic))


def _enter_page(diagnostic: Diagnostic, form: PartnerCodeForm) -> tuple[str, int]:
    return render_template("journey/alliance_enter.html", diagnostic=diagnostic, form=form,
                           questionnaire=questionnaire_of(diagnostic)), (
        422 if form.errors else 200)


@bp.route("/d/<public_id>/alliance", methods=["GET", "POST"])
@limit_partner_codes
@limit_codes_site
@no_store
def enter_code(public_id: str) -> str | tuple[str, int]:
    """A partner's code; when it links, whose it is, to confirm."""
    diagnostic = completed_diagnostic(public_id)
    form = PartnerCodeForm()
    if form.validate_on_submit():
        try:
            _row, partner = alliances.partner_of(diagnostic, form.code.data or "")
        except alliances.Refused as refused:
            form.code.errors = [refused.message]
        else:
            return render_template(
                "journey/alliance_confirm.html", diagnostic=diagnostic, partner=partner,
                partner_kind=alliances.kind_label(partner, lang()), code=form.code.data,
                form=ActionForm(), questionnaire=questionnaire_of(diagnostic))
    return _enter_page(diagnostic, form)


@bp.post("/d/<public_id>/alliance/confirmer")
@limit_partner_codes
@limit_codes_site
def confirm(public_id: str) -> Response | tuple[str, int]:
    """Link both diagnostics, once the participant agreed to what its partner will see."""
    diagnostic = completed_diagnostic(public_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    form = PartnerCodeForm(formdata=None, code=request.form.get("code", "")[:20])
    try:
        if request.form.get("consent") != "1":
            _row, partner = alliances.partner_of(diagnostic, form.code.data or "")  # valid?
            return render_template(  # the same page, with an error summary (issue 26)
                "journey/alliance_confirm.html", diagnostic=diagnostic, partner=partner,
                partner_kind=alliances.kind_label(partner, lang()), code=form.code.data,
                form=ActionForm(), questionnaire=questionnaire_of(diagnostic),
                consent_error=_("Cochez la case pour accepter ce que votre partenaire verra, "
                                "puis confirmez.")), 422
        alliance = alliances.link(diagnostic, form.code.data or "", freeze)
    except alliances.Refused as refused:
        form.code.errors = [refused.message]
        return _enter_page(diagnostic, form)
    flash(_("Vos deux diagnostics sont liés : voici votre page commune."))
    return redirect(url_for("journey.joint", public_id=alliance.public_id))


@bp.get("/alliance/<public_id>")
@no_store
def joint(public_id: str) -> str:
    """The joint page of two partners (« regards croisés »), for either participant."""
    alliance, mine = visible_alliance(public_id)
    pair_of = sides(alliance)
    context = joint_context(alliance, pair_of, lang()) if pair_of else {}
    return render_template("journey/alliance.html", alliance=alliance, mine=mine,
                           form=ActionForm(), questionnaire=questionnaire_of(mine), **context)


@bp.get("/alliance/<public_id>/regards-croises.pdf")
@limiter.limit(PDF_LIMIT)
def joint_pdf(public_id: str) -> Response | tuple[str, int]:
    """The joint page as a PDF, in the reader's language."""
    alliance, _mine = visible_alliance(public_id)
    pair_of = sides(alliance)
    if pair_of is None:
        abort(404)
    return joint_pdf_response(alliance, pair_of, lang(), _("Réessayez dans un instant."))


@bp.post("/alliance/<public_id>/fin")
def end(public_id: str) -> Response:
    """End the link: neither partner (nor a trainer) sees the joint page any more."""
    alliance, mine = visible_alliance(public_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    alliances.end(alliance, mine)
    flash(_("Le lien est terminé : la page commune n'est plus visible, ni par vous ni par "
            "votre partenaire."))
    return _results(mine)
