"""No user text can add a header to an e-mail (M1, CVE-2024-6923): an organisation name in a
subject, encoded word or raw line break, is one folded Subject line once the bytes are read back."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest
from flask import Flask

from parcours.mail import compose
from parcours.mail.compose import Draft
from parcours.models import Mail

PUBLIC = "https://parcours.example.org"
HOSTILE = [
    "=?utf-8?q?x=0D=0ABcc:_evil@example.org?=",
    "=?utf-8?q?x=0ABcc:_evil@example.org?=",
    "=?utf-8?b?eA0KUmVwbHktVG86IGV2aWxAZXhhbXBsZS5vcmc=?=",  # x\r\nReply-To: evil@…
    "Asso\r\nBcc: evil@example.org",
    "Asso\nReply-To: evil@example.org",
    "Asso\rBcc: evil@example.org",
    "Asso\x0bX\x0cY\x1cZ\x85W\u2028V\u2029 Bcc: evil@example.org",
    "Asso " + "très longue " * 30 + "\r\nBcc: evil@example.org",
]


@pytest.fixture
def sample(app: Flask) -> Flask:
    app.config.update(PUBLIC_URL=PUBLIC, MAIL_FROM="parcours@example.org")
    return app


@pytest.mark.parametrize("name", HOSTILE)
def test_an_organisation_name_cannot_add_a_header(sample: Flask, name: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(compose.COMPOSERS, "test-headers", lambda mail: Draft(
        f"{name} vous invite à répondre", "invitation",
        {"organisation": name, "product": "Parcours", "role": "x", "link": PUBLIC},
        sender_name="Parcours A.D.O.C."))
    with sample.app_context():
        message = compose.render(Mail(kind="test-headers", recipient="a@example.org", lang="fr"))
        raw = message.as_bytes(policy=policy.SMTP)
    head = raw.split(b"\r\n\r\n", 1)[0]
    names = [line.split(b":", 1)[0].lower() for line in head.split(b"\r\n")
             if line and not line[:1].isspace()]
    assert b"bcc" not in names and b"reply-to" not in names
    assert sorted(set(names)) == sorted(names)  # each header once
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Bcc"] is None and parsed["Reply-To"] is None
    subject = str(parsed["Subject"])
    assert "\r" not in subject and "\n" not in subject
    assert "vous invite" in subject and "Asso" in subject or "x" in subject
    assert parsed["To"] == "a@example.org"
    for line in head.split(b"\r\n"):
        assert len(line) <= 998


def test_a_sender_name_with_a_line_break_is_one_display_name(
        sample: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(compose.COMPOSERS, "test-headers", lambda mail: Draft(
        "Sujet", "invitation", {"organisation": "A", "product": "P", "role": "x", "link": PUBLIC},
        sender_name="Parcours\r\nBcc: evil@example.org =?utf-8?q?=0AX-Evil:_1?="))
    with sample.app_context():
        raw = compose.render(Mail(kind="test-headers", recipient="a@example.org",
                                  lang="fr")).as_bytes(policy=policy.SMTP)
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Bcc"] is None and parsed["X-Evil"] is None
    assert parsed["From"].addresses[0].addr_spec == "parcours@example.org"


@pytest.mark.parametrize(("value", "expected"), [
    ("Asso\r\nBcc: x", "Asso Bcc: x"),
    ("=?utf-8?q?x=0D=0ABcc:_y?=", "x Bcc: y"),
    ("a =?utf-8?q?=3D=3Futf-8=3Fq=3Fb=3D0A=3F=3D?=", "a b"),  # an encoded word in one
    ("L'Élan — « solidaire »", "L'Élan — « solidaire »"),
])
def test_header_text(value: str, expected: str) -> None:
    assert compose.header_text(value) == expected
