"""The trainer reads a participant's answers on its review page, stage by stage."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from parcours.infra.extensions import db
from parcours.models import AccessLog

from .participant import example
from .people import diagnostic, login, user

REMARK = "Nous voulons <script>alert(1)</script> une convention & un partenaire"


def answers(**changed: object) -> dict:
    data = example("entreprise_moyenne.json")
    data["answers"].update(changed)
    return data["answers"]


def page_of(client: FlaskClient, group: str, participant: str) -> str:
    response = client.get(f"/formateur/groupes/{group}/participants/{participant}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def actions(app: Flask) -> list[str]:
    with app.app_context():
        return [r.action for r in db.session.scalars(select(AccessLog).order_by(AccessLog.id))]


def test_every_answer_shows_as_the_participant_read_it(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    participant = diagnostic(app, "Propreté Services", group, answers=answers(
        vision_territoire_projet="dont_know", modele_rh_partage_competences="not_applicable",
        vision_commentaire=REMARK))
    page = page_of(client, group, participant)
    answers_part = page[page.index('id="answers-title"'):]
    # stage by stage, section by section, each stage beside its score and its comment box
    for title in ("Vision", "Écouter les territoires", "Alliances stratégiques",
                  "Gouvernance des alliances"):
        assert title in answers_part, title
    assert answers_part.count('name="stage" value="modele"') == 1
    # the question in its wording, the chosen label, the others discoverable
    assert "À combien de rencontres" in answers_part or "rencontres entre acteurs" in answers_part
    assert "4 partenaires" in answers_part  # a number with its unit
    assert "Autres réponses possibles" in answers_part
    assert 'class="answer special">Je ne sais pas' in answers_part
    assert 'class="answer special">Non concerné' in answers_part
    # a remark is quoted, escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in answers_part and "<script>alert" not in page
    assert "Arrêté à la section" not in page


def test_an_unfinished_participant_shows_its_answers_so_far_and_where_it_stopped(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    full = answers()
    kept = {qid: value for qid, value in full.items()
            if qid.startswith(("profil_", "vision_enjeux", "vision_partage_"))}
    participant = diagnostic(app, "Pas Fini", group, complete=False, answers=kept)
    page = page_of(client, group, participant)
    assert "Arrêté à la section «\u00a0Une vision partagée\u00a0»" in page
    assert "Comprendre les enjeux" in page and "Gouvernance des alliances" in page
    assert "Pas encore de réponse à cette étape : Méthodes pour s&#39;engager" in page
    assert actions(app) == ["answers_read"]  # no results yet, but its answers were read


def test_another_trainer_gets_404_and_each_view_is_logged_once(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    participant = diagnostic(app, "Propreté Services", group)
    page_of(client, group, participant)
    assert actions(app) == ["results_viewed"]
    page_of(client, group, participant)
    assert actions(app) == ["results_viewed", "results_viewed"]
    stranger = app.test_client()
    user(app, "autre@example.org")
    login(stranger, "autre@example.org")
    url = f"/formateur/groupes/{group}/participants/{participant}"
    assert stranger.get(url).status_code == 404
    assert len(actions(app)) == 2


def test_the_answers_read_in_english(app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    participant = diagnostic(app, "Propreté Services", group,
                             answers=answers(vision_territoire_projet="dont_know"))
    client.get("/lang/en")
    page = page_of(client, group, participant)
    assert "Their answers" in page and "Other possible answers" in page
    assert 'class="answer special">I don&#39;t know' in page
    assert "4 partners" in page


def test_a_question_that_does_not_apply_says_why(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    participant = diagnostic(app, "Sans Partenaire", group,
                             answers=answers(modele_nombre_partenaires=0))
    page = page_of(client, group, participant)
    assert ('class="answer special">Non concerné — vous n&#39;avez pas encore de partenaire'
            in page)


def test_every_answer_given_but_not_completed_is_said_so(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    participant = diagnostic(app, "Presque Fini", group, complete=False)
    dashboard = client.get(f"/formateur/groupes/{group}").get_data(as_text=True)
    assert "Toutes les réponses données, pas encore terminé" in dashboard
    page = page_of(client, group, participant)
    assert "Toutes les réponses données, pas encore terminé" in page
    assert "Arrêté à la section" not in page and "100 %" not in page
