"""French punctuation on the participant's pages (issue 26): a no-break space before « : ; ? ! »
and inside « guillemets », as in the PDF (reports/typography.py), so that no line starts with
« : », « ? » or « » ». Templates, translations and content write plain spaces; a French page's
text nodes get the no-break ones here, never a tag, an attribute, or what a form sends back (a
<textarea>'s text), nor a script or a style."""

from __future__ import annotations

import re

from flask import Flask, request
from werkzeug.wrappers import Response

from ..reports.typography import french_spaces
from .browser import lang

# left as written: what a form sends back, and what is not prose
_KEPT = re.compile(r"(<(textarea|script|style|pre)\b.*?</\2\s*>)", re.S | re.I)
# the trainer's and the admin's pages keep their own wording (not the participant's journey)
_OTHER_AREAS = frozenset({"trainer", "admin"})


def french_page(html: str) -> str:
    """`html` with French no-break spaces in its text, outside <textarea>, <script>, <style>
    and <pre>."""
    parts = _KEPT.split(html)
    # split() yields text, whole kept element, its tag name, text, …
    return "".join(french_spaces(part) if n % 3 == 0 else part if n % 3 == 1 else ""
                   for n, part in enumerate(parts))


def register(app: Flask) -> None:
    """French pages of the participant's side get their no-break spaces."""

    @app.after_request
    def _french(response: Response) -> Response:
        if (response.mimetype != "text/html" or response.direct_passthrough
                or response.is_streamed or request.blueprint in _OTHER_AREAS
                or lang() != "fr"):
            return response
        response.set_data(french_page(response.get_data(as_text=True)))
        return response
