"""Log in, log out, create an account, see one's diagnostics."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import or_, select
from werkzeug.wrappers import Response

from ..infra.extensions import db, login_manager
from ..models import Diagnostic, User
from ..services import access_log
from ..web import browser
from ..web.redirects import safe_target
from ..web.security import LOGIN_LIMIT, limit_per_account, limiter, only_post
from . import bp, services
from .forms import LoginForm, RegisterForm


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The logged-in user, from the id in the session cookie, unless that session was ended."""
    return services.user_for_session(session_id)


def safe_next(default: str) -> str:
    """Where to go after logging in: a path of this site only."""
    return safe_target(request.values.get("next"), default)


def _start_session(user: User) -> None:
    """A new session at login (no fixation), keeping the diagnostics this browser may open
    (the login made them the user's)."""
    kept = browser.kept_on_login()
    session.clear()
    session.update(kept)
    login_user(user)


def _home_for(user: User) -> str:
    return url_for("trainer.cohorts") if user.is_trainer else url_for("auth.account")


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, exempt_when=only_post)
@limit_per_account
def login() -> str | Response | tuple[str, int]:
    """E-mail and password; the same message whatever was wrong."""
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            _start_session(user)
            target = safe_next(_home_for(user))
            # perhaps the previous user's: ask first
            if services.attachable(user, browser.opened()):
                return redirect(url_for("auth.attach", next=target))
            return redirect(target)
        form.password.errors = [_("Adresse e-mail ou mot de passe incorrect.")]
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.route("/inscription", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, exempt_when=only_post)
def register() -> str | Response | tuple[str, int]:
    """A participant account, to find one's diagnostics from any browser. The answer is the
    same whether the address had an account or not (docs/security.md)."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            services.register(form.email.data or "", form.password.data or "")
        except services.AccountError as err:
            field = form.email if err.code == "bad_email" else form.password
            field.errors = [account_message(err.code)]
        else:
            flash(_("Si cette adresse n'a pas encore de compte, il est créé : connectez-vous "
                    "avec elle et le mot de passe que vous venez de choisir. Si elle avait déjà "
                    "un compte, rien n'a changé : connectez-vous avec son mot de passe."))
            return redirect(url_for("auth.login", next=safe_next("") or None))
    return render_template("auth/register.html", form=form), 422 if form.errors else 200


def account_message(code: str) -> str:
    """What an AccountError's code means, in the reader's language."""
    messages = {
        "bad_email": _("Cette adresse e-mail n'est pas valide."),
        "password_too_short": _("Le mot de passe doit compter 12 caractères au moins (les "
                                "espaces au début et à la fin ne comptent pas)."),
        "password_too_long": _("Le mot de passe doit compter 1 000 caractères au plus."),
        "password_weak": _("Ce mot de passe est trop courant ou trop facile à deviner : "
                           "choisissez-en un autre, par exemple une phrase de quelques mots."),
    }
    return messages.get(code, _("Le compte n'a pas pu être créé."))


@bp.post("/deconnexion")
def logout() -> Response:
    """Log out, on every browser of the account, and forget everything this one could open."""
    if current_user.is_authenticated:
        services.end_sessions(current_user)
    logout_user()
    session.clear()
    return redirect(url_for("main.home"))


@bp.get("/mon-compte")
@login_required
def account() -> str:
    """The user's diagnostics, and those opened in this browser."""
    opened = browser.opened()
    diagnostics = db.session.scalars(
        select(Diagnostic).where(or_(Diagnostic.user_id == current_user.id,
                                     Diagnostic.public_id.in_(opened)))
        .order_by(Diagnostic.updated_at.desc())).all()
    return render_template("auth/account.html", diagnostics=diagnostics,
                           accesses=access_log.latest([d.id for d in diagnostics]))
