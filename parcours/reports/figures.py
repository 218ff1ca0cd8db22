"""Scores as pages and the PDF print them (the `points` filter).

A diagnostic's own score (its dict in the snapshot, with `shown`) is printed as the engine
worked it out: a whole number, with the decimals it takes never to contradict its level
(« 39,6 » below 40; issue 27). Figures about several diagnostics (means, medians, changes) are
plain numbers and stay whole numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from flask import Flask
from flask_babel import get_locale

from ..engine.numbers import figure, shown


def points(value: Any) -> int | str | None:
    """A score as printed: a snapshot's score dict by its `shown` figure (older snapshots, and
    plain numbers, as the whole number they round to)."""
    if isinstance(value, Mapping):
        found = value.get("shown")
        if found is None:
            return shown(value.get("score"))
        if float(found).is_integer():
            return int(found)
        locale = get_locale()
        lang = locale.language if locale is not None else "fr"
        text = repr(float(found))
        return figure(Fraction(text), len(text.partition(".")[2]), lang)
    return shown(value)


def install(app: Flask) -> None:
    """Register the `points` filter."""
    app.jinja_env.filters["points"] = points
