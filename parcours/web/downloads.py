"""Files sent to the browser: one attachment helper, one response for a file of the store
(streamed, or a redirect to a short-lived signed URL), and the PDF report's one response, for
the participant and the trainer alike."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from flask import Response, current_app, render_template
from flask_babel import gettext as _

from ..infra.storage import Missing, store
from ..models import Alliance
from ..reports import joint
from ..reports.cache import Found
from ..reports.joint import Side
from ..reports.pdf import RenderError
from ..reports.service import fetch, pool
from ..services.pdfstore import lost


def attachment(data: bytes | Response, mimetype: str, name: str) -> Response:
    """`data` (or a response) as a download named `name` (an ASCII slug: safe in the header)."""
    # content_type, not mimetype: werkzeug would add a second « charset » to a text type
    response = data if isinstance(data, Response) else Response(data, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    # results and answers: never kept in a shared or browser cache (a shared computer)
    response.headers["Cache-Control"] = "no-store"
    return response


CHUNK = 256 * 1024  # a whole roadmap (about 112 KB) in one


def _chunks(body: IO[bytes]) -> Iterator[bytes]:
    """The file in chunks, closed at its end (or when the response is dropped half-way)."""
    try:
        while chunk := body.read(CHUNK):
            yield chunk
    finally:
        body.close()


def stored_file(object_key: str, size: int, mimetype: str, name: str) -> Response:
    """A file of the store as a download: a redirect to a signed URL valid for
    STORAGE_REDIRECT_SECONDS when that is set and the store gives one (S3), else streamed in
    chunks (the file is never read whole into memory). storage.Missing if it is gone."""
    seconds = int(current_app.config.get("STORAGE_REDIRECT_SECONDS") or 0)
    url = store().url(object_key, name, mimetype, seconds) if seconds > 0 else None
    if url is not None:
        return Response(status=302, headers={"Location": url, "Cache-Control": "no-store"})
    response = Response(_chunks(store().open(object_key)), content_type=mimetype,
                        direct_passthrough=True)
    response.content_length = size
    return attachment(response, mimetype, name)


def pdf_response(found: Found, lang: str, etags: object,
                 unavailable: str) -> Response | tuple[str, int]:
    """The report of a completed diagnostic, with its ETag; 304 when the client has it; a
    503 page saying `unavailable` when rendering fails or takes too long."""
    try:
        fetched = fetch(found, lang, etags)
    except RenderError:
        return render_template("errors/error.html", status=503,
                               title=_("Le PDF n'a pas pu être produit"), message=unavailable), 503
    if fetched.status == "not_modified":
        return Response(status=304, headers={"ETag": f'"{fetched.key}"',
                                             "Cache-Control": "no-store"})
    if fetched.stored is not None:
        try:
            response = stored_file(fetched.stored.object_key, fetched.stored.size,
                                   "application/pdf", fetched.file_name)
        except Missing:  # deleted from the store behind the app's back: render it again
            lost(fetched.key)
            return pdf_response(found, lang, etags, unavailable)
    else:
        response = attachment(fetched.content(), "application/pdf", fetched.file_name)
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
