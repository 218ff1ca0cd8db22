"""French punctuation on the participant's pages (issue 26): a no-break space before « : ; ? ! »
and inside « guillemets », as in the PDF (reports/typography.py), so that no line starts with
« : », « ? » or « » ». Templates, translations and content write plain spaces; a French page's
text nodes get the no-break ones here, never a tag, an attribute, or what a form sends back (a
<textarea>'s text), nor a script or a style."""

from __future__ import annotations

import re
from typing import Any, AnyStr

from flask import Flask, request
from werkzeug.wrappers import Response

from ..reports.typography import TEXT, UTF8, french_spaces
from .browser import lang

# left as written: what a form sends back, and what is not prose; tags as the templates write
# them (lower case: nothing else in a page is a tag, Jinja escapes the rest)
_KEPT = ("textarea", "script", "style", "pre")


def _patterns(kind: type) -> tuple[re.Pattern[Any], dict[Any, re.Pattern[Any]]]:
    """The kept elements' opening tag, and each one's closing tag, for text or bytes."""
    def compiled(pattern: str) -> re.Pattern[Any]:
        return re.compile(pattern if kind is str else pattern.encode())

    return compiled(rf"<({'|'.join(_KEPT)})\b"), {
        name if kind is str else name.encode(): compiled(rf"</{name}\s*>") for name in _KEPT}


_TAGS = {kind: _patterns(kind) for kind in (str, bytes)}
# the trainer's and the admin's pages keep their own wording (not the participant's journey)
_OTHER_AREAS = frozenset({"trainer", "admin"})


def _kept(html: AnyStr) -> list[tuple[int, int]]:
    """Where each <textarea>, <script>, <style> and <pre> element lies, its tags included, as
    « <(textarea|script|style|pre)\\b.*?</\\1\\s*> » finds them (one never closed is not
    kept; tests/web/test_french_spaces.py), by searches from tag to tag."""
    found = []
    at = 0
    openings, closings = _TAGS[type(html)]
    while (opening := openings.search(html, at)) is not None:
        closing = closings[opening.group(1)].search(html, opening.end())
        if closing is None:
            at = opening.start() + 1
            continue
        found.append((opening.start(), closing.end()))
        at = closing.end()
    return found


def french_page(html: AnyStr) -> AnyStr:
    """`html` (text, or UTF-8 bytes) with French no-break spaces in its text, outside
    <textarea>, <script>, <style> and <pre>."""
    return french_spaces(html, TEXT if isinstance(html, str) else UTF8,  # type: ignore[arg-type]
                         _kept(html))


def register(app: Flask) -> None:
    """French pages of the participant's side get their no-break spaces."""

    @app.after_request
    def _french(response: Response) -> Response:
        if (response.mimetype != "text/html" or response.direct_passthrough
                or response.is_streamed or request.blueprint in _OTHER_AREAS
                or lang() != "fr"):
            return response
        response.set_data(french_page(response.get_data()))
        return response
