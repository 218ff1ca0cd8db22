"""The PDF of a diagnostic: cache key, cache, rendering; the one entry point of views and jobs."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..config import ROOT
from ..database import begin_write
from ..extensions import db
from ..models import Comment, Diagnostic, RenderedPdf, Snapshot
from ..names import slug
from .context import report_context
from .pdf import RenderPool

TEMPLATE = "reports/roadmap.html"
STYLESHEETS = (ROOT / "static" / "css" / "report.css",)
TEMPLATE_FILES = (ROOT / "templates" / TEMPLATE, *STYLESHEETS)


@cache
def template_version() -> str:
    """A hash of the report template and stylesheet: changing either invalidates the cache."""
    digest = hashlib.sha256()
    for path in TEMPLATE_FILES:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def pool() -> RenderPool:
    """The render workers of this process."""
    return current_app.extensions["parcours_render_pool"]


def render_html(context: dict[str, Any]) -> str:
    """The report's HTML, in the report's language."""
    with force_locale(context["lang"]):
        return render_template(TEMPLATE, **context)


def render(context: dict[str, Any]) -> bytes:
    """The report's PDF, rendered in a worker (RenderError when it fails)."""
    return pool().render(render_html(context))


def export_pool() -> RenderPool:
    """The render workers of cohort exports: one per core, so that exports scale with them."""
    return current_app.extensions["parcours_export_pool"]


def comments_for(diagnostic: Diagnostic, lang: str) -> list[dict[str, Any]]:
    """The trainer's comments shown in the report: general first, then stage by stage."""
    from ..questionnaires import questionnaire

    stages = {stage.id: (n, stage.title.get(lang))
              for n, stage in enumerate(questionnaire(diagnostic.questionnaire_key).stages)}
    rows = db.session.scalars(select(Comment).where(Comment.diagnostic_id == diagnostic.id)
                              .order_by(Comment.created_at, Comment.id)).all()
    if not rows:
        return []
    with force_locale(lang):
        general = _("Commentaire général")
    found = [{"stage": c.stage_id, "order": stages.get(c.stage_id, (-1, ""))[0],
              "title": stages.get(c.stage_id, (0, general))[1] if c.stage_id else general,
              "text": c.text, "author": c.author.email if c.author else None,
              "when": c.updated_at.isoformat()} for c in rows]
    return sorted(found, key=lambda c: c["order"])


def context_for(diagnostic: Diagnostic, snapshot: Snapshot, lang: str) -> dict[str, Any]:
    """The report context of a diagnostic's snapshot in `lang`, comments included."""
    result = snapshot.results.get(lang) or snapshot.results["fr"]
    return report_context(result, diagnostic.organisation.name, snapshot.created_at,
                          comments_for(diagnostic, lang))


def cache_key(diagnostic: Diagnostic, snapshot: Snapshot, lang: str) -> str:
    """Hash of (snapshot, organisation name, comments, language, template version)."""
    payload = {
        "snapshot": snapshot.id, "hash": snapshot.content_hash,
        "created": snapshot.created_at.isoformat(), "organisation": diagnostic.organisation.name,
        "comments": comments_for(diagnostic, lang), "lang": lang, "template": template_version(),
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def cached(key: str) -> bytes | None:
    """The PDF stored under this key, if any."""
    return db.session.scalar(select(RenderedPdf.data).where(RenderedPdf.key == key))


def pdf_for(diagnostic: Diagnostic, snapshot: Snapshot, lang: str,
            key: str | None = None) -> tuple[str, bytes]:
    """The report (key, bytes): from the cache, or rendered now and stored. `key`, when the
    caller has it already, is `cache_key(diagnostic, snapshot, lang)`."""
    key = key or cache_key(diagnostic, snapshot, lang)
    data = cached(key)
    if data is None:
        data = render(context_for(diagnostic, snapshot, lang))
        store(diagnostic.id, key, lang, data)
    return key, data


def store(diagnostic_id: int, key: str, lang: str, data: bytes) -> None:
    """Keep a rendered PDF under its key (once)."""
    db.session.commit()  # leave any read transaction before taking the write lock
    begin_write()
    if cached(key) is None:
        db.session.add(RenderedPdf(key=key, diagnostic_id=diagnostic_id, lang=lang, data=data))
    db.session.commit()


def prerender(diagnostic_id: int) -> None:
    """Background job: render the latest snapshot in its language, so the download is a hit."""
    diagnostic = db.session.get(Diagnostic, diagnostic_id)
    snapshot = diagnostic.latest_snapshot() if diagnostic is not None else None
    if diagnostic is None or snapshot is None:
        return
    pdf_for(diagnostic, snapshot, diagnostic.lang)


def file_name(organisation: str, when: datetime, lang: str) -> str:
    """feuille-de-route-les-amis-du-quartier-2026-11-26.pdf (roadmap-… in English)."""
    stem = "roadmap" if lang == "en" else "feuille-de-route"
    return f"{stem}-{slug(organisation)}-{when:%Y-%m-%d}.pdf"


def settings_paths() -> tuple[Path, tuple[str, ...]]:
    """The static folder and the report's stylesheets."""
    return ROOT / "static", tuple(str(path) for path in STYLESHEETS)
