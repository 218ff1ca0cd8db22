"""Logging in asks before attaching the diagnostics this browser started anonymously (the
previous user of a shared computer may have left theirs), and attaches nothing by default."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from parcours.models import Diagnostic

from ..conftest import csrf_token
from .participant import Participant
from .people import login, user

ASK = "/connexion/rattacher"


def owner_of(app: Flask, public_id: str) -> int | None:
    with app.app_context():
        return Diagnostic.query.filter_by(public_id=public_id).one().user_id


def test_logging_in_attaches_nothing_without_asking(app: Flask, client: FlaskClient) -> None:
    someone = user(app, "p@example.org", "participant")
    left_behind = Participant(client)
    left_behind.start(name="Le club de l'utilisateur précédent")
    response = login(client, "p@example.org")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(ASK), response.headers["Location"]
    assert owner_of(app, left_behind.public_id) is None
    question = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Le club de l&#39;utilisateur précédent" in question
    assert 'value="non" checked' in question  # the default is not to attach
    # a post without the CSRF token changes nothing
    assert client.post(ASK, data={"choice": "oui"}).status_code == 400
    declined = client.post(response.headers["Location"],
                           data={"csrf_token": csrf_token(question), "choice": "non"})
    assert declined.status_code == 302 and declined.headers["Location"] == "/mon-compte"
    assert owner_of(app, left_behind.public_id) is None
    assert someone.id != owner_of(app, left_behind.public_id)


def test_attaching_when_asked_to(app: Flask, client: FlaskClient) -> None:
    someone = user(app, "p@example.org", "participant")
    mine = Participant(client)
    mine.start(name="Mon association")
    taken = Participant(client)
    taken.start(name="Déjà à quelqu'un")
    other = user(app, "other@example.org", "participant")
    with app.app_context():
        from parcours.infra.extensions import db

        row = Diagnostic.query.filter_by(public_id=taken.public_id).one()
        row.user_id = other.id
        db.session.commit()
    page = client.get("/connexion?next=/d/" + mine.public_id + "/revue").get_data(as_text=True)
    response = client.post("/connexion?next=/d/" + mine.public_id + "/revue", data={
        "csrf_token": csrf_token(page), "email": "p@example.org",
        "password": "un mot de passe solide"})
    question = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Mon association" in question and "Déjà à quelqu" not in question
    attached = client.post(response.headers["Location"],
                           data={"csrf_token": csrf_token(question), "choice": "oui"})
    assert attached.headers["Location"] == f"/d/{mine.public_id}/revue"
    assert owner_of(app, mine.public_id) == someone.id
    assert owner_of(app, taken.public_id) == other.id


def test_no_question_when_there_is_nothing_to_attach(app: Flask, client: FlaskClient) -> None:
    user(app, "p@example.org", "participant")
    assert login(client, "p@example.org").headers["Location"] == "/mon-compte"


def test_registering_then_logging_in_attaches_on_request(app: Flask,
                                                         client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start()
    page = client.get("/inscription").get_data(as_text=True)
    registered = client.post("/inscription", data={
        "csrf_token": csrf_token(page), "email": "asso@example.org",
        "password": "un mot de passe solide", "confirm": "un mot de passe solide"})
    assert registered.status_code == 302
    assert owner_of(app, participant.public_id) is None  # not before the question
    response = login(client, "asso@example.org")
    question = client.get(response.headers["Location"]).get_data(as_text=True)
    client.post(response.headers["Location"],
                data={"csrf_token": csrf_token(question), "choice": "oui"})
    assert owner_of(app, participant.public_id) is not None
