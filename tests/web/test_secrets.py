"""Secrets where they should not be (issue 13, item 13): the session cookie, the database, the
browser's cache and links built from the Host header (the access log: tests/load/)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from parcours import create_app
from parcours.config import ConfigError
from parcours.infra.extensions import db

from ..conftest import csrf_token
from .participant import Participant
from .people import cohort, diagnostic, login, user


def _session(app: Flask, client: FlaskClient) -> str:
    """Everything the session cookie holds, as readable text."""
    cookie = client.get_cookie("session").value
    data = app.session_interface.get_signing_serializer(app).loads(cookie)  # type: ignore
    return json.dumps(data)


def test_the_session_cookie_holds_no_resume_token_or_code(app: Flask,
                                                           client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start()
    token = participant.resume_url.rsplit("/", 1)[1]
    held = _session(app, client)
    assert token not in held and participant.code not in held
    assert participant.code.replace("-", "") not in held
    # the link page still shows them to this browser
    page = client.get(f"/d/{participant.public_id}/lien").get_data(as_text=True)
    assert participant.resume_url in page and participant.code in page


def _trainer_page(app: Flask) -> tuple[FlaskClient, str, str, str]:
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    trainer = app.test_client()
    login(trainer, "f@example.org")
    page = trainer.get(f"/formateur/groupes/{group}").get_data(as_text=True)
    join_url = re.search(r'id="join-url" value="([^"]+)"', page).group(1)
    code = re.search(r'id="join-code">([A-Z0-9]+)<', page).group(1)
    return trainer, group, join_url, code


def test_join_tokens_and_codes_are_stored_hashed(app: Flask, client: FlaskClient) -> None:
    _, _, join_url, code = _trainer_page(app)
    token = join_url.rsplit("/", 1)[1]
    with app.app_context():
        stored = [str(v) for row in db.session.execute(text("SELECT * FROM cohort"))
                  for v in row]
    assert not any(token in value or code in value for value in stored), stored
    # and they still work
    assert client.get(f"/rejoindre/{token}").headers["Location"] == "/rejoindre/confirmer"
    page = client.get("/rejoindre").get_data(as_text=True)
    assert client.post("/rejoindre", data={"csrf_token": csrf_token(page), "code": code.lower()}
                       ).headers["Location"] == "/rejoindre/confirmer"


def test_pages_with_secrets_results_and_exports_are_not_stored(app: Flask,
                                                               client: FlaskClient) -> None:
    participant = Participant(client)
    public_id = participant.start()
    participant.complete()
    trainer, group, _, _ = _trainer_page(app)
    member = diagnostic(app, "Propreté Services", group)
    paths = [(client, f"/d/{public_id}/lien"), (client, f"/d/{public_id}/resultats"),
             (client, f"/d/{public_id}/reponses.json"),
             (client, f"/d/{public_id}/feuille-de-route.pdf"),
             (trainer, "/formateur/"), (trainer, f"/formateur/groupes/{group}"),
             (trainer, f"/formateur/groupes/{group}/synthese"),
             (trainer, f"/formateur/groupes/{group}/participants/{member}"),
             (trainer, f"/formateur/groupes/{group}/participants/{member}/feuille-de-route.pdf"),
             (trainer, f"/formateur/groupes/{group}/reponses.csv"),
             (trainer, f"/formateur/groupes/{group}/reponses.json")]
    for browser, path in paths:
        response = browser.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response.headers.get("Cache-Control", ""), path
    token = participant.resume_url.rsplit("/", 1)[1]
    assert "no-store" in app.test_client().get(f"/reprendre/{token}").headers["Cache-Control"]


def _as_evil(client: FlaskClient, path: str) -> str:
    """The page at `path` asked for with a forged Host header (the cookie goes along)."""
    client.set_cookie("session", client.get_cookie("session").value, domain="evil.example")
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_links_are_built_from_the_public_url_not_the_host_header(app: Flask,
                                                                 client: FlaskClient) -> None:
    app.config["PUBLIC_URL"] = "https://parcours.example.org"
    participant = Participant(client)
    public_id = participant.start()
    page = _as_evil(client, f"/d/{public_id}/lien")
    assert 'value="https://parcours.example.org/reprendre/' in page and "evil" not in page
    trainer, group, _, _ = _trainer_page(app)
    page = _as_evil(trainer, f"/formateur/groupes/{group}")
    assert 'value="https://parcours.example.org/rejoindre/' in page and "evil" not in page


def test_the_public_url_is_required_in_production(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.setenv("PARCOURS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment")
    monkeypatch.delenv("PARCOURS_PUBLIC_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(ConfigError, match="PARCOURS_PUBLIC_URL"):
        create_app()
    monkeypatch.setenv("PARCOURS_PUBLIC_URL", "https://parcours.example.org/")
    assert create_app().config["PUBLIC_URL"] == "https://parcours.example.org"
