"""Files sent to the browser: one attachment helper, and the PDF report's one response, for the
participant and the trainer alike."""

from __future__ import annotations

from flask import Response, render_template
from flask_babel import gettext as _

from ..models import Alliance
from ..reports import joint
from ..reports.cache import Found
from ..reports.joint import Side
from ..reports.pdf import RenderError
from ..reports.service import fetch, pool


def attachment(data: bytes | Response, mimetype: str, name: str) -> Response:
    """`data` (or a response) as a download named `name` (an ASCII slug: safe in the header)."""
    # content_type, not mimetype: werkzeug would add a second « charset » to a text type
    response = data if isinstance(data, Response) else Response(data, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    # results and answers: never kept in a shared or browser cache (a shared computer)
    response.headers["Cache-Control"] = "no-store"
    return response


def pdf_response(found: Found, lang: str, etags: object,
                 unavailable: str) -> Response | tuple[str, int]:
    """The report of a completed diagnostic, with its ETag; 304 when the client has it; a
    503 page saying `unavailable` when rendering fails or takes too long."""
    try:
        fetched = fetch(found, lang, etags)
    except RenderError:
        return render_template("errors/error.html", status=503,
                               title=_("Le PDF n'a pas pu être produit"), message=unavailable), 503
    if fetched.data is None:
        return Response(status=304, headers={"ETag": f'"{fetched.key}"',
                                             "Cache-Control": "no-store"})
    response = attachment(fetched.data, "application/pdf", fetched.file_name)
    response.set_etag(fetched.key)
    return response


def joint_pdf_response(alliance: Alliance, pair_of: tuple[Side, Side], lang: str,
                       unavailable: str) -> Response | tuple[str, int]:
    """Two partners' joint PDF (« regards croisés »), for either participant or their trainer;
    a 503 page saying `unavailable` when rendering fails or takes too long."""
    try:
        key, data, name = joint.fetch(alliance, pair_of, lang, pool().render)
    except RenderError:
        return render_template("errors/error.html", status=503,
                               title=_("Le PDF n'a pas pu être produit"), message=unavailable), 503
    response = attachment(data, "application/pdf", name)
    response.set_etag(key)
    return response
