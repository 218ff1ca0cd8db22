"""« Mot de passe oublié ? » on the login page. With e-mail configured, a one-time link to choose
a new password (auth/reset.py) goes to the account's address; without, the page says to ask an
admin, who makes the same link. The answer is the same whether the address has an account or
not, and so is the request's work: the account is looked up by a background job."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..infra.extensions import db
from ..infra.jobs import defer, register
from ..infra.unit_of_work import transaction
from ..mail import outbox
from ..mail.compose import CannotCompose, Draft, composer
from ..models import Mail, User
from ..services.questionnaires import brand
from ..web.browser import lang
from ..web.security import FORGOT_LIMIT, limit_forgot_per_account, limiter, only_post
from . import bp, reset, services
from .forms import ForgotForm

LOOK_UP = "forgot_password"


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@limiter.limit(FORGOT_LIMIT, exempt_when=only_post)
@limit_forgot_per_account
def forgot_password() -> str | Response | tuple[str, int]:
    """Ask for a link to choose a new password (or, without e-mail, how to get one)."""
    form = ForgotForm() if outbox.enabled() else None
    if form is not None and form.validate_on_submit():
        address = (form.email.data or "").strip()
        defer(LOOK_UP, address, lang())
        flash(_("Si un compte existe pour l'adresse %(address)s, un lien pour choisir un nouveau "
                "mot de passe vient d'y partir. Il ne sert qu'une fois, pendant %(hours)s heures. "
                "Rien n'arrive ? Regardez dans les indésirables, ou demandez à un administrateur.",
                address=address, hours=current_app.config.get("PASSWORD_RESET_HOURS", 48)))
        return redirect(url_for("auth.login"))
    status = 422 if form is not None and form.errors else 200
    return render_template("auth/forgot.html", form=form), status


@register(LOOK_UP)
def look_up(address: str, language: str) -> None:
    """The job: queue the message if the address is an active account's; nothing otherwise."""
    user = services.find_user(address)
    if user is None or not user.is_active:
        return
    with transaction():
        outbox.queue(outbox.PASSWORD_RESET, user.email, language, user_id=user.id)


@composer(outbox.PASSWORD_RESET)
def reset_message(mail: Mail) -> Draft:
    """A new one-time link, issued when the message is written (each attempt ends the links of
    the attempts before): the database never holds a usable link."""
    user = db.session.get(User, mail.user_id) if mail.user_id else None
    if user is None or not user.is_active:
        raise CannotCompose("the account is gone or disabled")
    product = brand()
    return Draft(_("Choisir un nouveau mot de passe — %(product)s", product=product),
                 "password_reset",
                 {"product": product, "link": reset.issue(user), "email": user.email,
                  "hours": current_app.config.get("PASSWORD_RESET_HOURS", 48)},
                 sender_name=product)
