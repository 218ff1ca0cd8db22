"""Trainers' and admins' accounts: list, create, disable, enable, one-time password links,
and their cohorts handed to someone else when they leave."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from ..auth import reset
from ..auth.services import AccountError, create_staff
from ..models import User
from ..web.forms import ActionForm
from ..web.security import no_store
from . import bp, services
from .forms import ReassignForm, StaffForm


def _message(code: str) -> str:
    """What an AdminError's or AccountError's code means, in the reader's language."""
    return {
        "self": _("Vous ne pouvez pas désactiver votre propre compte."),
        "last_admin": _("C'est le dernier administrateur actif : nommez-en un autre avant de "
                        "le désactiver."),
        "bad_email": _("Cette adresse e-mail n'est pas valide."),
        "email_taken": _("Un compte existe déjà avec cette adresse e-mail."),
        "unknown_role": _("Choisissez un rôle."),
        "same_trainer": _("Choisissez un autre formateur que celui qui part."),
        "bad_target": _("Choisissez un formateur de la liste."),
        "no_cohort": _("Cochez au moins un groupe."),
    }.get(code, _("La demande n'a pas pu aboutir."))


def _member_or_back(public_id: str) -> User | Response:
    """The account named in a form, or the list again with a message (it may have gone)."""
    member = services.staff_member(public_id)
    if member is None:
        flash(_("Ce compte n'existe pas (ou n'est ni formateur ni administrateur)."))
        return redirect(url_for("admin.accounts"))
    return member


@bp.get("/")
@no_store
def accounts() -> str:
    """Every trainer and admin: state, last login, number of cohorts, and what can be done."""
    return render_template("admin/accounts.html", rows=services.staff(), form=ActionForm())


@bp.route("/comptes/nouveau", methods=["GET", "POST"])
@no_store
def new_account() -> str | tuple[str, int]:
    """A trainer or admin account; its one-time link is shown to give to the person."""
    form = StaffForm()
    if form.validate_on_submit():
        try:
            member = create_staff(form.email.data or "", form.display_name.data or "",
                                  form.role.data or "", by=current_user)
        except AccountError as err:
            field = form.role if err.code == "unknown_role" else form.email
            field.errors = [_message(err.code)]
        else:
            token, expires = reset.issue_token(member, current_user)
            return render_template("admin/link.html", member=member, url=reset.link(token),
                                   expires=expires, created=True)
    return render_template("admin/new.html", form=form), 422 if form.errors else 200


@bp.post("/comptes/<public_id>/lien")
@no_store
def password_link(public_id: str) -> str | Response:
    """A new one-time link to choose a password; the account's older links stop working."""
    member = _member_or_back(public_id)
    if not isinstance(member, User):
        return member
    if not member.is_active:
        flash(_("Ce compte est désactivé : réactivez-le avant de lui donner un lien."))
        return redirect(url_for("admin.accounts"))
    token, expires = reset.issue_token(member, current_user)
    return render_template("admin/link.html", member=member, url=reset.link(token),
                           expires=expires, created=False)


@bp.post("/comptes/<public_id>/desactiver")
def disable(public_id: str) -> Response:
    """Disable a trainer or admin: it can no longer log in, and its sessions end."""
    member = _member_or_back(public_id)
    if not isinstance(member, User):
        return member
    try:
        services.disable(current_user, member)
    except services.AdminError as err:
        flash(_message(err.code))
    else:
        flash(_("Compte de %(email)s désactivé : ses sessions sont terminées.",
                email=member.email))
    return redirect(url_for("admin.accounts"))


@bp.post("/comptes/<public_id>/reactiver")
def enable(public_id: str) -> Response:
    """A disabled trainer or admin can log in again."""
    member = _member_or_back(public_id)
    if not isinstance(member, User):
        return member
    services.enable(current_user, member)
    flash(_("Compte de %(email)s réactivé.", email=member.email))
    return redirect(url_for("admin.accounts"))


@bp.route("/comptes/<public_id>/groupes", methods=["GET", "POST"])
@no_store
def reassign(public_id: str) -> str | Response | tuple[str, int]:
    """Hand some or all of a trainer's cohorts to another trainer or admin."""
    member = services.staff_member(public_id)
    if member is None:
        abort(404)
    cohorts = services.cohorts_of(member)
    targets = [row for row in services.staff()
               if row.public_id != member.public_id and row.disabled_at is None]
    form = ReassignForm(cohorts=[c.public_id for c in cohorts])
    form.target.choices = [("", _("Choisir…"))] + [
        (row.public_id, f"{row.name} ({row.email})" if row.name else row.email)
        for row in targets]
    if form.validate_on_submit():
        target = services.staff_member(form.target.data or "")
        try:
            if target is None or target.public_id not in {row.public_id for row in targets}:
                raise services.AdminError("bad_target")
            if not form.cohorts.data:
                raise services.AdminError("no_cohort")
            if request.form.get("confirm") != "1":  # first say what it does, then do it
                chosen = services.chosen_cohorts(member, form.cohorts.data or [])
                if not chosen:
                    raise services.AdminError("no_cohort")
                return render_template("admin/reassign_confirm.html", member=member,
                                       target=target, form=form, chosen=chosen)
            moved = services.reassign(member, target, form.cohorts.data or [], current_user)
        except services.AdminError as err:
            (form.cohorts if err.code == "no_cohort" else form.target).errors = [
                _message(err.code)]
        else:
            flash(ngettext("Un groupe confié à %(email)s.", "%(num)s groupes confiés à "
                           "%(email)s.", moved, email=target.email))
            return redirect(url_for("admin.accounts"))
    return render_template("admin/reassign.html", member=member, cohorts=cohorts,
                           form=form), 422 if form.errors else 200
