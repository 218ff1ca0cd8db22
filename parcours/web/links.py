"""Links given to people (resume and join links), built from the configured public URL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, url_for
from flask.globals import _cv_request
from werkzeug.routing import Rule


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of `endpoint`: on PUBLIC_URL when it is set (always in production), so
    that a forged Host header cannot make the app hand out links to another site."""
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return str(base).rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


MAX_LINKS = 4096


def remember_links(app: Flask) -> None:
    """Templates' `url_for` remembers the links it built: a page builds the same dozen (the
    stylesheet, the script, the header's links, the participant's own pages) on every view, and
    building them cost a fortieth of a question page (bench/web.py). A link is remembered per
    application root (SCRIPT_NAME) and, for a blueprint-relative endpoint, per blueprint; one
    with an anchor, a method, a scheme, an absolute form or a value other than text or a whole
    number is built every time."""
    build = app.url_for
    links: dict[tuple[Any, ...], str] = {}

    def url_for_template(endpoint: str, **values: Any) -> str:
        context = _cv_request.get(None)
        if context is None or not all(type(value) in (str, int) and name[0] != "_"
                                      for name, value in values.items()):
            return build(endpoint, **values)
        request = context.request
        key = (request.root_path, request.blueprint if endpoint[0] == "." else None,
               endpoint, *values.items())
        link = links.get(key)
        if link is None:
            if len(links) >= MAX_LINKS:
                links.clear()
            link = links[key] = build(endpoint, **values)
        return link

    app.jinja_env.globals["url_for"] = url_for_template


class LazyRule(Rule):
    """A route whose link builders are compiled when a link to it is first built, not when the
    route is added: Werkzeug writes and compiles two small Python functions per route, which
    was 95 % of `create_app` (40 ms for 91 routes). Every app pays that once: a worker, each
    `flask` command, each job run in a fresh process, each test; most routes are never linked
    to by a given process. Matching a request does not use them. Werkzeug's own builder is
    compiled on first use and replaces the stand-in."""

    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        def build(rule: Rule, **values: Any) -> tuple[str, str]:
            compiled = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            # Rule.compile keeps the two builders as these attributes: the compiled one takes
            # this one's place, so later links cost what Werkzeug's own cost
            setattr(rule, "_build_unknown" if append_unknown else "_build", compiled)
            return compiled(**values)  # type: ignore[no-any-return]

        return build
