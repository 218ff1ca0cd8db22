"""The stored PDFs: a row of `rendered_pdf` per cache key (parcours/reports/cache.py computes the
key), its bytes in the file store (parcours/infra/storage.py). A row is written only once its
object is stored; an object goes once the transaction that deleted its row has committed
(`drop`), so a row never points to nothing that was not deleted on purpose. Deleting a
diagnostic drops its PDFs here (parcours/services/erasure.py), which is why they live below the
reports."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, bindparam, delete, select
from sqlalchemy.exc import IntegrityError

from ..infra.extensions import db
from ..infra.storage import Missing, Stored
from ..infra.storage import store as file_store
from ..infra.unit_of_work import after_commit, transaction
from ..models import Diagnostic, RenderedPdf

PDF = "application/pdf"
_ROW = select(RenderedPdf.object_key, RenderedPdf.size).where(
    RenderedPdf.key == bindparam("key"), RenderedPdf.object_key.is_not(None))
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredPdf:
    """A PDF in the store: its cache key (the ETag), its object's key and size."""

    key: str
    object_key: str
    size: int


def object_key(key: str, sha256: str) -> str:
    """Where the PDF of a cache key goes: `pdf/ab/abcd…-1234abcd5678.pdf`. The hash of its
    bytes is in the name, so two renders of one key at once never overwrite each other's
    object: the one whose row is written stays, the other is deleted."""
    return f"pdf/{key[:2]}/{key}-{sha256[:12]}.pdf"


def stored(key: str) -> StoredPdf | None:
    """The PDF stored under this key, if any (one query; its bytes are not read)."""
    row = db.session.execute(_ROW, {"key": key}).first()
    return StoredPdf(key, row.object_key, row.size) if row is not None else None


def cached(key: str) -> bytes | None:
    """The bytes of the PDF stored under this key, if any."""
    found = stored(key)
    if found is None:
        return None
    try:
        return file_store().read(found.object_key)
    except Missing:  # deleted since the query (its diagnostic erased): render it again
        return None


def lost(key: str) -> None:
    """Forget the row of a PDF whose object is missing from the store (deleted by hand, or a
    store restored from an older backup): the next download renders it again."""
    with transaction():
        db.session.execute(delete(RenderedPdf).where(RenderedPdf.key == key))


def delete_objects(keys: Iterable[str]) -> None:
    """Delete objects from the store now. A failure is logged, not raised: their rows are gone
    already, and the purge's sweep deletes any object that no row points to."""
    keys = [key for key in keys if key]
    if not keys:
        return
    try:
        file_store().delete(keys)
    except Exception:  # noqa: BLE001 - the sweep finishes the job; the user's action stands
        log.exception("could not delete %d objects from the store", len(keys))


def drop(where: ColumnElement[bool]) -> int:
    """Inside a transaction: delete the rows of `rendered_pdf` that match, and their objects
    once it commits. Returns how many rows went."""
    keys = list(db.session.scalars(select(RenderedPdf.object_key).where(where)))
    result = db.session.execute(delete(RenderedPdf).where(where))
    dropped = [key for key in keys if key]
    if dropped:
        after_commit(lambda: delete_objects(dropped))
    return int(getattr(result, "rowcount", 0) or 0)


def store(diagnostic_id: int, key: str, lang: str, data: bytes, only: bool = True) -> None:
    """Keep a rendered PDF under its key (once). With `only`, in place of the diagnostic's
    other PDF in that language: only the latest report can be downloaded (its comments, its
    name), so the others would only fill the disk. The object is written first, outside any
    transaction; it is deleted again when its row is not written."""
    put = file_store().put(object_key(key, hashlib.sha256(data).hexdigest()), data, PDF)
    try:
        kept = _keep(diagnostic_id, key, lang, put, only)
    except IntegrityError:  # its diagnostic was deleted meanwhile (PostgreSQL's foreign key)
        kept = False
    if not kept:
        delete_objects([put.key])


def _keep(diagnostic_id: int, key: str, lang: str, put: Stored, only: bool) -> bool:
    """The row of a stored object, unless its diagnostic is gone or the key is stored under
    another object; whether it was written."""
    with transaction():
        if db.session.scalar(select(Diagnostic.id).where(Diagnostic.id == diagnostic_id)) is None:
            return False  # deleted while it was rendered (by its participant, or the purge)
        if only:
            drop((RenderedPdf.diagnostic_id == diagnostic_id) & (RenderedPdf.lang == lang)
                 & (RenderedPdf.key != key))
        row = db.session.get(RenderedPdf, key)
        if row is None:
            db.session.add(RenderedPdf(key=key, diagnostic_id=diagnostic_id, lang=lang,
                                       object_key=put.key, size=put.size, sha256=put.sha256))
            return True
        if row.object_key is None:  # a row the storage migration has not moved yet
            row.object_key, row.size, row.sha256 = put.key, put.size, put.sha256
            return True
        return row.object_key == put.key  # the same bytes; else another render's object
