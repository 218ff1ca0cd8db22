"""The file store's one interface (parcours/infra/storage.py), the same on a folder and on a
real S3 API server: what is put is read back whole, listed, deleted; keys are ours only."""

from __future__ import annotations

import hashlib
import os
import urllib.request
from pathlib import Path

import pytest

from parcours.infra.storage import FolderStore, Missing, StorageError, Store, from_url

DATA = os.urandom(300_000) + b"%%EOF"  # larger than a chunk, not a multiple of one


@pytest.fixture(params=["folder", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "folder":
        return from_url(str(tmp_path / "files"), tmp_path)
    return from_url(f"s3://{request.getfixturevalue('s3_bucket')}/some/prefix", tmp_path)


def test_what_is_put_is_read_back_whole_then_deleted(store: Store) -> None:
    stored = store.put("pdf/ab/abc-123.pdf", DATA, "application/pdf")
    assert (stored.key, stored.size) == ("pdf/ab/abc-123.pdf", len(DATA))
    assert stored.sha256 == hashlib.sha256(DATA).hexdigest()
    assert store.exists("pdf/ab/abc-123.pdf") and not store.exists("pdf/ab/other.pdf")
    assert store.read("pdf/ab/abc-123.pdf") == DATA
    with store.open("pdf/ab/abc-123.pdf") as body:
        assert body.read(10) + body.read() == DATA
    assert [(f.key, f.size) for f in store.listing("pdf/")] == [("pdf/ab/abc-123.pdf", len(DATA))]
    assert list(store.listing("exports/")) == []
    store.delete(["pdf/ab/abc-123.pdf", "pdf/ab/never-there.pdf"])  # a missing one is no error
    assert not store.exists("pdf/ab/abc-123.pdf")
    assert list(store.listing()) == []
    with pytest.raises(Missing):
        store.read("pdf/ab/abc-123.pdf")


def test_a_put_replaces_the_object_under_its_key(store: Store) -> None:
    store.put("exports/Job_-x1.zip", b"first", "application/zip")
    store.put("exports/Job_-x1.zip", b"second", "application/zip")
    assert store.read("exports/Job_-x1.zip") == b"second"


@pytest.mark.parametrize("key", ["../etc/passwd", "/pdf/a.pdf", "pdf", "pdf/../../x",
                                 "pdf/.hidden", "PDF/a.pdf", "pdf/a b.pdf", "pdf//a.pdf", "",
                                 "pdf/.part-ab/c.pdf", "pdf/.part-AB", "pdf/.partial"])
def test_a_key_that_is_not_ours_is_refused(store: Store, key: str) -> None:
    with pytest.raises(StorageError):
        store.put(key, b"x", "application/octet-stream")


def test_a_folder_store_leaves_no_partial_or_empty_folder(tmp_path: Path) -> None:
    store = FolderStore(tmp_path / "files")
    store.put("pdf/ab/one.pdf", DATA, "application/pdf")
    assert [p.name for p in (tmp_path / "files").rglob("*") if p.is_file()] == ["one.pdf"]
    assert oct((tmp_path / "files" / "pdf" / "ab" / "one.pdf").stat().st_mode & 0o777) == "0o600"
    store.delete(["pdf/ab/one.pdf"])
    assert list((tmp_path / "files").iterdir()) == []


def test_only_s3_gives_a_signed_url_and_it_serves_the_file(store: Store) -> None:
    store.put("pdf/ab/abc-123.pdf", DATA, "application/pdf")
    url = store.url("pdf/ab/abc-123.pdf", "feuille-de-route.pdf", "application/pdf", 60)
    if store.kind == "folder":
        assert url is None
        return
    assert url is not None and "Signature" in url and "Expires=" in url
    with urllib.request.urlopen(url) as answer:  # noqa: S310 - the test's own server
        assert answer.read() == DATA
        assert answer.headers["Content-Disposition"] == \
            'attachment; filename="feuille-de-route.pdf"'
        assert answer.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", ["s3://", "ftp://host/x", "s3:///prefix"])
def test_a_bad_storage_url_stops_the_app_at_start(url: str, tmp_path: Path) -> None:
    with pytest.raises(StorageError):
        from_url(url, tmp_path)


def test_the_default_store_is_a_folder_under_instance(tmp_path: Path) -> None:
    store = from_url(None, tmp_path)
    assert (store.kind, store.where) == ("folder", str(tmp_path / "files"))
    assert from_url("stockage", tmp_path).where == str(tmp_path / "stockage")
    assert from_url("file:///srv/parcours/files", tmp_path).where == "/srv/parcours/files"
