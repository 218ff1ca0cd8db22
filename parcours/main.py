"""Site-wide pages: home, language switcher, health check."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from sqlalchemy import text
from werkzeug.wrappers import Response

from .browser import LANG
from .extensions import db
from .questionnaires import all_questionnaires
from .redirects import safe_target

bp = Blueprint("main", __name__)


@bp.get("/")
def home() -> str:
    """The home page: what the questionnaire is, how long it takes, what you get; with several,
    each of them to choose from."""
    served = list(all_questionnaires().values())
    return render_template("main/home.html", questionnaires=served,
                           questionnaire=served[0] if len(served) == 1 else None,
                           forgiving=all(not q.zero_when_unanswered for q in served))


@bp.get("/lang/<code>")
def set_language(code: str) -> Response:
    """Remember the chosen language and go back where the user was."""
    if code in current_app.config["LANGUAGES"]:
        session[LANG] = code
    return redirect(safe_target(request.args.get("next"), url_for("main.home")))


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """200 when the database answers, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure is "unhealthy"
        current_app.logger.exception("health check failed")
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
