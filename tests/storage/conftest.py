"""Fixtures of the file-store tests: the app on each database *and* each kind of store (a folder,
and an S3 bucket on the real S3 API server that tests/conftest.py starts)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from ..conftest import made_app


@pytest.fixture(params=["folder", "s3"])
def storage_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """PARCOURS_STORAGE_URL of a test: a folder of its own, or `s3://bucket/prefix`."""
    if request.param == "folder":
        return str(tmp_path / "files")
    return f"s3://{request.getfixturevalue('s3_bucket')}/parcours"


@pytest.fixture
def app(database_url: str, storage_url: str) -> Iterator[Flask]:
    """The app on its database and its store."""
    with made_app(database_url, {"STORAGE_URL": storage_url}) as app:
        yield app
