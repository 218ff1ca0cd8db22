"""Choosing a password through a one-time link (auth/reset.py): a new trainer's first one, or
a new one given by an admin."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..web.security import LOGIN_LIMIT, TOKEN_LIMIT, limiter, no_store, only_post
from . import bp, reset
from .forms import NewPasswordForm
from .views import account_message


def _expired() -> tuple[str, int]:
    return render_template("errors/error.html", status=404,
                           title=_("Ce lien n'est plus valable"),
                           message=_("Un lien pour choisir son mot de passe ne sert qu'une "
                                     "fois, expire au bout de quelques jours, et un lien plus "
                                     "récent le remplace. Demandez-en un nouveau à un "
                                     "administrateur du site.")), 404


@bp.route("/mot-de-passe/<token>", methods=["GET", "POST"])
@limiter.limit(TOKEN_LIMIT)
@limiter.limit(LOGIN_LIMIT, exempt_when=only_post)
@no_store
def new_password(token: str) -> str | Response | tuple[str, int]:
    """Choose a password with a one-time link; then log in with it."""
    user = reset.account_for(token)
    if user is None:
        return _expired()
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            reset.redeem(token, form.password.data or "")
        except reset.ResetError as err:
            if err.code == "invalid_link":
                return _expired()
            form.password.errors = [account_message(err.code)]
        else:
            flash(_("Votre mot de passe est enregistré : connectez-vous avec votre adresse "
                    "e-mail et ce mot de passe."))
            return redirect(url_for("auth.login"))
    return render_template("auth/new_password.html", form=form, email=user.email), \
        422 if form.errors else 200
