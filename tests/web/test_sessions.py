"""Ending sessions (issue 13, item 4): a logout, a password reset and disabling an account end
every session of that account, including a copy of its cookie taken before."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ..conftest import csrf_token
from .participant import Participant
from .people import login, user


def _copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of `client`'s session cookie (a stolen cookie)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_cookie_copied_before_logout_no_longer_opens_the_workspace(
        app: Flask, client: FlaskClient) -> None:
    user(app, "f@example.org")
    login(client, "f@example.org")
    thief = _copy_of(app, client)
    assert thief.get("/formateur/").status_code == 200
    page = client.get("/formateur/").get_data(as_text=True)
    client.post("/deconnexion", data={"csrf_token": csrf_token(page)})
    assert thief.get("/formateur/").status_code == 302  # to the login page


def test_a_password_reset_ends_every_session(app: Flask, client: FlaskClient) -> None:
    user(app, "f@example.org")
    login(client, "f@example.org")
    thief = _copy_of(app, client)
    result = app.test_cli_runner().invoke(
        args=["parcours", "reset-password", "f@example.org", "--password-stdin"],
        input="un tout nouveau mot de passe\n")
    assert result.exit_code == 0, result.output
    assert thief.get("/formateur/").status_code == 302
    assert client.get("/formateur/").status_code == 302
    assert login(client, "f@example.org", "un tout nouveau mot de passe").status_code == 302


def test_disabling_an_account_ends_its_sessions_and_refuses_logins(
        app: Flask, client: FlaskClient) -> None:
    user(app, "f@example.org")
    login(client, "f@example.org")
    result = app.test_cli_runner().invoke(args=["parcours", "disable-user", "f@example.org"])
    assert result.exit_code == 0, result.output
    assert client.get("/formateur/").status_code == 302
    assert login(client, "f@example.org").status_code == 422


@pytest.mark.parametrize("started", ["before_login", "while_logged_in"])
def test_a_cookie_copied_while_logged_in_opens_no_diagnostic_after_logout(
        app: Flask, client: FlaskClient, started: str) -> None:
    """Issue 30, L1: the grants live in the cookie, but they end with the login that held them:
    a copy taken while logged in opens nothing once its owner logs out, and logging in with it
    to another account does not bring them back."""
    user(app, "p@example.org", "participant")
    user(app, "thief@example.org", "participant")
    person = Participant(client)
    if started == "before_login":
        public_id = person.start()
        login(client, "p@example.org")
    else:
        login(client, "p@example.org")
        public_id = person.start()
    thief = _copy_of(app, client)
    paths = [f"/d/{public_id}/lien", f"/d/{public_id}/revue"]
    assert [thief.get(path).status_code for path in paths] == [200, 200]
    page = client.get("/mon-compte").get_data(as_text=True)
    client.post("/deconnexion", data={"csrf_token": csrf_token(page)})
    assert [thief.get(path).status_code for path in paths] == [404, 404]
    login(thief, "thief@example.org")
    assert [thief.get(path).status_code for path in paths] == [404, 404]
    assert public_id not in thief.get("/mon-compte").get_data(as_text=True)
