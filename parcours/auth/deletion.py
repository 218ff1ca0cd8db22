"""Deleting one's account (participants): its diagnostics deleted too, or detached, as the
participant chooses; the password is asked again."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..infra.extensions import db
from ..models import PARTICIPANT, Diagnostic
from ..web.security import LOGIN_LIMIT, limiter, only_post
from . import bp, services
from .forms import DELETE_DIAGNOSTICS, DeleteAccountForm


@bp.route("/mon-compte/supprimer", methods=["GET", "POST"])
@login_required
@limiter.limit(LOGIN_LIMIT, exempt_when=only_post)  # the password is checked: count the tries
def delete_account() -> str | Response | tuple[str, int]:
    """The account's diagnostics, the choice and the password; then delete, log out, go home.
    Trainers and admins do not delete their account here (their cohorts are others' data)."""
    if current_user.role != PARTICIPANT:
        abort(404)
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if services.password_matches(current_user, form.password.data or ""):
            erase = form.diagnostics.data == DELETE_DIAGNOSTICS
            erased = services.delete_account(current_user._get_current_object(), erase)
            logout_user()
            session.clear()
            if not erase:
                flash(_("Votre compte a été supprimé. Vos diagnostics sont conservés : seuls "
                        "leur lien ou leur code de reprise les ouvrent désormais."))
            elif erased.diagnostics:
                flash(ngettext("Votre compte a été supprimé, avec son diagnostic.",
                               "Votre compte a été supprimé, avec ses %(num)s diagnostics.",
                               erased.diagnostics))
            else:
                flash(_("Votre compte a été supprimé."))
            return redirect(url_for("main.home"))
        form.password.errors = [_("Mot de passe incorrect.")]
    diagnostics = db.session.scalars(select(Diagnostic).where(
        Diagnostic.user_id == current_user.id).order_by(Diagnostic.updated_at.desc())).all()
    return render_template("auth/delete.html", form=form, diagnostics=diagnostics), \
        422 if form.errors else 200
