"""The admin pages: trainers' and admins' accounts, cohorts handed over, the access log.

`bp` is defined here, with the rule every page of it obeys; the modules of routes import it
from here. They build on the account services of auth (auth/services.py, auth/reset.py) and on
the wings below, never on another blueprint's pages (pyproject.toml's contracts)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort
from flask_login import current_user

from ..infra.extensions import login_manager

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def admins_only() -> Any:
    """Anonymous: the login page; logged in but not an admin: 404, as the trainer's pages do
    for participants (we do not confirm the page exists)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_admin:
        abort(404)
    return None


from . import accounts, journal  # noqa: E402, F401 - their routes join bp
