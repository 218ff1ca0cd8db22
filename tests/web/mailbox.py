"""A real SMTP server for the e-mail tests (aiosmtpd on 127.0.0.1), and how to read it back."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

PUBLIC = "https://parcours.example.org"


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        content = envelope.content  # type: ignore[attr-defined]
        parsed = message_from_bytes(content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))  # type: ignore[attr-defined]
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on 127.0.0.1, and its port."""
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def with_mail(app: Flask, port: int) -> None:
    app.config.update(MAIL_SMTP_URL=f"smtp://127.0.0.1:{port}", PUBLIC_URL=PUBLIC,
                      MAIL_FROM="parcours@example.org", MAIL_RETRY_DELAYS=(0, 0.05, 0.05),
                      MAIL_TIMEOUT=5)


def wait(app: Flask) -> None:
    app.extensions["parcours_jobs"].wait(timeout=30)


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain-text part and the HTML alternative."""
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None, "both parts are present"
    return text.get_content(), html.get_content()
