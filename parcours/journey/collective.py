"""The collective diagnostic on the participant's side (issue 18): making a diagnostic collective,
its role links and their follow-up, e-mailed invitations, the invitation's landing page and a
respondent's thanks. The rules live in services/collective.py and
services/consolidation.py."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from ..engine.collective import MIN_GROUP
from ..infra.extensions import db
from ..mail import outbox
from ..models import Diagnostic, Invitation
from ..services import collective, consolidation
from ..services.questionnaires import questionnaire_of, served
from ..web import browser
from ..web.browser import lang
from ..web.forms import ActionForm
from ..web.links import external_url
from ..web.security import MAIL_LIMIT, TOKEN_LIMIT, limit_mails, limit_starts, limiter, no_store
from . import bp
from .access import grant, may_open, visible_diagnostic

ADDRESSES_MAX = 20


def host_page(host: Diagnostic, status: int = 200, error: str | None = None) -> tuple[str, int]:
    """The collective page: how to make it collective, or its links and counts."""
    q = questionnaire_of(host)
    invitations = collective.invitations(host)
    counts = collective.counts(host)
    band = consolidation.band  # live counts in bands, never exact (issue 25)
    completed = sum(entry["completed"] for entry in counts.values())
    roles = [{"invitation": invitation, "label": collective.role_label(invitation.role),
              "url": external_url("journey.invitation",
                                  token=collective.invitation_token(invitation)),
              **{key: band(number) for key, number in
                 counts.get(invitation.role, {"started": 0, "completed": 0}).items()}}
             for invitation in invitations]
    own = collective.own_row(host) if invitations else None
    return render_template(
        "journey/collective.html", diagnostic=host, questionnaire=q, roles=roles,
        completed=band(completed), min_group=MIN_GROUP, own=own, form=ActionForm(),
        error=error, ready=collective.profile_answered(q, host), mail=outbox.enabled(),
        presets=collective.presets_for(q.kind_of(host.answer_map())),
        snapshot=host.latest_snapshot_id is not None,
        publishable=consolidation.publishable(host), rounds=consolidation.rounds(host.id),
        published=collective.published_count(host.id), round_new=consolidation.ROUND_NEW,
        closed=host.collection_closed_at is not None), status


def _host(public_id: str) -> Diagnostic:
    diagnostic = visible_diagnostic(public_id)
    if diagnostic.is_respondent:
        abort(404)
    # a questionnaire without the collective offer (`features.collective: false`) has no such
    # page; one already collective stays reachable, its respondents' answers with it
    if not (questionnaire_of(diagnostic).index.features.collective
            or collective.is_collective(diagnostic)):
        abort(404)
    return diagnostic


@bp.get("/d/<public_id>/collectif")
@no_store
def collective_page(public_id: str) -> tuple[str, int]:
    """Make the diagnostic collective, or follow its respondents."""
    host = _host(public_id)
    browser.join_collective(host.public_id)  # the host's browser never answers as another
    return host_page(host)


@bp.post("/d/<public_id>/collectif")
def make_collective(public_id: str) -> tuple[str, int] | Response:
    """Roles chosen: one invitation link per role, and the initiator's own row."""
    host = _host(public_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    q = questionnaire_of(host)
    if collective.is_collective(host):
        return redirect(url_for("journey.collective_page", public_id=public_id))
    if host.completed or not collective.profile_answered(q, host):
        return host_page(host, 409, _("Répondez d'abord au profil de l'organisation, sur un "
                                      "diagnostic encore en cours."))
    try:
        roles = collective.clean_roles(request.form.getlist("roles"),
                                       request.form.get("custom", "")[:2000])
    except ValueError as error:
        return host_page(host, 422, str(error))
    own_role = request.form.get("own_role", "")
    if own_role not in roles:
        return host_page(host, 422, _("Choisissez votre propre rôle parmi les rôles retenus."))
    own = collective.make_collective(host, q, roles, own_role, lang())
    grant(own.diagnostic)
    browser.join_collective(host.public_id)
    flash(_("Le diagnostic est désormais collectif : partagez le lien de chaque rôle."))
    return redirect(url_for("journey.collective_page", public_id=public_id))


@bp.post("/d/<public_id>/collectif/publier")
def publish(public_id: str) -> tuple[str, int] | Response:
    """Publish a round: the results of everyone counted so far, once three new respondents
    (the initiator's own answers apart) have completed since the last round."""
    host = _host(public_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if host.collection_closed_at is not None:
        return host_page(host, 409, _("La collecte est close : une personne a retiré ses "
                                      "réponses après une publication."))
    if consolidation.publish_round(host, questionnaire_of(host)) is None:
        return host_page(host, 409, ngettext(
            "Il faut au moins %(num)s nouvelles réponses terminées, en plus des vôtres, pour "
            "publier.",
            "Il faut au moins %(num)s nouvelles réponses terminées, en plus des vôtres, pour "
            "publier.", consolidation.ROUND_NEW))
    flash(_("Les résultats d'ensemble sont publiés."))
    return redirect(url_for("journey.results", public_id=public_id))


@bp.post("/d/<public_id>/collectif/email")
@limiter.limit(MAIL_LIMIT)
@limit_mails
def mail_invitation(public_id: str) -> tuple[str, int] | Response:
    """Send a role's invitation link to the addresses given (one a line)."""
    host = _host(public_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    invitation = db.session.get(Invitation, _int(request.form.get("invitation")))
    if not outbox.enabled() or invitation is None or invitation.host_id != host.id:
        abort(404)
    lines = [line.strip() for line in request.form.get("addresses", "")[:20_000].splitlines()
             if line.strip()]
    addresses = [outbox.checked_address(line) for line in lines]
    if not lines or None in addresses or len(lines) > ADDRESSES_MAX:
        return host_page(host, 422, _("Indiquez de une à %(max)s adresses e-mail valides, une "
                                      "par ligne.", max=ADDRESSES_MAX))
    collective.send_invitations(invitation, [a for a in addresses if a], host.lang)
    flash(ngettext("L'invitation part à une adresse.", "L'invitation part à %(num)s adresses.",
                   len(addresses)))
    return redirect(url_for("journey.collective_page", public_id=public_id))


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() and len(text) < 10 else 0


def _already_in(host: Diagnostic) -> bool:
    """Whether this browser or account already holds the collective or one of its respondents
    (issue 30, H1): one browser, one respondent; the initiator answers once, as its own role."""
    if browser.in_collective(host.public_id) or may_open(host):
        return True
    return collective.holds_respondent(host, browser.opened())


def _landing(invitation: Invitation) -> dict[str, Any]:
    host = db.session.get(Diagnostic, invitation.host_id)
    if host is None or not served(host.questionnaire_key):
        abort(404)
    return {"host": host, "role": collective.role_label(invitation.role),
            "questionnaire": questionnaire_of(host), "form": ActionForm()}


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(TOKEN_LIMIT)
@limit_starts
@no_store
def invitation(token: str) -> tuple[str, int] | Response:
    """An invitation link: who invites, what stays anonymous; consent starts the answers."""
    found = collective.find_invitation(token)
    if found is None:
        return render_template("journey/invitation.html", bad_link=True), 404
    context = _landing(found)
    if _already_in(context["host"]):
        return render_template("journey/invitation.html", already=True, **context), 409
    if request.method == "POST":
        if not context["form"].validate_on_submit():
            abort(400)
        if request.form.get("consent") != "1":
            return render_template("journey/invitation.html", missing_consent=True,
                                   **context), 422
        respondent = collective.add_respondent(found, context["questionnaire"], lang())
        grant(respondent.diagnostic)
        browser.join_collective(context["host"].public_id)
        return redirect(url_for("journey.link", public_id=respondent.diagnostic.public_id,
                                new=1))
    return render_template("journey/invitation.html", **context), 200


@bp.get("/d/<public_id>/merci")
def thanks(public_id: str) -> str:
    """A respondent's answers are in: what happens next (its own results are never shown)."""
    diagnostic = visible_diagnostic(public_id)
    if not diagnostic.is_respondent:
        abort(404)
    host = diagnostic.host
    return render_template("journey/thanks.html", diagnostic=diagnostic, form=ActionForm(),
                           host=host if host is not None and may_open(host) else None,
                           published=diagnostic.respondent_round is not None,
                           min_group=MIN_GROUP)
