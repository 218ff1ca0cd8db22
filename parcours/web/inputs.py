"""Odd input refused before any view reads it (issue 30, L5): no form of the app takes a file,
and no text it takes may hold a NUL byte or a lone surrogate (PostgreSQL refuses to store a NUL,
a validator given a file fails). Such a request is a 400 with the error page's French message:
nothing is read further, nothing is written. Other control characters and line breaks are each
form's business (a field error, or kept as typed)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask import Flask, abort, request

_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def _odd(pairs: Iterable[tuple[str, list[str]]]) -> bool:
    return any(_UNSTORABLE.search(key) or any(_UNSTORABLE.search(v) for v in values)
               for key, values in pairs if key != "next")  # redirects.py reads `next` itself


def register(app: Flask) -> None:
    """Refuse, before the views, a file sent to a form and a NUL or surrogate in the query
    string or a form's fields (but `next`: redirects.py drops what is odd and goes home)."""

    @app.before_request
    def _refuse_odd_input() -> None:
        if _odd(request.args.lists()):
            abort(400)
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and (
                request.files or _odd(request.form.lists())):
            abort(400)
