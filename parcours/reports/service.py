"""The PDF of a diagnostic: cache key, cache, rendering; the one entry point of views and jobs."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import bindparam, select

from ..config import ROOT
from ..database import begin_write
from ..extensions import db
from ..models import Comment, Diagnostic, Organisation, RenderedPdf, Snapshot, User
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


def _comments(questionnaire_key: str, rows: Iterable[Any], lang: str) -> list[dict[str, Any]]:
    """Comment rows (stage, text, author's e-mail, updated) as the report shows them."""
    from ..questionnaires import questionnaire

    rows = list(rows)
    if not rows:
        return []
    stages = {stage.id: (n, stage.title.get(lang))
              for n, stage in enumerate(questionnaire(questionnaire_key).stages)}
    with force_locale(lang):
        general = _("Commentaire général")
    found = [{"stage": stage_id, "order": stages.get(stage_id, (-1, ""))[0],
              "title": stages.get(stage_id, (0, general))[1] if stage_id else general,
              "text": text, "author": author, "when": updated_at.isoformat()}
             for stage_id, text, author, updated_at in rows]
    return sorted(found, key=lambda c: c["order"])


_d, _o, _s, _c, _u = (model.__table__ for model in  # type: ignore[attr-defined]
                      (Diagnostic, Organisation, Snapshot, Comment, User))
# What a comment brings to the report and to its cache key: one list for both queries below,
# so that `cache_key` and `Download.key` hash the same thing.
_COMMENT_COLUMNS = (_c.c.stage_id, _c.c.text, _u.c.email, _c.c.updated_at)
_COMMENT_AUTHOR = _u.c.id == _c.c.author_id


def comments_for(diagnostic: Diagnostic, lang: str) -> list[dict[str, Any]]:
    """The trainer's comments shown in the report: general first, then stage by stage."""
    rows = db.session.execute(select(*_COMMENT_COLUMNS)
                              .select_from(_c.outerjoin(_u, _COMMENT_AUTHOR))
                              .where(_c.c.diagnostic_id == diagnostic.id)
                              .order_by(_c.c.created_at, _c.c.id))
    return _comments(diagnostic.questionnaire_key, rows, lang)


def context_for(diagnostic: Diagnostic, snapshot: Snapshot, lang: str) -> dict[str, Any]:
    """The report context of a diagnostic's snapshot in `lang`, comments included."""
    result = snapshot.results.get(lang) or snapshot.results["fr"]
    return report_context(result, diagnostic.organisation.name, snapshot.created_at,
                          comments_for(diagnostic, lang))


def _key(snapshot_id: int, content_hash: str, created_at: datetime, organisation: str,
         comments: list[dict[str, Any]], lang: str) -> str:
    payload = {
        "snapshot": snapshot_id, "hash": content_hash, "created": created_at.isoformat(),
        "organisation": organisation, "comments": comments, "lang": lang,
        "template": template_version(),
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def cache_key(diagnostic: Diagnostic, snapshot: Snapshot, lang: str) -> str:
    """Hash of (snapshot, organisation name, comments, language, template version)."""
    return _key(snapshot.id, snapshot.content_hash, snapshot.created_at,
                diagnostic.organisation.name, comments_for(diagnostic, lang), lang)


@dataclass(frozen=True)
class Download:
    """What a re-download needs, read in one query: who may see it, and its cache key's parts."""

    public_id: str
    user_id: int | None
    organisation: str
    questionnaire_key: str
    snapshot_id: int | None
    content_hash: str | None
    created_at: datetime | None
    comments: tuple[Any, ...]

    def key(self, lang: str) -> str:
        """`cache_key` of the latest snapshot (the same hash, from the same parts)."""
        if self.snapshot_id is None or self.content_hash is None or self.created_at is None:
            raise ValueError("no snapshot: the diagnostic is not completed")
        return _key(self.snapshot_id, self.content_hash, self.created_at, self.organisation,
                    _comments(self.questionnaire_key, self.comments, lang), lang)


# Built once: building a statement cost as much as running it (bench/pdf.py).
# Core tables, not the ORM: the statement is built once and its rows need no ORM processing
_DOWNLOAD = (select(_d.c.public_id, _d.c.user_id, _o.c.name, _d.c.questionnaire_key, _s.c.id,
                    _s.c.content_hash, _s.c.created_at, *_COMMENT_COLUMNS)
             .select_from(_d.join(_o, _o.c.id == _d.c.organisation_id)
                          .outerjoin(_s, _s.c.id == _d.c.latest_snapshot_id)
                          .outerjoin(_c, _c.c.diagnostic_id == _d.c.id)
                          .outerjoin(_u, _COMMENT_AUTHOR))
             .where(_d.c.public_id == bindparam("public_id"))
             .order_by(_c.c.created_at, _c.c.id))
_CACHED = select(RenderedPdf.data).where(RenderedPdf.key == bindparam("key"))


def download(public_id: str) -> Download | None:
    """The diagnostic, its organisation's name, its latest snapshot and its comments in one
    query: a cache hit costs that query and the PDF's (bench/pdf.py)."""
    rows = db.session.connection().execute(_DOWNLOAD, {"public_id": public_id}).all()
    if not rows:
        return None
    first = rows[0]
    comments = tuple(tuple(row[7:]) for row in rows if row[8] is not None)
    return Download(*first[:7], comments=comments)


class _Recent:
    """The last PDFs this process served, by key. A key is the hash of everything that went
    into its PDF, so an entry is never stale; a re-download served from here costs one query
    (who may see it, and its key) instead of two (bench/pdf.py)."""

    def __init__(self, limit_bytes: int) -> None:
        self.limit = limit_bytes
        self.items: OrderedDict[str, bytes] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            data = self.items.get(key)
            if data is not None:
                self.items.move_to_end(key)
            return data

    def put(self, key: str, data: bytes) -> None:
        with self.lock:
            if key in self.items or len(data) > self.limit:
                return
            self.items[key] = data
            self.size += len(data)
            while self.size > self.limit:
                self.size -= len(self.items.popitem(last=False)[1])


def _recent() -> _Recent:
    recent: _Recent | None = current_app.extensions.get("parcours_recent_pdfs")
    if recent is None:
        recent = current_app.extensions["parcours_recent_pdfs"] = _Recent(8 * 2**20)
    return recent


def cached(key: str) -> bytes | None:
    """The PDF stored under this key, if any."""
    recent = _recent()
    data = recent.get(key)
    if data is None:
        data = db.session.scalar(_CACHED, {"key": key})
        if data is not None:
            recent.put(key, data)
    return data


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
