"""The PDF of a diagnostic: the one download path of participants, trainers, exports and jobs.

`fetch` returns it not modified, from the cache, or rendered now (and stored); rendering
happens in worker processes, outside any write transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from flask import current_app, render_template
from flask_babel import force_locale

from ..infra.extensions import db
from ..infra.jobs import register
from ..infra.paths import ROOT
from ..infra.storage import Missing
from ..infra.storage import store as file_store
from ..models import Cohort, CohortReference, Diagnostic, Snapshot
from ..services import plans
from ..services.cohort_reference import beside
from ..services.names import slug
from ..services.pdfstore import StoredPdf, lost, store, stored
from .cache import (
    SHORT_TEMPLATE,
    STYLESHEETS,
    TEMPLATE,
    Found,
    cache_key,
    comments,
    find,
)
from .context import report_context
from .pdf import RenderPool
from .progress import progress_of
from .typography import french_spaces


def pool() -> RenderPool:
    """The render workers of this process."""
    return current_app.extensions["parcours_render_pool"]


def export_pool() -> RenderPool:
    """The render workers of cohort exports: one per core, so that exports scale with them."""
    return current_app.extensions["parcours_export_pool"]


def template_for(result: dict[str, Any]) -> str:
    """The report's template: the full roadmap, or the one-to-two-page one of a `short` layout."""
    return SHORT_TEMPLATE if result["questionnaire"].get("layout") == "short" else TEMPLATE


def render_html(context: dict[str, Any]) -> str:
    """The report's HTML, in the report's language, in its questionnaire's layout."""
    with force_locale(context["lang"]):
        html = render_template(template_for(context["result"]), **context)
    return french_spaces(html) if context["lang"] == "fr" else html


def render(context: dict[str, Any]) -> bytes:
    """The report's PDF, rendered in a worker (RenderError when it fails)."""
    return pool().render(render_html(context))


def render_document(template: str, context: dict[str, Any]) -> bytes:
    """Another printed document (a cohort's overview) in the report's style, in a worker."""
    with force_locale(context["lang"]):
        return pool().render(render_template(template, **context))


def context_for(found: Found, lang: str) -> dict[str, Any]:
    """The report context of `found`'s latest snapshot in `lang`, comments included."""
    snapshot = db.session.get(Snapshot, found.snapshot_id)
    if snapshot is None or found.created_at is None:
        raise ValueError("no snapshot: the diagnostic is not completed")
    result = snapshot.results.get(lang) or snapshot.results["fr"]
    context = report_context(result, found.organisation, found.created_at,
                             comments(found.questionnaire_key, found.comments, lang),
                             plans.state(found.diagnostic_id))
    context["progress"] = progress_of(found.previous_snapshot_id, result, lang)
    if found.reference[0] is not None:
        published = db.session.get(CohortReference, found.reference[0])
        cohort = db.session.get(Cohort, published.cohort_id) if published else None
        context["reference"] = beside(result, published)
        context["cohort_name"] = cohort.name if cohort else ""
    return context


@dataclass(frozen=True)
class Fetched:
    """A report to send: `not_modified` (the client's copy is current), `hit` (in the file
    store: `stored` says where, its bytes are not read) or `rendered` (now, and stored: `data`
    holds its bytes)."""

    status: Literal["not_modified", "hit", "rendered"]
    key: str
    data: bytes | None
    file_name: str
    stored: StoredPdf | None = None

    def content(self) -> bytes:
        """Its bytes, read from the store for a hit (storage.Missing if deleted meanwhile)."""
        if self.data is not None:
            return self.data
        if self.stored is None:
            raise ValueError("not modified: no content")
        return file_store().read(self.stored.object_key)


def fetch(found: Found, lang: str, etags: Any = ()) -> Fetched:
    """The report of a completed diagnostic in `lang` (RenderError when rendering fails);
    `etags`, the client's If-None-Match, may make it `not_modified`."""
    key = cache_key(found, lang)
    name = file_name(found.organisation, found.created_at or datetime.min, lang)
    if key in etags:
        return Fetched("not_modified", key, None, name)
    hit = stored(key)
    if hit is not None:
        return Fetched("hit", key, None, name, hit)
    data = render(context_for(found, lang))
    store(found.diagnostic_id, key, lang, data)
    return Fetched("rendered", key, data, name)


def fetch_bytes(found: Found, lang: str) -> tuple[Fetched, bytes]:
    """The report and its bytes (RenderError when rendering fails): read from the store, or
    rendered again when its file is missing there (deleted by hand, an older backup)."""
    fetched = fetch(found, lang)
    try:
        return fetched, fetched.content()
    except Missing:
        lost(fetched.key)
        fetched = fetch(found, lang)
        return fetched, fetched.content()


def ready(public_id: str, lang: str) -> bool | None:
    """Whether the report of a completed diagnostic is rendered already in `lang` (a download
    would be a cache hit); None when there is no report to have."""
    found = find(public_id)
    if found is None or not found.completed:
        return None
    return stored(cache_key(found, lang)) is not None


@register("prerender_pdf")
def prerender(diagnostic_id: int) -> None:
    """Background job: render the latest snapshot in the languages it will be asked for (the
    participant's, and its cohort's, in which its trainer and the cohort's ZIP read it), so
    that each download is a cache hit."""
    diagnostic = db.session.get(Diagnostic, diagnostic_id)
    found = find(diagnostic.public_id) if diagnostic is not None else None
    if diagnostic is None or found is None or not found.completed:
        return
    cohort_lang = diagnostic.cohort.lang if diagnostic.cohort is not None else None
    for lang in dict.fromkeys(filter(None, (diagnostic.lang, cohort_lang))):
        fetch(found, lang)


def file_name(organisation: str, when: datetime, lang: str) -> str:
    """feuille-de-route-les-amis-du-quartier-2026-11-26.pdf (roadmap-… in English)."""
    stem = "roadmap" if lang == "en" else "feuille-de-route"
    return f"{stem}-{slug(organisation)}-{when:%Y-%m-%d}.pdf"


def settings_paths() -> tuple[Path, tuple[str, ...]]:
    """The static folder and the report's stylesheets."""
    return ROOT / "static", tuple(str(path) for path in STYLESHEETS)
