"""The participant's journey through the test client: start, stages, review, results, resume."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from parcours.engine import check_answers, evaluate
from parcours.infra.extensions import db
from parcours.models import Answer, Diagnostic, Snapshot
from parcours.services.questionnaires import questionnaire

from ..conftest import csrf_token, hidden_fields
from .participant import Participant, example


def kinds(app: Flask) -> dict[str, str]:
    with app.app_context():
        return {qid: q.type for qid, q in questionnaire().questions.items()}


def stored_answers(app: Flask, public_id: str) -> dict:
    with app.app_context():
        diagnostic = db.session.scalar(select(Diagnostic).where(
            Diagnostic.public_id == public_id))
        return diagnostic.answer_map()


@pytest.mark.parametrize("name", ["entreprise_moyenne.json", "association_jeune.json"])
def test_start_every_stage_review_results(app: Flask, client: FlaskClient, name: str) -> None:
    data = example(name)
    participant = Participant(client)
    participant.start(kind=data["answers"]["profil_type"])
    visited = participant.answer_all(data["answers"], kinds(app))
    assert len(visited) >= 10  # one page per section
    assert stored_answers(app, participant.public_id) == data["answers"]
    results = participant.complete()
    with app.app_context():
        q = questionnaire()
        scores, road = evaluate(q, check_answers(q, data["answers"]))
        snapshot = db.session.scalar(select(Snapshot))
        assert snapshot.global_score == pytest.approx(scores.global_score)
        assert snapshot.content_hash == q.content_hash
        level = q.levels[scores.level - 1].label.fr
        first = road.main[0].recommendation.title.fr
    assert level in results
    assert first.replace("'", "&#39;") in results
    assert "Parce que" in results
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in results and "<table" in results


def test_resume_with_the_link_in_a_fresh_client(app: Flask, client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start()
    stranger = app.test_client()
    response = stranger.get(participant.resume_url.replace("http://localhost", ""))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/d/{participant.public_id}/"
    page = stranger.get(f"/d/{participant.public_id}/", follow_redirects=True)
    assert page.status_code == 200 and "Enregistrer et continuer" in page.get_data(as_text=True)


def test_resume_with_the_code_typed_loosely(app: Flask, client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start()
    other = app.test_client()
    form = other.get("/reprendre").get_data(as_text=True)
    typed = participant.code.lower().replace("-", " ")
    response = other.post("/reprendre", data={"csrf_token": csrf_token(form), "code": typed})
    assert response.headers["Location"] == f"/d/{participant.public_id}/"


def test_a_wrong_code_gets_a_clear_message(client: FlaskClient) -> None:
    form = client.get("/reprendre").get_data(as_text=True)
    response = client.post("/reprendre", data={"csrf_token": csrf_token(form),
                                               "code": "ZZZZ-ZZZZ"})
    assert response.status_code == 422
    assert "Ce code ne correspond à aucun diagnostic" in response.get_data(as_text=True)


def test_a_bad_resume_link_is_a_404_with_help(client: FlaskClient) -> None:
    response = client.get("/reprendre/not-a-real-token")
    assert response.status_code == 404
    assert "Ce lien de reprise ne fonctionne pas" in response.get_data(as_text=True)


def test_someone_elses_diagnostic_is_a_404(app: Flask, client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start()
    stranger = app.test_client()
    for path in ("/", "/lien", "/revue", "/resultats", "/reponses.json",
                 "/etape/profil_organisation_section"):
        assert stranger.get(f"/d/{participant.public_id}{path}").status_code == 404, path
    assert stranger.post(f"/d/{participant.public_id}/terminer").status_code in (400, 404)


def test_errors_keep_what_was_typed_and_save_the_rest(app: Flask, client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start(kind="entreprise")
    url = f"/d/{participant.public_id}/etape/modele_alliances_section"
    html, ids = participant.page(url)
    number = next(qid for qid in ids if kinds(app)[qid] == "number")
    single = next(qid for qid in ids if kinds(app)[qid] == "single")
    with app.app_context():
        option = questionnaire().questions[single].options[2].value
    response = client.post(url, data={**hidden_fields(html),
                                      number: "douze", single: option, "action": "next"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-summary"' in page and f'href="#{number}-input"' in page
    assert 'value="douze"' in page
    assert "Indiquez un nombre, par exemple 12." in page
    assert f'value="{option}" checked' in page
    assert stored_answers(app, participant.public_id)[single] == option
    assert number not in stored_answers(app, participant.public_id)


def test_a_post_without_csrf_token_is_refused_with_a_clear_page(client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start()
    response = client.post(f"/d/{participant.public_id}/etape/profil_organisation_section",
                           data={"questions": "profil_taille", "profil_taille": "x"})
    assert response.status_code == 400
    assert "Votre session a expiré" in response.get_data(as_text=True)


def test_the_json_download_round_trips_through_parcours_score(
        app: Flask, client: FlaskClient, runner: FlaskCliRunner, tmp_path) -> None:
    data = example("collectivite.json")
    participant = Participant(client)
    participant.start(kind="collectivite")
    participant.answer_all(data["answers"], kinds(app))
    participant.complete()
    download = client.get(f"/d/{participant.public_id}/reponses.json")
    assert "attachment" in download.headers["Content-Disposition"]
    path = tmp_path / "answers.json"
    path.write_bytes(download.data)
    scored = json.loads(runner.invoke(args=["parcours", "score", str(path)]).output)
    with app.app_context():
        snapshot = db.session.scalar(select(Snapshot))
        assert scored == snapshot.results[scored["lang"]]


def test_a_completed_diagnostic_can_be_reopened_and_completed_again(
        app: Flask, client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start()
    participant.complete()
    url = f"/d/{participant.public_id}/etape/profil_organisation_section"
    html = client.get(f"/d/{participant.public_id}/resultats").get_data(as_text=True)
    blocked = client.post(url, data={**hidden_fields(html), "questions": "profil_type",
                                     "profil_type": "entreprise"})
    assert blocked.status_code == 409
    assert stored_answers(app, participant.public_id)["profil_type"] == "association"
    client.post(f"/d/{participant.public_id}/rouvrir", data={"csrf_token": csrf_token(html)})
    page = client.get(url).get_data(as_text=True)
    client.post(url, data={**hidden_fields(page), "questions": "profil_type",
                           "profil_type": "entreprise", "action": "next"})
    participant.complete()
    with app.app_context():
        snapshots = db.session.scalars(select(Snapshot).order_by(Snapshot.id)).all()
        assert len(snapshots) == 2
        assert snapshots[1].answers["profil_type"] == "entreprise"


def test_pages_speak_english_when_asked(app: Flask, client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start(kind="entreprise")
    client.get("/lang/en")
    page = client.get(f"/d/{participant.public_id}/etape/vision_enjeux_section")
    text = page.get_data(as_text=True)
    assert '<html lang="en">' in text
    with app.app_context():
        question = questionnaire().questions["vision_enjeux_connaissance"]
        assert question.text_for("entreprise", "en").replace("'", "&#39;") in text


def test_answers_are_one_row_per_question(app: Flask, client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start()
    url = f"/d/{participant.public_id}/etape/profil_organisation_section"
    for size in ("micro", "petite"):
        html, ids = participant.page(url)
        client.post(url, data={**hidden_fields(html),
                               "profil_taille": size, "action": "next"})
    with app.app_context():
        rows = db.session.scalars(select(Answer).where(Answer.question_id == "profil_taille"))
        assert [(r.value, r.revision) for r in rows] == [("petite", 2)]


def test_the_progress_bar_says_one_question_then_questions(client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start()  # the kind of organisation is the first answer
    url = f"/d/{participant.public_id}/etape/profil_organisation_section"
    html, _ = participant.page(url)
    assert "(1 question sur " in html
    client.post(url, data={**hidden_fields(html), "profil_taille": "micro", "action": "next"})
    html, _ = participant.page(url)
    assert "(2 questions sur " in html


def test_the_outline_links_lead_to_every_page_and_the_review(app: Flask,
                                                             client: FlaskClient) -> None:
    """The outline is the same HTML for every participant: its links are relative."""
    import re
    from urllib.parse import urljoin

    from parcours.journey.navigation import pages

    participant = Participant(client)
    participant.start()
    base = f"/d/{participant.public_id}"
    url = f"{base}/etape/profil_organisation_section"
    html, _ = participant.page(url)
    outline = html[html.index('<nav class="outline"'):]
    outline = outline[:outline.index("</nav>")]  # not the footer's links (privacy page)
    targets = [urljoin(url, href) for href in re.findall(r'<a href="([^"]+)"', outline)]
    with app.app_context():
        sections = [page.section.id for page in pages(questionnaire())]
    assert targets == [f"{base}/etape/{section}" for section in sections
                       if section != "profil_organisation_section"] + [f"{base}/revue"]
    for target in targets:
        assert client.get(target).status_code in (200, 302), target


def test_a_question_page_is_light_on_a_phone(app: Flask, client: FlaskClient) -> None:
    # issue 12: help behind « Pourquoi cette question ? », the kind asked once, time left shown
    participant = Participant(client)
    participant.start()
    page = client.get(f"/d/{participant.public_id}/etape/profil_organisation_section").get_data(
        as_text=True)
    # the kind, size, regular volunteers, field, scale and head of network (v3.0) of an association
    assert page.count('<details class="why"><summary>Pourquoi cette question\u00a0?</summary>') == 6
    kind = page[page.index('id="q-profil_type"'):page.index('id="q-profil_taille"')]
    assert "Votre réponse au début du parcours" in kind and "Une association" in kind
    assert '<details class="change"><summary>Modifier</summary>' in kind
    assert 'value="association" checked' in kind  # still there, to change it without script
    assert "encore environ" in page and "pour finir l'étape" in page
    assert 'class="progress-compact"' in page
