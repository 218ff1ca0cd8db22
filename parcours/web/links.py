"""Links given to people (resume and join links), built from the configured public URL."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of `endpoint`: on PUBLIC_URL when it is set (always in production), so
    that a forged Host header cannot make the app hand out links to another site."""
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return str(base).rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
