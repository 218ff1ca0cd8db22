"""Registration: the same answer whatever the address, and checked e-mails and passwords."""

from __future__ import annotations

import html
import re

import argon2
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from parcours.auth.services import AccountError, create_user
from parcours.models import User

from ..conftest import csrf_token
from .people import PASSWORD, login, user


def register(client: FlaskClient, email: str, password: str = PASSWORD,
             confirm: str | None = None):  # noqa: ANN201 - a test response
    page = client.get("/inscription").get_data(as_text=True)
    return client.post("/inscription", data={
        "csrf_token": csrf_token(page), "email": email, "password": password,
        "confirm": password if confirm is None else confirm})


def _shown(client: FlaskClient, response) -> str:  # noqa: ANN001
    """The page the browser lands on, without what differs from one request to the next."""
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    return re.sub(r'(name="csrf_token" (?:type="hidden" )?value=)"[^"]+"', r"\1", page)


def test_registering_says_the_same_whether_the_address_has_an_account(
        app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    user(app, "taken@example.org", "participant")
    hashed: list[str] = []
    original = argon2.PasswordHasher.hash

    def counting(self: argon2.PasswordHasher, password: str | bytes, **kw: object) -> str:
        hashed.append(str(password))
        return original(self, password, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(argon2.PasswordHasher, "hash", counting)
    answers = {}
    for email in ("taken@example.org", "new@example.org"):
        client = app.test_client()
        response = register(client, email, "un autre mot de passe solide")
        answers[email] = (response.status_code, response.headers.get("Location"),
                          _shown(client, response), len(hashed))
        with client.session_transaction() as session:
            assert "_user_id" not in session  # nobody is logged in by registering
    taken, new = answers["taken@example.org"], answers["new@example.org"]
    assert taken[:3] == new[:3], "the answer tells whether the address has an account"
    assert taken[3] == 1 and new[3] - taken[3] == 1, "a password is hashed in one branch only"
    assert "Si cette adresse n'a pas encore de compte" in new[2]
    # the account that existed keeps its password; the new one is there and can log in
    assert login(app.test_client(), "taken@example.org").status_code == 302
    assert login(app.test_client(), "new@example.org",
                 "un autre mot de passe solide").status_code == 302


WEAK = [("          ", "12 caractères au moins"), ("            ", "12 caractères au moins"),
        ("court", "12 caractères au moins"), ("a" + " " * 11, "12 caractères au moins"),
        ("password1234", "trop courant"), ("motdepasse123", "trop courant"),
        ("Soleil2024!!!", "trop courant"), ("aaaaaaaaaaaa", "trop courant"),
        ("1qaz2wsx3edc", "trop courant"), ("azertyuiop123", "trop courant")]


@pytest.mark.parametrize(("password", "words"), WEAK, ids=[w[0] for w in WEAK])
def test_weak_passwords_are_refused_with_a_clear_message(
        client: FlaskClient, password: str, words: str) -> None:
    response = register(client, "p@example.org", password)
    assert response.status_code == 422
    assert words in response.get_data(as_text=True)


BAD_EMAILS = ["@", "a@b\r\nBcc: x", "a@b", "x@", "x@example.org\nBcc: y@example.org",
              "deux@@example.org", "a b@example.org", "x" * 250 + "@example.org"]


@pytest.mark.parametrize("email", BAD_EMAILS)
def test_bad_addresses_are_refused(app: Flask, client: FlaskClient, email: str) -> None:
    response = register(client, email)
    assert response.status_code == 422
    assert "adresse e-mail n'est pas valide" in response.get_data(as_text=True).replace(
        "&#39;", "'")
    with app.app_context():
        assert User.query.count() == 0
        with pytest.raises(AccountError):
            create_user(email, PASSWORD)


def test_the_policy_holds_on_the_command_line_too(app: Flask, runner: FlaskCliRunner) -> None:
    for password in ("            ", "password1234"):
        result = runner.invoke(args=["parcours", "create-user", "t@example.org",
                                     "--password-stdin"], input=password + "\n")
        assert result.exit_code == 1, result.output
    spaces = runner.invoke(args=["parcours", "create-user", "t@example.org", "--password-stdin"],
                           input=" " * 12 + "\n")
    assert "12 characters" in spaces.output
    common = runner.invoke(args=["parcours", "create-user", "t@example.org",
                                 "--password-stdin"], input="password1234\n")
    assert "too common" in common.output


def test_the_messages_speak_english(client: FlaskClient) -> None:
    client.get("/lang/en")
    page = register(client, "@", "court").get_data(as_text=True)
    assert "This email address is not valid" in page and "12 characters" in page
    common = register(client, "p@example.org", "password1234").get_data(as_text=True)
    assert "too common" in common
