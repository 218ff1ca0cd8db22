"""The stored PDFs: rows of `rendered_pdf` by cache key (parcours/reports/cache.py computes
the key), and the last ones this process served, kept in memory. Deleting a diagnostic forgets
its PDFs here (parcours/services/erasure.py), which is why they live below the reports."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection

from flask import current_app
from sqlalchemy import bindparam, delete, select

from ..infra.extensions import db
from ..infra.unit_of_work import transaction
from ..models import Diagnostic, RenderedPdf

_CACHED = select(RenderedPdf.data).where(RenderedPdf.key == bindparam("key"))
_CACHED_ROW = select(RenderedPdf.data, RenderedPdf.diagnostic_id).where(
    RenderedPdf.key == bindparam("key"))


class _Recent:
    """The last PDFs this process served, by key. A key is never stale, so a re-download served
    from here costs one query (who may see it, and its key) instead of two (bench/pdf.py).
    Each remembers its diagnostic, so that deleting one forgets its PDFs here too."""

    def __init__(self, limit_bytes: int) -> None:
        self.limit = limit_bytes
        self.items: OrderedDict[str, tuple[int, bytes]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            item = self.items.get(key)
            if item is None:
                return None
            self.items.move_to_end(key)
            return item[1]

    def put(self, key: str, diagnostic_id: int, data: bytes) -> None:
        with self.lock:
            if key in self.items or len(data) > self.limit:
                return
            self.items[key] = (diagnostic_id, data)
            self.size += len(data)
            while self.size > self.limit:
                self.size -= len(self.items.popitem(last=False)[1][1])

    def forget(self, diagnostic_ids: Collection[int]) -> None:
        with self.lock:
            for key in [k for k, (d, _) in self.items.items() if d in diagnostic_ids]:
                self.size -= len(self.items.pop(key)[1])

    def holds(self, diagnostic_id: int) -> bool:
        with self.lock:
            return any(d == diagnostic_id for d, _ in self.items.values())


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
        row = db.session.execute(_CACHED_ROW, {"key": key}).first()
        if row is not None:
            data = row.data
            recent.put(key, row.diagnostic_id, data)
    return data


def forget(diagnostic_ids: Collection[int]) -> None:
    """Drop the PDFs of these (deleted) diagnostics from this process's memory. Other
    processes may still hold some for a while, under keys nobody can compute any more (a key
    hashes the deleted snapshot and name): unreachable, they leave as newer PDFs come, or when
    the process is recycled (README, « Données personnelles »)."""
    _recent().forget(set(diagnostic_ids))


def in_memory(diagnostic_id: int) -> bool:
    """Whether this process keeps a PDF of the diagnostic in memory (tests)."""
    return _recent().holds(diagnostic_id)


def store(diagnostic_id: int, key: str, lang: str, data: bytes) -> None:
    """Keep a rendered PDF under its key (once), in place of the diagnostic's other PDF in that
    language: only the latest report can be downloaded (its comments, its name), so the
    others would only fill the disk."""
    with transaction():
        if db.session.scalar(select(Diagnostic.id).where(Diagnostic.id == diagnostic_id)) is None:
            return  # deleted while it was rendered (by its participant, or the purge)
        db.session.execute(delete(RenderedPdf).where(
            RenderedPdf.diagnostic_id == diagnostic_id, RenderedPdf.lang == lang,
            RenderedPdf.key != key))
        if db.session.scalar(_CACHED, {"key": key}) is None:
            db.session.add(RenderedPdf(key=key, diagnostic_id=diagnostic_id, lang=lang,
                                       data=data))
