"""The header and footer of every page (templates/_chrome.html), rendered once per language,
address and wording for anonymous visitors, then read from a dictionary.

A participant's page built them anew on every view: a dozen translated strings and links, a
twentieth of a question page (bench/web.py). A logged-in visitor's header holds its own links
and a form token: base.html renders it every time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, get_template_attribute
from flask.globals import _cv_request
from markupsafe import Markup

from .browser import lang

TEMPLATE = "_chrome.html"
MAX_ENTRIES = 4096  # in each store (chrome's, journey/blocks.py's)
_cache: dict[tuple[Any, ...], Markup] = {}


def cached(store: dict[tuple[Any, ...], Markup], key: tuple[Any, ...],
           render: Callable[[], Markup]) -> Markup:
    """The HTML under `key` in `store`, rendered by `render` the first time (never in debug
    mode, where templates change under the running app); a full store starts again empty."""
    if current_app.debug:
        return render()
    html = store.get(key)
    if html is None:
        if len(store) >= MAX_ENTRIES:
            store.clear()
        html = store[key] = render()
    return html


def chrome_html(part: str, *args: str | None) -> Markup:
    """The macro `part` of _chrome.html (header, footer) called with `args`, for an anonymous
    visitor (never pass what belongs to one visitor)."""
    context = _cv_request.get(None)
    root = context.request.root_path if context is not None else ""
    # a macro's Markup, escaped
    return cached(_cache, (part, lang(), root, *args),
                  lambda: get_template_attribute(TEMPLATE, part)(*args))


def install(app: Flask) -> None:
    app.jinja_env.globals["chrome_html"] = chrome_html
