"""What a message says: each kind's composer (registered by a blueprint) gives a subject, a
template and its context; this module renders it in the reader's language, as plain text with an
HTML alternative."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale

from ..models import Mail

Composer = Callable[[Mail], "Draft"]
COMPOSERS: dict[str, Composer] = {}


class CannotCompose(RuntimeError):
    """The message can no longer be written (what it is about is gone): it is not retried."""


@dataclass(frozen=True)
class Draft:
    """A message before rendering: `template` names templates/mail/<template>.txt and .html."""

    subject: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    sender_name: str | None = None  # the product's name, when the From address has none


def composer(kind: str) -> Callable[[Composer], Composer]:
    """Register what a message of `kind` says (called with its outbox row, in its language)."""
    def add(function: Composer) -> Composer:
        COMPOSERS[kind] = function
        return function
    return add


_SPACES = re.compile(r"\s+")


def _decoded(value: str) -> str:
    """`value` with its RFC 2047 encoded words decoded, again until none is left (an encoded
    word may hold another one)."""
    for _round in range(5):
        try:
            decoded = str(make_header(decode_header(value)))
        except (LookupError, UnicodeError, ValueError):  # an unknown charset, broken bytes
            return value
        if decoded == value:
            break
        value = decoded
    return value


def header_text(value: str) -> str:
    """A header's text that no user input can turn into another header (CVE-2024-6923 on
    Python < 3.11.10/3.12.5, and a ValueError on the others): encoded words decoded first, then
    every control character and line or paragraph separator made a space, spaces collapsed, and
    any « =? » left broken up so that the email package finds no encoded word to decode again.
    The policy then folds and encodes the result itself as one Subject."""
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cs") else c
                   for c in _decoded(value))
    return _SPACES.sub(" ", text).strip().replace("=?", "= ?")


def _sender(configured: str, name: str | None) -> str:
    shown, address = parseaddr(configured)
    if shown or not name:
        return configured
    return str(Address(display_name=header_text(name), addr_spec=address))


def render(mail: Mail) -> EmailMessage:
    """The message of an outbox row, written now in the row's language. Links are built on
    PARCOURS_PUBLIC_URL (links.external_url), in a request context made for it."""
    public = str(current_app.config["PUBLIC_URL"])
    with current_app.test_request_context("/", base_url=public), force_locale(mail.lang):
        composer_of = COMPOSERS.get(mail.kind)
        if composer_of is None:
            raise CannotCompose(f"no composer for e-mails of kind {mail.kind!r}")
        draft = composer_of(mail)
        context = {**draft.context, "subject": draft.subject, "lang": mail.lang}
        text = render_template(f"mail/{draft.template}.txt", **context)
        html = render_template(f"mail/{draft.template}.html", **context)
    message = EmailMessage()
    message["Subject"] = header_text(draft.subject)
    message["From"] = _sender(str(current_app.config["MAIL_FROM"]), draft.sender_name)
    message["To"] = mail.recipient
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid("parcours", domain=urlsplit(public).hostname)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    # after the parts: add_alternative moves every Content-* header down into the first part
    message["Content-Language"] = mail.lang
    return message
