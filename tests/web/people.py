"""Users, cohorts and diagnostics made through the services, and logging in through the site."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from parcours.auth.services import create_user
from parcours.engine import check_answers
from parcours.journey import services as journey
from parcours.journey.navigation import progress
from parcours.models import Cohort, Diagnostic, User
from parcours.services import cohorts as membership
from parcours.services.questionnaires import questionnaire
from parcours.trainer import services as cohorts

from ..conftest import csrf_token
from .participant import example

PASSWORD = "un mot de passe solide"


def user(app: Flask, email: str, role: str = "trainer") -> SimpleNamespace:
    """A new account; its id, public id and e-mail (not the ORM object: its session is gone)."""
    with app.app_context():
        created = create_user(email, PASSWORD, role)
        return SimpleNamespace(id=created.id, public_id=created.public_id, email=created.email)


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    page = client.get("/connexion").get_data(as_text=True)
    return client.post("/connexion", data={"csrf_token": csrf_token(page), "email": email,
                                           "password": password})


def cohort(app: Flask, trainer_email: str, name: str = "Promotion automne") -> str:
    with app.app_context():
        trainer = User.query.filter_by(email=trainer_email).one()
        return cohorts.create_cohort(trainer, name, None, None, "fr").public_id


def diagnostic(app: Flask, name: str, cohort_id: str | None = None,
               example_name: str = "entreprise_moyenne.json", complete: bool = True,
               answers: dict | None = None) -> str:
    """A diagnostic answered like an example file, optionally completed and in a cohort."""
    with app.app_context():
        q = questionnaire()
        data = answers if answers is not None else example(example_name)["answers"]
        started = journey.start(q, name, data["profil_type"], "fr")
        d = started.diagnostic
        checked = check_answers(q, data)
        journey.save_answers(d, checked, set(), progress(q, checked).percent)
        if complete:
            journey.complete(d, q)
        if cohort_id:
            membership.join(d, Cohort.query.filter_by(public_id=cohort_id).one())
        return d.public_id


def holder(app: Flask, public_id: str, client: FlaskClient | None = None) -> FlaskClient:
    """A browser (`client`, or a new one) that opened the diagnostic's resume link, as its
    participant does: it holds the diagnostic from then on."""
    with app.app_context():
        token, _code = journey.current_secrets(
            Diagnostic.query.filter_by(public_id=public_id).one())
    client = client or app.test_client()
    assert client.get(f"/reprendre/{token}").status_code == 302
    return client


def row(app: Flask, public_id: str) -> Diagnostic:
    with app.app_context():
        found = Diagnostic.query.filter_by(public_id=public_id).one()
        found.organisation  # noqa: B018 - load it while the session is open
        return found
