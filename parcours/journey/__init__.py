"""The participant's side: start, pages of questions, resume, results, downloads, cohorts.

`bp` is defined here, first; each module of routes imports it from here, and is imported
below so that its routes join the blueprint when the app factory imports the package. The
modules may import the wings below (web, reports, services, …), never another blueprint."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("journey", __name__)

from . import (  # noqa: E402, F401 - their routes join bp
    accesses,
    alliance,
    collective,
    downloads,
    followup,
    history,
    joining,
    mails,
    mydata,
    pages,
    plan,
    resume,
)
