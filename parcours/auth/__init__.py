"""Accounts: log in, log out, register, « mes diagnostics », choose a password by a link.

`bp` is defined here; the modules of routes import it from here. They may import the wings
below (web, reports, services, mail, infra, models, engine), never another blueprint."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import attach, deletion, forgot, password, views  # noqa: E402, F401 - their routes join bp
