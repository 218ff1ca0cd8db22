"""Nobody sees what is not theirs: roles × every diagnostic, cohort, PDF and export route."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient

from parcours.infra.extensions import db
from parcours.infra.storage import store as file_store
from parcours.models import Cohort, Job

from ..conftest import csrf_token
from .participant import Participant
from .people import PASSWORD, cohort, diagnostic, login, user

ACTORS = ("anonymous", "participant", "other_trainer", "trainer", "admin")
# route name: (method, path template)
TRAINER_ROUTES = {
    "dashboard": ("GET", "/formateur/groupes/{cohort}"),
    "overview": ("GET", "/formateur/groupes/{cohort}/synthese"),
    "review": ("GET", "/formateur/groupes/{cohort}/participants/{diagnostic}"),
    "comment": ("POST", "/formateur/groupes/{cohort}/participants/{diagnostic}"),
    "reviewed": ("POST", "/formateur/groupes/{cohort}/participants/{diagnostic}/relu"),
    "pdf": ("GET", "/formateur/groupes/{cohort}/participants/{diagnostic}/feuille-de-route.pdf"),
    "csv": ("GET", "/formateur/groupes/{cohort}/reponses.csv"),
    "json": ("GET", "/formateur/groupes/{cohort}/reponses.json"),
    "export": ("POST", "/formateur/groupes/{cohort}/export"),
    "export_status": ("GET", "/formateur/exports/{job}"),
    "export_download": ("GET", "/formateur/exports/{job}/telecharger"),
}
PARTICIPANT_ROUTES = {
    "results": ("GET", "/d/{diagnostic}/resultats"),
    "review_page": ("GET", "/d/{diagnostic}/revue"),
    "answers_json": ("GET", "/d/{diagnostic}/reponses.json"),
    "participant_pdf": ("GET", "/d/{diagnostic}/feuille-de-route.pdf"),
    "save": ("POST", "/d/{diagnostic}/etape/profil_organisation_section"),
}


@pytest.fixture
def world(app: Flask) -> Iterator[SimpleNamespace]:
    """Two trainers, an admin, a participant with an account; one cohort with one diagnostic."""
    user(app, "trainer@example.org")
    user(app, "other@example.org")
    user(app, "admin@example.org", "admin")
    user(app, "participant@example.org", "participant")
    group = cohort(app, "trainer@example.org")
    owned = diagnostic(app, "Les Amis du Quartier", group, "association_jeune.json")
    with app.app_context():
        found = Cohort.query.filter_by(public_id=group).one()
        job = Job(kind="cohort_export", cohort_id=found.id, status="done", total=1, done=1,
                  report={"pdfs": 1, "failures": []})
        db.session.add(job)
        db.session.flush()
        put = file_store().put(f"exports/{job.public_id}.zip", b"PK\x05\x06" + b"\0" * 18,
                               "application/zip")
        job.result_key, job.result_size, job.result_sha256 = put.key, put.size, put.sha256
        db.session.commit()
        job_id = job.public_id
    yield SimpleNamespace(cohort=group, diagnostic=owned, job=job_id)


def client_for(app: Flask, actor: str) -> FlaskClient:
    client = app.test_client()
    emails = {"participant": "participant@example.org", "other_trainer": "other@example.org",
              "trainer": "trainer@example.org", "admin": "admin@example.org"}
    if actor in emails:
        assert login(client, emails[actor], PASSWORD).status_code == 302
    return client


def call(client: FlaskClient, method: str, path: str) -> int:
    if method == "GET":
        return client.get(path).status_code
    token = csrf_token(client.get("/connexion").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, "text": "ok", "reviewed": "1",
                                   "questions": "profil_taille",
                                   "profil_taille": "micro"}).status_code


@pytest.mark.parametrize("route", sorted(TRAINER_ROUTES))
@pytest.mark.parametrize("actor", ACTORS)
def test_trainer_routes(app: Flask, world: SimpleNamespace, actor: str, route: str) -> None:
    method, template = TRAINER_ROUTES[route]
    path = template.format(cohort=world.cohort, diagnostic=world.diagnostic, job=world.job)
    status = call(client_for(app, actor), method, path)
    if actor == "anonymous":
        assert status == 302  # to the login page
    elif actor in ("participant", "other_trainer"):
        assert status == 404
    else:
        assert status in (200, 302), status


@pytest.mark.parametrize("route", sorted(PARTICIPANT_ROUTES))
@pytest.mark.parametrize("actor", ACTORS)
def test_participant_routes_are_only_the_participants(app: Flask, world: SimpleNamespace,
                                                      actor: str, route: str) -> None:
    method, template = PARTICIPANT_ROUTES[route]
    path = template.format(diagnostic=world.diagnostic)
    assert call(client_for(app, actor), method, path) == 404


def test_the_participant_sees_their_own(app: Flask, client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start()
    participant.complete()
    for method, template in PARTICIPANT_ROUTES.values():
        if method == "GET":
            assert client.get(template.format(diagnostic=participant.public_id)).status_code \
                == 200
