"""Cohorts: join by link or code after consent, leave; the trainer sees only what consented."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from parcours.models import Cohort
from parcours.services.cohorts import invitation

from ..conftest import csrf_token
from .participant import Participant
from .people import cohort, login, row, user


def join_token(app: Flask, cohort_id: str) -> tuple[str, str]:
    with app.app_context():
        found = invitation(Cohort.query.filter_by(public_id=cohort_id).one())
        assert found is not None
        return found


def test_join_by_link_needs_consent_and_leaving_hides_the_diagnostic(
        app: Flask, client: FlaskClient) -> None:
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    token, _ = join_token(app, group)
    participant = Participant(client)
    participant.start()
    assert client.get(f"/rejoindre/{token}").headers["Location"] == "/rejoindre/confirmer"
    page = client.get("/rejoindre/confirmer").get_data(as_text=True)
    assert "voie vos réponses, vos résultats et votre feuille de route" in page
    refused = client.post(f"/d/{participant.public_id}/groupe",
                          data={"csrf_token": csrf_token(page)})
    assert refused.status_code == 302 and row(app, participant.public_id).cohort_id is None
    client.post(f"/d/{participant.public_id}/groupe",
                data={"csrf_token": csrf_token(page), "consent": "1"})
    assert row(app, participant.public_id).consented_at is not None
    trainer = app.test_client()
    login(trainer, "f@example.org")
    review = f"/formateur/groupes/{group}/participants/{participant.public_id}"
    assert trainer.get(review).status_code == 200
    page = client.get(f"/d/{participant.public_id}/lien").get_data(as_text=True)
    assert "Quitter le groupe" in page
    client.post(f"/d/{participant.public_id}/groupe/quitter", data={"csrf_token": csrf_token(page)})
    assert row(app, participant.public_id).cohort_id is None
    assert trainer.get(review).status_code == 404


def test_join_by_code_when_starting(app: Flask, client: FlaskClient) -> None:
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    _, code = join_token(app, group)
    page = client.get("/rejoindre").get_data(as_text=True)
    wrong = client.post("/rejoindre", data={"csrf_token": csrf_token(page), "code": "ZZZZZZ"})
    assert wrong.status_code == 422 and "aucun groupe" in wrong.get_data(as_text=True)
    client.post("/rejoindre", data={"csrf_token": csrf_token(page), "code": code.lower()})
    start = client.get("/commencer").get_data(as_text=True)
    assert "Promotion automne" in start and 'name="consent"' in start
    response = client.post("/commencer", data={"csrf_token": csrf_token(start), "name": "Asso",
                                               "kind": "association", "consent": "1"})
    public_id = response.headers["Location"].split("/d/")[1].split("/")[0]
    with app.app_context():
        joined = Cohort.query.filter_by(public_id=group).one().id
    assert row(app, public_id).cohort_id == joined


def test_a_bad_join_link_is_a_404_with_help(client: FlaskClient) -> None:
    response = client.get("/rejoindre/nope")
    assert response.status_code == 404
    assert "Ce lien de groupe ne fonctionne pas" in response.get_data(as_text=True)


def test_consent_is_never_ticked_for_the_participant(app: Flask, client: FlaskClient) -> None:
    # a cohort's link used to pre-tick consent on the start page (issue 12)
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    token, _ = join_token(app, group)
    client.get(f"/rejoindre/{token}")
    start = client.get("/commencer").get_data(as_text=True)
    box = re.search(r'<input type="checkbox" name="consent"[^>]*>', start).group(0)
    assert "checked" not in box
    # the page no longer says answers are seen by nobody else while it offers a trainer
    assert "ne sont visibles que par vous, grâce" not in start.split('class="privacy"')[0]
    assert "Si vous cochez la case, le formateur de ce groupe verra vos réponses" in start
    # not ticking starts a diagnostic outside the cohort
    response = client.post("/commencer", data={"csrf_token": csrf_token(start), "name": "Asso",
                                               "kind": "association"})
    public_id = response.headers["Location"].split("/d/")[1].split("/")[0]
    assert row(app, public_id).cohort_id is None
    confirm = client.get("/rejoindre/confirmer").get_data(as_text=True)
    for box in re.findall(r'<input type="checkbox" name="consent"[^>]*>', confirm):
        assert "checked" not in box
