"""« Mot de passe oublié ? »: with e-mail, a one-time link arrives at the account's address (the
same answer for an address without an account); without e-mail, the page says to ask an admin."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from parcours.infra.extensions import db
from parcours.models import Mail

from ..conftest import csrf_token
from .mailbox import PUBLIC, Inbox, parts, wait, with_mail
from .people import user

URL = "/mot-de-passe-oublie"


def ask(client: FlaskClient, address: str) -> object:
    page = client.get(URL).get_data(as_text=True)
    return client.post(URL, data={"csrf_token": csrf_token(page), "email": address})


def test_a_forgotten_password_link_arrives_and_opens_the_page_to_choose_one(
        app: Flask, client: FlaskClient, inbox: tuple[Inbox, int]) -> None:
    server, port = inbox
    with_mail(app, port)
    user(app, "formatrice@example.org")
    login = client.get("/connexion").get_data(as_text=True)
    assert f'href="{URL}"' in login and "Mot de passe oublié\u00a0?" in login
    response = ask(client, "  Formatrice@Example.org ")
    assert response.status_code == 302 and response.headers["Location"].endswith("/connexion")
    said = client.get("/connexion").get_data(as_text=True)
    assert "Si un compte existe pour l&#39;adresse Formatrice@Example.org" in said
    wait(app)
    [(recipients, message)] = server.messages
    assert recipients == ["formatrice@example.org"]
    assert message["Subject"] == "Choisir un nouveau mot de passe — Parcours A.D.O.C."
    text, html = parts(message)
    link = next(line for line in text.splitlines() if line.startswith(PUBLIC + "/mot-de-passe/"))
    assert f'href="{link}"' in html and "48 heures" in text
    page = client.get(link.removeprefix(PUBLIC))
    assert page.status_code == 200 and "formatrice@example.org" in page.get_data(as_text=True)


def test_an_address_without_an_account_gets_the_same_answer_and_no_message(
        app: Flask, client: FlaskClient, inbox: tuple[Inbox, int]) -> None:
    server, port = inbox
    with_mail(app, port)
    user(app, "formatrice@example.org")
    answers = []
    for address in ("formatrice@example.org", "personne@example.org"):
        response = ask(client, address)
        assert response.status_code == 302
        answers.append(client.get("/connexion").get_data(as_text=True).replace(address, "X"))
    assert answers[0] == answers[1]
    wait(app)
    assert [recipients for recipients, _ in server.messages] == [["formatrice@example.org"]]
    with app.app_context():
        assert db.session.query(Mail).count() == 1


def test_the_message_is_in_the_language_of_the_page_it_was_asked_from(
        app: Flask, client: FlaskClient, inbox: tuple[Inbox, int]) -> None:
    server, port = inbox
    with_mail(app, port)
    user(app, "trainer@example.org")
    client.get("/lang/en")
    assert ask(client, "trainer@example.org").status_code == 302
    wait(app)
    [(_, message)] = server.messages
    assert message["Subject"] == "Choose a new password — A.D.O.C. pathway"
    assert "48 hours" in parts(message)[0]


def test_asking_for_one_account_is_limited_whatever_the_address(
        app: Flask, client: FlaskClient, inbox: tuple[Inbox, int]) -> None:
    _, port = inbox
    with_mail(app, port)
    statuses = [ask(app.test_client(), "quelquun@example.org").status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_a_bad_form_is_refused_with_a_summary(app: Flask, client: FlaskClient,
                                              inbox: tuple[Inbox, int]) -> None:
    _, port = inbox
    with_mail(app, port)
    response = ask(client, "")
    assert response.status_code == 422
    assert 'href="#email"' in response.get_data(as_text=True)


def test_without_e_mail_the_page_says_to_ask_an_admin(app: Flask, client: FlaskClient) -> None:
    user(app, "formatrice@example.org")
    page = client.get(URL).get_data(as_text=True)
    assert "Demandez à un administrateur" in page and 'name="email"' not in page
    response = client.post(URL, data={"email": "formatrice@example.org"})
    assert response.status_code == 400  # no form was given: no CSRF token either
    wait(app)
    with app.app_context():
        assert db.session.query(Mail).count() == 0
