"""Fixtures of the web tests beyond tests/conftest.py's: a real SMTP server (mailbox.py) and a
trainer logged in with a cohort of its own."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from .mailbox import inbox  # noqa: F401 - a fixture
from .people import cohort, login, user


@pytest.fixture
def trainer(app: Flask) -> tuple[FlaskClient, str]:
    """A trainer's logged-in client and the public id of its cohort."""
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    client = app.test_client()
    login(client, "f@example.org")
    return client, group
