"""The flash diagnostic's invitation: the full parcours, with the answers already given."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
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


def _carry(client: FlaskClient, public_id: str) -> str:
    results = client.get(f"/d/{public_id}/resultats").get_data(as_text=True)
    response = client.post(f"/d/{public_id}/suite", data={"csrf_token": csrf_token(results)})
    assert response.status_code == 302
    return str(response.headers["Location"].split("/d/")[1].split("/")[0])


def test_a_second_click_opens_the_full_parcours_started_by_the_first(
        app: Flask, client: FlaskClient) -> None:
    """Issue 26: one flash diagnostic, one full parcours, however many clicks."""
    person, _ = flash_completed(client)
    first = _carry(client, person.public_id)
    assert _carry(client, person.public_id) == first
    with app.app_context():
        assert Diagnostic.query.filter_by(questionnaire_key="adoc").count() == 1
    results = client.get(f"/d/{person.public_id}/resultats").get_data(as_text=True)
    assert "Reprendre le parcours complet" in results
    # another browser with the flash diagnostic's code reaches it too: no new code to keep
    other = app.test_client()
    page = other.get("/reprendre").get_data(as_text=True)
    other.post("/reprendre", data={"csrf_token": csrf_token(page), "code": person.code})
    assert _carry(other, person.public_id) == first
    assert other.get(f"/d/{first}/lien").status_code == 200


def test_the_invitation_comes_right_after_the_results_summary(client: FlaskClient) -> None:
    person, _ = flash_completed(client)
    results = client.get(f"/d/{person.public_id}/resultats").get_data(as_text=True)
    invitation = results.index('class="invitation"')
    assert results.index('class="level-card') < invitation < results.index('class="first-actions"')


def test_carried_answers_are_marked_on_their_question(client: FlaskClient) -> None:
    person, answers = flash_completed(client)
    new_id = _carry(client, person.public_id)
    first = client.get(client.get(f"/d/{new_id}/").headers["Location"]).get_data(as_text=True)
    assert 'id="carried-profil_taille"' in first
    assert "Réponse reprise du Diagnostic flash A.D.O.C." in first
    assert 'id="carried-profil_type"' not in first  # the kind, given at the start: not marked


def test_clicks_at_the_same_moment_start_one_full_parcours(app: Flask,
                                                            client: FlaskClient) -> None:
    """Eight browsers holding the flash diagnostic click at once: one full parcours, which
    all of them open (the unique index settles a race that the lookup alone would not)."""
    person, _ = flash_completed(client)
    browsers = []
    for _ in range(8):
        other = app.test_client()
        page = other.get("/reprendre").get_data(as_text=True)
        other.post("/reprendre", data={"csrf_token": csrf_token(page), "code": person.code})
        results = other.get(f"/d/{person.public_id}/resultats").get_data(as_text=True)
        browsers.append((other, csrf_token(results)))

    def click(browser: tuple[FlaskClient, str]) -> str:
        response = browser[0].post(f"/d/{person.public_id}/suite",
                                   data={"csrf_token": browser[1]})
        assert response.status_code == 302, response.status_code
        return str(response.headers["Location"].split("/d/")[1].split("/")[0])

    with ThreadPoolExecutor(max_workers=8) as pool:
        opened = set(pool.map(click, browsers))
    with app.app_context():
        assert Diagnostic.query.filter_by(questionnaire_key="adoc").count() == 1
    assert len(opened) == 1
