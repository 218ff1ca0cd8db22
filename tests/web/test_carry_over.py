"""The flash diagnostic's invitation: the full parcours, with the answers already given."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from parcours.engine import load
from parcours.models import Diagnostic

from ..conftest import csrf_token
from .participant import EXAMPLES, Participant, example

FLASH = load(EXAMPLES.parents[1] / "flash")
ADOC = load(EXAMPLES.parent)
KINDS = {qid: q.type for qid, q in {**ADOC.questions, **FLASH.questions}.items()}


def flash_completed(client: FlaskClient) -> tuple[Participant, dict[str, Any]]:
    """A company through the flash diagnostic, answering as the medium-sized company example."""
    answers = {qid: value for qid, value in example("entreprise_moyenne.json")["answers"].items()
               if qid in FLASH.questions}
    person = Participant(client)
    person.start("Garage Martin", "entreprise", key="flash")
    person.answer_all(answers, KINDS)
    person.complete()
    return person, answers


def row(app: Flask, public_id: str) -> Diagnostic:
    with app.app_context():
        return Diagnostic.query.filter_by(public_id=public_id).one()


def test_the_full_parcours_starts_with_the_flash_answers(app: Flask, client: FlaskClient) -> None:
    person, answers = flash_completed(client)
    results = client.get(f"/d/{person.public_id}/resultats").get_data(as_text=True)
    response = client.post(f"/d/{person.public_id}/suite",
                           data={"csrf_token": csrf_token(results)})
    assert response.status_code == 302
    new_id = response.headers["Location"].split("/d/")[1].split("/")[0]
    assert new_id != person.public_id
    link = client.get(response.headers["Location"]).get_data(as_text=True)
    given = {**answers, "profil_type": "entreprise"}  # the kind, given on the start page
    assert f"Vos {len(given)} réponses déjà données ont été reprises" in link
    with app.app_context():
        old = Diagnostic.query.filter_by(public_id=person.public_id).one()
        new = Diagnostic.query.filter_by(public_id=new_id).one()
        assert (new.questionnaire_key, old.questionnaire_key) == ("adoc", "flash")
        assert new.organisation_id == old.organisation_id and new.cohort_id is None
        carried = new.answer_map()
        assert carried == given
        assert 0 < new.progress < 100 and new.status == "in_progress"
        assert old.status == "completed"  # the flash diagnostic stays as it was
    # the parcours opens on its first page with a question left, the carried answers ticked
    first = client.get(client.get(f"/d/{new_id}/").headers["Location"]).get_data(as_text=True)
    size = given["profil_taille"]
    assert re.search(rf'name="profil_taille"[^>]*value="{size}"[^>]*checked', first)


def test_only_a_questionnaire_that_invites_can_be_carried_over(client: FlaskClient) -> None:
    person = Participant(client)
    person.start()  # A.D.O.C. invites to nothing
    page = client.get(f"/d/{person.public_id}/lien").get_data(as_text=True)
    response = client.post(f"/d/{person.public_id}/suite", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 404


def test_carrying_over_needs_the_form_and_the_diagnostic(client: FlaskClient) -> None:
    person, _ = flash_completed(client)
    assert client.post(f"/d/{person.public_id}/suite").status_code == 400  # no CSRF token
    stranger = client.application.test_client()
    page = stranger.get("/commencer").get_data(as_text=True)
    response = stranger.post(f"/d/{person.public_id}/suite", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 404  # not this browser's diagnostic
