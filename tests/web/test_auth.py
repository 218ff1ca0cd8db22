"""Accounts: argon2id hashes, login in a new session, logout, attaching diagnostics, CLI."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from parcours.config import Config
from parcours.models import Diagnostic, User

from ..conftest import csrf_token
from .participant import Participant
from .people import PASSWORD, login, user


def test_passwords_are_hashed_with_argon2id_at_the_production_cost(app: Flask) -> None:
    production = Config(Path(app.instance_path))
    assert (production.ARGON2_MEMORY_KIB, production.ARGON2_TIME_COST) == (65536, 3)
    app.config.update(ARGON2_MEMORY_KIB=production.ARGON2_MEMORY_KIB,
                      ARGON2_TIME_COST=production.ARGON2_TIME_COST)
    created = user(app, "f@example.org")
    with app.app_context():
        stored = User.query.filter_by(public_id=created.public_id).one().password_hash
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$") and PASSWORD not in stored


def test_login_opens_a_new_session_and_logout_ends_it(app: Flask, client: FlaskClient) -> None:
    user(app, "f@example.org")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = login(client, "F@example.org ")
    assert response.status_code == 302 and response.headers["Location"] == "/formateur/"
    with client.session_transaction() as session:
        assert "planted" not in session and "_user_id" in session
    page = client.get("/formateur/").get_data(as_text=True)
    client.post("/deconnexion", data={"csrf_token": csrf_token(page)})
    assert client.get("/formateur/").status_code == 302  # to the login page again


def test_a_wrong_password_says_the_same_as_an_unknown_email(app: Flask,
                                                             client: FlaskClient) -> None:
    user(app, "f@example.org")
    wrong = login(client, "f@example.org", "pas le bon mot de passe")
    unknown = login(client, "nobody@example.org")
    message = "Adresse e-mail ou mot de passe incorrect."
    assert wrong.status_code == unknown.status_code == 422
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)


def test_registering_then_logging_in_attaches_the_diagnostics_of_this_browser(
        app: Flask, client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start()
    page = client.get("/inscription").get_data(as_text=True)
    response = client.post("/inscription", data={
        "csrf_token": csrf_token(page), "email": "asso@example.org",
        "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302
    # registering logs nobody in (issue 13, item 9); logging in asks before attaching (item 15)
    asked = login(client, "asso@example.org").headers["Location"]
    question = client.get(asked).get_data(as_text=True)
    assert client.post(asked, data={"csrf_token": csrf_token(question),
                                    "choice": "oui"}).status_code == 302
    with app.app_context():
        owner = User.query.filter_by(email="asso@example.org").one()
        assert Diagnostic.query.filter_by(public_id=participant.public_id).one().user_id \
            == owner.id
    other_browser = app.test_client()
    login(other_browser, "asso@example.org")
    account = other_browser.get("/mon-compte").get_data(as_text=True)
    assert "Les Amis du Quartier" in account
    assert other_browser.get(f"/d/{participant.public_id}/revue").status_code == 200


def test_create_user_and_reset_password_from_the_command_line(
        app: Flask, runner: FlaskCliRunner, client: FlaskClient) -> None:
    created = runner.invoke(args=["parcours", "create-user", "admin@example.org", "--role",
                                  "admin", "--password-stdin"], input="mot de passe admin\n")
    assert created.exit_code == 0 and "created admin admin@example.org" in created.output
    taken = runner.invoke(args=["parcours", "create-user", "admin@example.org",
                                "--password-stdin"], input="mot de passe admin\n")
    assert taken.exit_code == 1 and "already exists" in taken.output
    short = runner.invoke(args=["parcours", "create-user", "b@example.org", "--password-stdin"],
                          input="court\n")
    assert short.exit_code == 1 and "12 characters" in short.output
    reset = runner.invoke(args=["parcours", "reset-password", "admin@example.org",
                                "--password-stdin"], input="un tout nouveau secret\n")
    assert reset.exit_code == 0
    assert login(client, "admin@example.org", "mot de passe admin").status_code == 422
    assert login(client, "admin@example.org", "un tout nouveau secret").status_code == 302
