"""Headers, cookies, secrets, size and rate limits, error pages: each fails without its guard."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from flask import Flask, abort
from flask.testing import FlaskClient

from parcours import create_app
from parcours.config import ConfigError

from ..conftest import csrf_token
from .participant import Participant

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_pages_carry_a_strict_policy(app: Flask, client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start()
    participant.complete()
    for path in ("/", "/commencer", f"/d/{participant.public_id}/resultats",
                 f"/d/{participant.public_id}/etape/vision_enjeux_section"):
        response = client.get(path)
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self';" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in response.headers  # plain http here
    assert "max-age=31536000" in client.get(
        "/", base_url="https://localhost").headers["Strict-Transport-Security"]


def test_no_template_has_inline_script_or_style() -> None:
    for template in TEMPLATES.rglob("*.html"):
        source = template.read_text(encoding="utf-8")
        assert not re.search(r"<script", source) if template.parent.name == "mail" else \
            not re.search(r"<script(?![^>]*\bsrc=)", source), template
        # an e-mail's HTML is read by mail clients, which drop <style> and know no CSP: its
        # styles can only be inline; every page the site serves has none (its CSP forbids them)
        if template.parent.name != "mail":
            assert " style=" not in source and "<style" not in source, template
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", source), template  # onclick=…


def test_session_cookie_flags(app: Flask) -> None:
    app.config["SESSION_COOKIE_SECURE"] = True
    client = app.test_client()
    page = client.get("/commencer", base_url="https://localhost")
    cookie = next(c for c in page.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_secret_key_is_required_in_production(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.setenv("PARCOURS_ENV", "production")
    monkeypatch.setenv("PARCOURS_PUBLIC_URL", "https://parcours.example.org")  # also required
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment")
    assert create_app().config["SECRET_KEY"] == "a-real-secret-from-the-environment"


def test_a_request_too_large_gets_413_in_french(client: FlaskClient) -> None:
    response = client.post("/commencer", data={"name": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.get_data(as_text=True)


def test_guessing_resume_codes_is_rate_limited(client: FlaskClient) -> None:
    form = client.get("/reprendre").get_data(as_text=True)
    statuses = [client.post("/reprendre", data={"csrf_token": csrf_token(form),
                                                "code": f"AAAA-AA{n:02d}"}).status_code
                for n in range(12)]
    assert statuses[:10] == [422] * 10 and statuses[10:] == [429, 429]
    limited = client.post("/reprendre", data={"csrf_token": csrf_token(form), "code": "x"})
    assert "Trop de tentatives" in limited.get_data(as_text=True)
    assert "Retry-After" in limited.headers
    assert client.get("/reprendre").status_code == 200  # reading the page is not limited


def test_logins_are_rate_limited(client: FlaskClient) -> None:
    form = client.get("/connexion").get_data(as_text=True)
    statuses = [client.post("/connexion", data={"csrf_token": csrf_token(form),
                                                "email": "x@example.org",
                                                "password": "wrong"}).status_code
                for _ in range(11)]
    assert statuses[-1] == 429 and statuses[0] == 422


def test_errors_show_a_request_id_and_no_trace(app: Flask, caplog: pytest.LogCaptureFixture
                                               ) -> None:
    def broken() -> str:
        raise RuntimeError("SELECT secret FROM users -- must not leak")

    app.add_url_rule("/test-broken", "broken", broken)
    app.add_url_rule("/test-forbidden", "forbidden", lambda: abort(403))
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    with caplog.at_level(logging.ERROR, logger="parcours"):
        response = client.get("/test-broken", headers={"X-Request-ID": "req-12345678"})
    page = response.get_data(as_text=True)
    assert response.status_code == 500 and "Une erreur est survenue de notre côté" in page
    assert "req-12345678" in page and "SELECT" not in page and "Traceback" not in page
    assert any("req-12345678" in record.getMessage() for record in caplog.records)
    assert client.get("/test-forbidden").status_code == 403
    assert "Accès refusé" in client.get("/test-forbidden").get_data(as_text=True)
    odd = client.get("/", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", odd)


def test_error_pages_speak_english(client: FlaskClient) -> None:
    client.get("/lang/en")
    page = client.get("/nowhere").get_data(as_text=True)
    assert '<html lang="en">' in page and "Page introuvable" not in page
