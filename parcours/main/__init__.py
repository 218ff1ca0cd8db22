"""The site-wide pages' blueprint: home, privacy, language switcher, health check (pages.py).

`bp` is defined here, first; pages.py imports it from here, like every blueprint's modules,
and may import the wings below (web, services, infra), never another blueprint."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("main", __name__)

from . import pages  # noqa: E402, F401 - its routes join bp
