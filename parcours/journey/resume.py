"""Starting a diagnostic, its private resume link and code, and coming back with them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from ..engine import Questionnaire
from ..engine.collective import profile_ids
from ..mail import outbox
from ..models import Diagnostic
from ..services.questionnaires import answers_of, questionnaire, questionnaire_of, served
from ..web.browser import lang
from ..web.forms import ActionForm
from ..web.links import external_url
from ..web.security import (
    CODE_LIMIT,
    MAIL_LIMIT,
    TOKEN_LIMIT,
    limit_codes_site,
    limit_mails,
    limit_starts,
    limiter,
    no_store,
    only_post,
)
from . import bp, mails, services
from . import collective_flow as flow
from .access import account_id, grant, visible_diagnostic
from .forms import MailLinkForm, ResumeForm, StartForm
from .joining import consented_cohort, pending_cohort
from .navigation import progress
from .pages import page_url


@bp.route("/commencer", methods=["GET", "POST"])
@bp.route("/commencer/<key>", methods=["GET", "POST"])
@limit_starts
def start(key: str | None = None) -> tuple[str, int] | Response:
    """Name (and kind, when the questionnaire asks one) of the organisation, then the private
    resume link. Joining a cohort, the cohort's questionnaire is the one started."""
    cohort = pending_cohort()
    if cohort is not None and served(cohort.questionnaire_key):
        key = cohort.questionnaire_key
    q = questionnaire(key)
    form = StartForm()
    kind_question = q.questions[q.index.kind_question] if q.index.kind_question else None
    if kind_question is None:
        del form.kind
    else:
        form.kind.choices = [SelectChoice(o.value, o.label_for(None, lang()))
                             for o in getattr(kind_question, "options", ())]
        if q.index.words.profile:  # its own words for « Votre organisation est… »
            form.kind.label.text = q.index.words.profile.get(lang())
    if form.validate_on_submit():
        kind = form.kind.data if kind_question is not None else None
        if kind_question is not None and kind not in q.kinds:
            form.kind.errors = [_("Choisissez le type de votre organisation.")]
        else:
            started = services.start(q, form.name.data or "", kind, lang(),
                                     cohort=consented_cohort(), user_id=account_id())
            public_id = started.diagnostic.public_id
            grant(started.diagnostic)
            return redirect(url_for("journey.link", public_id=public_id, new=1))
    status = 422 if form.errors else 200
    return render_template("journey/start.html", form=form, questionnaire=q,
                           cohort=cohort), status


@bp.post("/d/<public_id>/suite")
@limit_starts
def carry_over(public_id: str) -> Response:
    """Take the questionnaire this one invites to (the full parcours after the flash one), with
    the answers already given where its questions are the same."""
    diagnostic = visible_diagnostic(public_id)
    invitation = questionnaire_of(diagnostic).index.next
    if not ActionForm().validate_on_submit():
        abort(400)
    if invitation is None or diagnostic.is_respondent or not served(invitation.questionnaire):
        abort(404)
    target = questionnaire(invitation.questionnaire)
    started, carried = services.carry_over(diagnostic, target, lang(), account_id())
    return _open_successor(started.diagnostic, carried)


def _open_successor(successor: Diagnostic, carried: int = -1) -> Response:
    """This browser may open the diagnostic started from one it holds (no new code to keep),
    unless that one's link was renewed since: then only its own link or code opens it."""
    if carried < 0 and successor.access_generation > 0:
        flash(_("Ce diagnostic a déjà été commencé, et son lien a été renouvelé depuis : "
                "ouvrez-le avec son propre lien ou son propre code."))
        return redirect(url_for("main.home"))
    grant(successor)
    if carried < 0:
        return redirect(url_for("journey.resume_here", public_id=successor.public_id))
    flash(ngettext("Votre réponse déjà donnée a été reprise : vérifiez-la en passant.",
                   "Vos %(num)s réponses déjà données ont été reprises : vérifiez-les en passant.",
                   carried) if carried else
          _("Aucune de vos réponses ne pouvait être reprise : ce questionnaire pose d'autres "
            "questions."))
    return redirect(url_for("journey.link", public_id=successor.public_id, new=1))


