"""The SMTP server: its URL read once, and one function that hands it a message.

Standard library only: `smtplib` speaks SMTP, STARTTLS and implicit TLS, and `email.message`
builds the multipart message; sending is the job system's (mail/outbox.py), so a slow server
never slows a page.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
_TRUE = {"1", "true", "yes", "on"}


class SmtpUrlError(ValueError):
    """PARCOURS_SMTP_URL cannot be read; the message says why (never the password)."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send: `smtps` is TLS from the first byte, `starttls` upgrades `smtp`."""

    host: str
    port: int
    tls: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = None

    def __repr__(self) -> str:  # never the password, in a log or a traceback
        return (f"SmtpSettings(host={self.host!r}, port={self.port}, tls={self.tls}, "
                f"starttls={self.starttls}, username={self.username!r})")


def parse_url(url: str) -> SmtpSettings:
    """`smtp://user:pass@host:587?starttls=1` or `smtps://user:pass@host` → settings.

    User and password are percent-decoded (`p%40ss` is `p@ss`)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS:
        raise SmtpUrlError("PARCOURS_SMTP_URL must start with smtp:// or smtps://")
    if not parts.hostname:
        raise SmtpUrlError("PARCOURS_SMTP_URL names no host")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        raise SmtpUrlError("PARCOURS_SMTP_URL has a port that is not a number") from None
    query = parse_qs(parts.query)
    unknown = set(query) - {"starttls"}
    if unknown:
        raise SmtpUrlError(f"PARCOURS_SMTP_URL: unknown option(s) {', '.join(sorted(unknown))}")
    starttls = query.get("starttls", ["0"])[-1].lower() in _TRUE
    if starttls and parts.scheme == "smtps":
        raise SmtpUrlError("PARCOURS_SMTP_URL: smtps:// is TLS already; starttls is for smtp://")
    return SmtpSettings(
        host=parts.hostname, port=port, tls=parts.scheme == "smtps", starttls=starttls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None)


def send(settings: SmtpSettings, message: EmailMessage, timeout: float) -> None:
    """Hand `message` to the server (any failure raises: OSError, smtplib.SMTPException)."""
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if settings.tls:
        client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
    with client:
        if settings.starttls:
            client.starttls(context=context)
        if settings.username:
            client.login(settings.username, settings.password or "")
        client.send_message(message)
