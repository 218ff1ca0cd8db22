"""One-time links to choose a password (parcours/auth/reset.py): stored hashed, used once,
expiring, replaced by a newer one, dead with a disabled account; the page never gives a 500."""

from __future__ import annotations

import hashlib

import pytest
from flask import Flask
from sqlalchemy import select

from parcours.auth import reset
from parcours.auth.services import disable_user
from parcours.infra.extensions import db
from parcours.models import PasswordReset, User
from parcours.web.security import redact

from ..conftest import csrf_token
from .people import login, user

NEW = "une toute nouvelle phrase de passe"


def issue(app: Flask, email: str = "claire@example.org") -> str:
    """A link's path for the account, issued the way an admin or an e-mail would."""
    with app.test_request_context():
        url = reset.issue(User.query.filter_by(email=email).one())
    return url.split("localhost", 1)[1]


def choose(app: Flask, path: str, password: str = NEW):
    client = app.test_client()
    page = client.get(path)
    if page.status_code != 200:
        return page
    return client.post(path, data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                   "password": password, "confirm": password})


@pytest.fixture
def claire(app: Flask) -> None:
    user(app, "claire@example.org")


def test_the_token_is_stored_hashed_and_the_link_works_once(app: Flask, claire: None) -> None:
    path = issue(app)
    token = path.rsplit("/", 1)[1]
    assert len(token) >= 43  # 256 bits
    with app.app_context():
        stored = db.session.scalars(select(PasswordReset)).one()
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in repr(db.session.execute(select(PasswordReset.__table__)).all())
    response = choose(app, path)
    assert response.status_code == 302
    assert login(app.test_client(), "claire@example.org", NEW).status_code == 302
    again = choose(app, path, "encore une autre phrase de passe")
    assert again.status_code == 404 and "n&#39;est plus valable" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(PasswordReset)).all() == []


def test_a_new_link_revokes_the_older_one(app: Flask, claire: None) -> None:
    older, newer = issue(app), issue(app)
    assert choose(app, older).status_code == 404
    assert choose(app, newer).status_code == 302


def test_a_link_expires(app: Flask, claire: None) -> None:
    app.config["PASSWORD_RESET_HOURS"] = 0
    assert choose(app, issue(app)).status_code == 404


def test_a_disabled_account_s_link_dies_with_it(app: Flask, claire: None) -> None:
    path = issue(app)
    with app.app_context():
        disable_user(User.query.filter_by(email="claire@example.org").one())
    assert choose(app, path).status_code == 404


def test_choosing_a_password_ends_the_account_s_sessions(app: Flask, claire: None) -> None:
    logged = app.test_client()
    login(logged, "claire@example.org")
    assert logged.get("/formateur/").status_code == 200
    assert choose(app, issue(app)).status_code == 302
    assert logged.get("/formateur/").status_code == 302


@pytest.mark.parametrize(("password", "confirm", "message"), [
    ("court", "court", "12 caractères au moins"),
    ("motdepasse2024!", "motdepasse2024!", "trop courant"),
    ("claire@example.org", "claire@example.org", "trop courant"),
    (NEW, NEW + "x", "ne sont pas identiques"),
    ("", "", "Choisissez un mot de passe."),
])
def test_a_refused_password_says_why_and_keeps_the_link(
        app: Flask, claire: None, password: str, confirm: str, message: str) -> None:
    path = issue(app)
    client = app.test_client()
    page = client.get(path).get_data(as_text=True)
    response = client.post(path, data={"csrf_token": csrf_token(page), "password": password,
                                       "confirm": confirm})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert choose(app, path).status_code == 302  # still usable


@pytest.mark.parametrize("token", ["nope", "x" * 5000, "%00", "é€😀", "a.b~c"])
def test_a_made_up_link_is_a_clear_404(app: Flask, claire: None, token: str) -> None:
    client = app.test_client()
    response = client.get(f"/mot-de-passe/{token}")
    assert response.status_code == 404
    assert "n&#39;est plus valable" in response.get_data(as_text=True)
    page = client.get("/connexion").get_data(as_text=True)
    posted = client.post(f"/mot-de-passe/{token}", data={
        "csrf_token": csrf_token(page), "password": NEW, "confirm": NEW})
    assert posted.status_code == 404


def test_the_page_needs_its_csrf_token_and_is_not_stored(app: Flask, claire: None) -> None:
    path = issue(app)
    client = app.test_client()
    assert client.get(path).headers["Cache-Control"] == "no-store"
    assert client.post(path, data={"password": NEW, "confirm": NEW}).status_code == 400
    assert choose(app, path).status_code == 302


def test_logs_hide_the_token() -> None:
    assert redact("GET /mot-de-passe/abcDEF123_-xyz HTTP/1.1") == \
        "GET /mot-de-passe/[…] HTTP/1.1"


def test_the_link_is_built_on_the_public_url(app: Flask, claire: None) -> None:
    app.config["PUBLIC_URL"] = "https://parcours.example.org"
    with app.test_request_context(base_url="http://evil.example"):
        url = reset.issue(User.query.filter_by(email="claire@example.org").one())
    assert url.startswith("https://parcours.example.org/mot-de-passe/")
