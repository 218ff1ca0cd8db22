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

from ..engine.numbers import figure, out_of_text, plain, shown


def _lang() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "fr"


def _figure(found: float) -> int | str:
    return int(found) if float(found).is_integer() else plain(found, _lang())


def points(value: Any) -> int | str | None:
    """A score as printed: a snapshot's score dict by its `shown` figure, or on its own scale
    (« 2,25 / 3 », « 41 / 167 ») when it has one; older snapshots, and plain numbers, as the
    whole number they round to."""
    if isinstance(value, Mapping):
        scaled = value.get("scaled")
        if scaled:
            return out_of_text(scaled["shown"], scaled["max"], _lang())
        found = value.get("shown")
        if found is None:
            return shown(value.get("score"))
        return _figure(found)
    return shown(value)


def out_of(value: Any) -> str:
    """A score with what it is out of: « 62 / 100 », or on its own scale « 2,25 / 3 »."""
    found = points(value)
    if isinstance(value, Mapping) and value.get("scaled"):
        return str(found)
    return f"{found} / 100"


def on_scale(value: Any, scale: Any) -> Any:
    """A stored score from 0 to 100 (a grid's cell) on its dimension's scale 0–N
    (« 1,5 / 3 »); as `points` when the scale is 0–100 or in points (whose maximum is each
    participant's own: the grid keeps its percent)."""
    if value is None or isinstance(scale, str) or scale is None:
        return points(value)
    most = Fraction(repr(float(scale)))
    on = Fraction(repr(float(value))) * most / 100
    places = 2 if most <= 10 else 1
    return f"{figure(on, places, _lang())} / {_figure(float(most))}"


def install(app: Flask) -> None:
    """Register the `points`, `out_of` and `on_scale` filters."""
    app.jinja_env.filters["points"] = points
    app.jinja_env.filters["out_of"] = out_of
    app.jinja_env.filters["on_scale"] = on_scale
