"""The trainer workspace: cohorts, dashboard, overview, review, exports.

`bp` is defined here; the modules of routes import it from here. They may import the wings
below (web, reports, services, mail, infra, models, engine), never another blueprint."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("trainer", __name__, url_prefix="/formateur")

from . import alliance, cleanup, downloads, groups, review  # noqa: E402, F401 - their routes join bp