@bp.post("/d/<public_id>/suivant")
def open_successor(public_id: str) -> Response:
    """From a diagnostic's results, the one started after it (its follow-up, or the full
    parcours carried over from a flash one): the same browser goes on with it."""
    diagnostic = visible_diagnostic(public_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    successor = services.successor_of(diagnostic)
    if successor is None:
        abort(404)
    return _open_successor(successor)


def _started(diagnostic: Diagnostic, q: Questionnaire, answers: Mapping[str, Any]) -> bool:
    """Whether the participant has answered something itself: not the kind asked at the start,
    nor, for a collective's respondent, the host's profile copied into its row."""
    given = set(answers) - {q.index.kind_question}
    if diagnostic.is_respondent:
        given -= profile_ids(q)
    return bool(given)


def _link_page(diagnostic: Diagnostic, mail_form: MailLinkForm | None = None) -> str:
    known = services.current_secrets(diagnostic)
    token, code = known if known else (None, None)
    resume_url = external_url("journey.resume_link", token=token) if token else None
    q = questionnaire_of(diagnostic)
    answers = answers_of(q, diagnostic)
    if mail_form is None and resume_url and outbox.enabled():
        mail_form = MailLinkForm(formdata=None)
    return render_template(
        "journey/link.html", diagnostic=diagnostic, resume_url=resume_url,
        code=code, new=request.args.get("new") == "1", form=ActionForm(),
        mail_form=mail_form, questionnaire=q,
        continue_url=url_for("journey.resume_here", public_id=diagnostic.public_id),
        started=_started(diagnostic, q, answers),
        may_collect=flow.may_offer(diagnostic, q),
        progress=progress(q, answers))


@bp.get("/d/<public_id>/lien")
@no_store
def link(public_id: str) -> str:
    """The resume link and code, with how to use them (and, with e-mail configured, a form to
    receive them by e-mail)."""
    return _link_page(visible_diagnostic(public_id))


@bp.post("/d/<public_id>/lien/email")
@limiter.limit(MAIL_LIMIT)
@limit_mails
@no_store
def mail_link(public_id: str) -> tuple[str, int] | Response:
    """Send the resume link and code to the address given; keep it for notices if asked."""
    diagnostic = visible_diagnostic(public_id)
    if not outbox.enabled() or services.current_secrets(diagnostic) is None:
        abort(404)  # no form was offered
    form = MailLinkForm()
    if form.validate_on_submit():
        address = outbox.checked_address(form.email.data or "")
        if address is None:
            form.email.errors = [_("Cette adresse e-mail n'est pas valide.")]
        else:
            mails.send_link(diagnostic, address, bool(form.keep.data))
            flash(_("Votre lien part à l'adresse %(address)s : il arrive d'habitude en quelques "
                    "minutes (regardez aussi dans les indésirables). Il reste affiché ici.",
                    address=address))
            return redirect(url_for("journey.link", public_id=public_id))
    return _link_page(diagnostic, form), 422


@bp.post("/d/<public_id>/email/retirer")
def forget_address(public_id: str) -> Response:
    """Remove the address kept for notices; nothing more is sent to it about this diagnostic."""
    diagnostic = visible_diagnostic(public_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    mails.forget_address(diagnostic)
    flash(_("Votre adresse e-mail est effacée : vous ne recevrez plus de message sur ce "
            "diagnostic."))
    target = "journey.results" if diagnostic.completed else "journey.link"
    return redirect(url_for(target, public_id=public_id))


@bp.post("/d/<public_id>/lien")
def renew_link(public_id: str) -> Response:
    """A new resume link and code; the old ones stop working."""
    diagnostic = visible_diagnostic(public_id)  # 404 unless this browser holds the current grant
    services.renew(diagnostic)
    grant(diagnostic)  # of the new generation: every other browser's grant is now stale
    flash(_("Voici votre nouveau lien et votre nouveau code. Les anciens ne fonctionnent plus."))
    return redirect(url_for("journey.link", public_id=public_id))


@bp.get("/d/<public_id>/")
def resume_here(public_id: str) -> Response:
    """Where to go on: the results when completed, else the first page left to answer."""
    diagnostic = visible_diagnostic(public_id)
    if diagnostic.completed:
        return redirect(url_for("journey.results", public_id=public_id))
    if flow.hosts(diagnostic):
        return redirect(url_for("journey.collective_page", public_id=public_id))
    q = questionnaire_of(diagnostic)
    answers = answers_of(q, diagnostic)
    target = flow.first_page(diagnostic, q, answers, resuming=True)
    if target is not None and any(qid != q.index.kind_question for qid in answers):
        flash(_("Vous reprenez là où vous vous étiez arrêté."))
    return redirect(page_url(public_id, target))


@bp.get("/reprendre/<token>")
@limiter.limit(TOKEN_LIMIT)
@no_store
def resume_link(token: str) -> tuple[str, int] | Response:
    """The private resume link: this browser may open the diagnostic again."""
    diagnostic = services.find_by_token(token)
    if diagnostic is None:
        return render_template("journey/resume.html", form=ResumeForm(), bad_link=True), 404
    grant(diagnostic)
    return redirect(url_for("journey.resume_here", public_id=diagnostic.public_id))


@bp.route("/reprendre", methods=["GET", "POST"])
@limiter.limit(CODE_LIMIT, exempt_when=only_post)
@limit_codes_site
def resume_code() -> tuple[str, int] | Response:
    """Resume with the short code."""
    form = ResumeForm()
    if form.validate_on_submit():
        diagnostic = services.find_by_code(form.code.data or "")
        if diagnostic is not None:
            grant(diagnostic)
            return redirect(url_for("journey.resume_here", public_id=diagnostic.public_id))
        form.code.errors = [_("Ce code ne correspond à aucun diagnostic. Vérifiez-le : il a "
                              "la forme ABCD-EFGH.")]
    status = 422 if form.errors else 200
    return render_template("journey/resume.html", form=form, bad_link=False), status
