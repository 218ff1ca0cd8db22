"""Parcours A.D.O.C.: the Flask application factory."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .admin import bp as admin_bp
from .auth import bp as auth_bp
from .cli import parcours_cli
from .config import Config
from .infra import database, storage
from .infra.extensions import babel, csrf, db, login_manager, migrate
from .infra.jobs import Jobs
from .infra.paths import ROOT
from .journey import bp as journey_bp
from .main import bp as main_bp
from .reports import dates, figures
from .reports.pdf import RenderPool, RenderSettings
from .reports.service import settings_paths
from .services.cohorts import CONSENT_VERSION
from .services.cohorts import news as cohort_news
from .services.questionnaires import all_questionnaires, brand, words
from .trainer import bp as trainer_bp
from .web import (
    bodylimit,
    chrome,
    compiled,
    errors,
    gettext,
    inputs,
    logs,
    metrics,
    security,
    sessions,
    typography,
)
from .web.browser import LANG, current_locale, logged_in
from .web.links import LazyRule, remember_links


def select_locale() -> Locale:
    """The language chosen with the switcher, else the browser's, else French."""
    languages = current_app.config["LANGUAGES"]
    default: str = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():  # CLI and background jobs: they force their language
        return _locale(default)
    chosen = session.get(LANG)
    if chosen in languages:
        return _locale(str(chosen))
    return _locale(request.accept_languages.best_match(languages) or default)


@cache
def _locale(code: str) -> Locale:
    """One Locale per language, parsed once: Flask-Babel takes a Locale as it is, where it
    parsed a code anew for every request (and templates' catalogues are then found by it,
    web/gettext.py)."""
    return Locale.parse(code)


def _current_user() -> dict[str, Any]:
    return {"current_user": current_user}


def _attach_workers(app: Flask) -> None:
    """The render pool (processes, started on first use) and the background job runner."""
    static, stylesheets = settings_paths()
    app.extensions["parcours_render_pool"] = RenderPool(RenderSettings(
        static_root=str(static), stylesheets=stylesheets, timeout=app.config["PDF_TIMEOUT"],
        memory_mb=app.config["PDF_MEMORY_MB"], workers=app.config["PDF_WORKERS"]))
    app.extensions["parcours_export_pool"] = RenderPool(RenderSettings(
        static_root=str(static), stylesheets=stylesheets, timeout=app.config["PDF_TIMEOUT"],
        memory_mb=app.config["PDF_MEMORY_MB"], workers=app.config["EXPORT_WORKERS"]))
    app.extensions["parcours_jobs"] = Jobs(app)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the app; `config` overrides the settings read from the environment."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.url_rule_class = LazyRule  # before any route is added (web/links.py)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_object(Config(Path(app.instance_path), (config or {}).get("SECRET_KEY")))
    if config:
        app.config.update(config)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # a file on this machine drops no connection: no ping before each request's queries
        # (4 % of a question page under gunicorn, bench/web.py)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            key: value for key, value in app.config["SQLALCHEMY_ENGINE_OPTIONS"].items()
            if key != "pool_pre_ping"}

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    sessions.install(app)  # the session cookie read once, the form token signed once a minute
    babel.init_app(app, locale_selector=select_locale)
    dates.install(app)
    gettext.install(app)  # templates' `_`: one call, the catalogue found once per locale
    # current_user goes to templates as Flask-Login's proxy, loaded only if a template reads
    # it: Flask-Login's own context processor loaded it for every page (web/browser.logged_in)
    login_manager.init_app(app, add_context_processor=False)
    app.context_processor(_current_user)
    login_manager.login_view = "auth.login"
    # "basic", not "strong": strong mode empties the whole session when the client's address
    # changes, and an anonymous participant on a phone would lose access to their diagnostic.
    login_manager.session_protection = "basic"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    app.jinja_env.globals["get_locale"] = current_locale
    compiled.share(app.jinja_env)  # its gettext style and extensions are set
    remember_links(app)
    chrome.install(app)  # the header and footer of anonymous pages, rendered once
    app.jinja_env.globals.update(brand=brand, words=words, logged_in=logged_in,
                                  consent_version=CONSENT_VERSION, cohort_news=cohort_news)
    figures.install(app)  # `points`: a score as printed, never contradicting its level

    database.configure(app)
    metrics.register(app)  # first: its clock starts before any other hook runs
    storage.attach(app)
    security.register(app)
    bodylimit.register(app)
    inputs.register(app)
    typography.register(app)
    logs.configure(app)
    _attach_workers(app)
    errors.register(app)
    app.register_blueprint(main_bp)
    app.register_blueprint(journey_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(trainer_bp)
    app.register_blueprint(admin_bp)
    app.cli.add_command(parcours_cli)
    return app


def warm_up(app: Flask) -> None:
    """Read the questionnaires and compile the templates now rather than on first requests
    (gunicorn does it once in its master, before forking the workers)."""
    with app.app_context():
        all_questionnaires()
        for name in app.jinja_env.list_templates(extensions=("html",)):
            app.jinja_env.get_template(name)
