"""The only way WeasyPrint may read anything: the app's static files and data: URIs."""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """A resource the report may not load (WeasyPrint skips it and goes on)."""


class StaticOnlyFetcher(URLFetcher):
    """Serves files under `static_root` (as file: URLs) and data: URIs; refuses the rest.

    No network, no redirects, no file outside the static folder, whatever the HTML or the CSS
    asks for; every refusal is logged.
    """

    def __init__(self, static_root: Path) -> None:
        super().__init__(timeout=1, allowed_protocols=("data",), allow_redirects=False)
        self.root = static_root.resolve()

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        """The resource, or RefusedURL."""
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if path.is_relative_to(self.root) and path.is_file():
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                          {"Content-Type": mime}, 200)
        log.warning("report: refused to fetch %s", url[:200])
        raise RefusedURL(f"refused: {url[:200]}")
