"""A migrated database for tests that run the app in other processes (gunicorn)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade

from parcours import create_app
from parcours.infra.extensions import db


@pytest.fixture
def migrated_url(database_url: str, tmp_path: Path) -> str:
    """The test database (SQLite file or PostgreSQL), migrated and empty."""
    app = create_app({"SECRET_KEY": "load", "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        if not database_url.startswith("sqlite"):
            downgrade(revision="base")
        upgrade()
        db.engine.dispose()
    return database_url
