"""Fixtures of the web tests beyond tests/conftest.py's: a real SMTP server (mailbox.py)."""

from .mailbox import inbox  # noqa: F401 - a fixture
