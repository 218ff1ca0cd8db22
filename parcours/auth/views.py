"""Log in, log out, create an account, see one's diagnostics."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import or_, select
from werkzeug.wrappers import Response

from .. import browser
from ..extensions import db, login_manager
from ..models import Diagnostic, User
from ..security import LOGIN_LIMIT, limit_per_account, limiter, only_post
from . import bp, services
from .forms import LoginForm, RegisterForm


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The logged-in user, from the id in the session cookie, unless that session was ended."""
    return services.user_for_session(session_id)


def safe_next(default: str) -> str:
    """Where to go after logging in: a path of this site only."""
    target = request.values.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


def _start_session(user: User) -> None:
    """A new session at login (no fixation), keeping the diagnostics this browser may open
    (the login made them the user's)."""
    kept = {key: session[key] for key in browser.KEPT_ON_LOGIN if key in session}
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
        user = services.authenticate(form.email.data or "", form.password.data or "",
                                     attach=browser.opened())
        if user is not None:
            _start_session(user)
            return redirect(safe_next(_home_for(user)))
        form.password.errors = [_("Adresse e-mail ou mot de passe incorrect.")]
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.route("/inscription", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, exempt_when=only_post)
def register() -> str | Response | tuple[str, int]:
    """A participant account, to find one's diagnostics from any browser."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(form.email.data or "", form.password.data or "",
                                        attach=browser.opened())
        except services.AccountError as err:
            messages = {
                "email_taken": _("Un compte existe déjà avec cette adresse : connectez-vous."),
                "bad_email": _("Cette adresse e-mail n'est pas valide."),
                "password_too_short": _("Le mot de passe doit compter 10 caractères au moins."),
            }
            form.email.errors = [messages.get(err.code, _("Le compte n'a pas pu être créé."))]
        else:
            _start_session(user)
            return redirect(safe_next(url_for("auth.account")))
    return render_template("auth/register.html", form=form), 422 if form.errors else 200


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
    return render_template("auth/account.html", diagnostics=diagnostics)
