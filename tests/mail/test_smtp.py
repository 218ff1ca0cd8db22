"""PARCOURS_SMTP_URL and the e-mail settings, read with no app and no server."""

from __future__ import annotations

from pathlib import Path

import pytest

from parcours.config import Config, ConfigError, retry_delays
from parcours.mail.smtp import SmtpSettings, SmtpUrlError, parse_url


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp://mail.example.org", SmtpSettings("mail.example.org", 25)),
    ("smtp://user:pass@mail.example.org:587?starttls=1",
     SmtpSettings("mail.example.org", 587, starttls=True, username="user", password="pass")),
    ("smtps://u%40example.org:p%40ss%3Aw@mail.example.org",
     SmtpSettings("mail.example.org", 465, tls=True, username="u@example.org",
                  password="p@ss:w")),
    ("smtp://127.0.0.1:2525?starttls=0", SmtpSettings("127.0.0.1", 2525)),
    ("smtp://user@mail.example.org", SmtpSettings("mail.example.org", 25, username="user")),
])
def test_an_smtp_url_is_read_with_the_standard_library(url: str, expected: SmtpSettings) -> None:
    assert parse_url(url) == expected


@pytest.mark.parametrize(("url", "says"), [
    ("http://mail.example.org", "smtp:// or smtps://"),
    ("mail.example.org:25", "smtp:// or smtps://"),
    ("smtp://", "no host"),
    ("smtp://mail.example.org:port", "not a number"),
    ("smtps://mail.example.org?starttls=1", "TLS already"),
    ("smtp://mail.example.org?tls=1", "unknown option"),
])
def test_a_bad_smtp_url_says_why(url: str, says: str) -> None:
    with pytest.raises(SmtpUrlError, match=says):
        parse_url(url)


def test_the_password_never_shows_in_the_settings_repr() -> None:
    assert "s3cret" not in repr(parse_url("smtp://user:s3cret@mail.example.org"))


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("PARCOURS_SMTP_URL", "PARCOURS_MAIL_FROM", "PARCOURS_PUBLIC_URL",
                 "PARCOURS_MAIL_RETRY_DELAYS", "PARCOURS_ENV"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_without_an_smtp_url_e_mail_is_off(environment: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    config = Config(tmp_path, "k")
    assert config.MAIL_SMTP_URL is None
    assert config.MAIL_RETRY_DELAYS == (0.0, 30.0, 300.0)


def test_an_smtp_url_needs_a_sender_and_the_public_url(environment: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    environment.setenv("PARCOURS_SMTP_URL", "smtp://mail.example.org")
    with pytest.raises(ConfigError, match="PARCOURS_MAIL_FROM"):
        Config(tmp_path, "k")
    environment.setenv("PARCOURS_MAIL_FROM", "parcours@example.org")
    with pytest.raises(ConfigError, match="PARCOURS_PUBLIC_URL"):  # no link from a Host header
        Config(tmp_path, "k")
    environment.setenv("PARCOURS_PUBLIC_URL", "https://parcours.example.org")
    assert Config(tmp_path, "k").MAIL_SMTP_URL == "smtp://mail.example.org"
    environment.setenv("PARCOURS_SMTP_URL", "smtp//mail.example.org")
    with pytest.raises(ConfigError, match="smtp:// or smtps://"):  # at start, not at first mail
        Config(tmp_path, "k")


@pytest.mark.parametrize(("text", "expected"), [
    ("0,30,300", (0.0, 30.0, 300.0)), ("0", (0.0,)), (" 0 , 0.5 ", (0.0, 0.5))])
def test_retry_delays(text: str, expected: tuple[float, ...]) -> None:
    assert retry_delays(text) == expected


@pytest.mark.parametrize("text", ["", "a,b", "0,-1", ","])
def test_bad_retry_delays_are_refused(text: str) -> None:
    with pytest.raises(ConfigError):
        retry_delays(text)
