"""Site-wide pages: home, privacy, language switcher, health check."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from sqlalchemy import select, text
from werkzeug.wrappers import Response

from ..infra.extensions import db
from ..models import Diagnostic
from ..services.cohorts import CONSENT_VERSION
from ..services.questionnaires import all_questionnaires, promise
from ..web import browser
from ..web.browser import LANG
from ..web.redirects import safe_target
from . import bp


@bp.get("/")
def home() -> str:
    """The home page: what the questionnaire is, how long it takes, what you get; with several,
    each of them to choose from."""
    served = list(all_questionnaires().values())
    return render_template("main/home.html", questionnaires=served, mine=_mine(),
                           questionnaire=served[0] if len(served) == 1 else None,
                           promise=promise(served), lead=current_app.config.get("SITE_LEAD"),
                           forgiving=all(not q.zero_when_unanswered for q in served))


def _mine() -> list[dict[str, object]]:
    """The diagnostics this browser may open (« Vos diagnostics dans ce navigateur »), most
    recent activity first: one query."""
    opened = browser.opened()
    if not opened:
        return []
    titles = {key: q.index.title for key, q in all_questionnaires().items()}
    rows = db.session.scalars(select(Diagnostic).where(Diagnostic.public_id.in_(opened))
                              .order_by(Diagnostic.updated_at.desc())).all()
    return [{"diagnostic": d, "title": titles.get(d.questionnaire_key)} for d in rows]


@bp.get("/confidentialite")
def privacy() -> str:
    """What the site keeps, who sees it, for how long, how to get it or delete it, whom to ask:
    the retention figures and the contact come from the settings."""
    config = current_app.config
    return render_template(
        "main/privacy.html", contact=config["PRIVACY_CONTACT"],
        hosting=config["PRIVACY_HOSTING"], consent_version=CONSENT_VERSION,
        retention={"in_progress": config["RETAIN_IN_PROGRESS_MONTHS"],
                   "completed": config["RETAIN_COMPLETED_MONTHS"],
                   "exports": config["RETAIN_EXPORTS_DAYS"],
                   "access_log": config["RETAIN_ACCESS_LOG_MONTHS"],
                   "mail": config["RETAIN_MAIL_MONTHS"]},
        access_log="access_log" in db.metadata.tables, mail=bool(config.get("MAIL_SMTP_URL")))


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
