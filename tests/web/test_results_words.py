"""The results page in the words of the diagnostic's questionnaire, for snapshots made today
and for those stored before the questionnaire said what it calls things (issue 15)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from parcours import create_app
from parcours.infra.extensions import db
from parcours.models import Snapshot
from parcours.reports.context import ABOUT_KEYS
from parcours.services.questionnaires import all_questionnaires, questionnaire

from ..conftest import _config, csrf_token
from ..reports.pdftext import flat, text
from ..reports.shapes import answers, write
from .participant import EXAMPLES, Participant, example
from .people import diagnostic, holder

ADOC = EXAMPLES.parent



def _as_before_issue_15(result: dict) -> dict:
    """A result as it was stored before: four keys about its questionnaire, `medoc` kinds."""
    def item(found: dict) -> dict:
        found = dict(found)
        found["medoc"], found["medoc_label"] = found.pop("category"), found.pop("category_label")
        return found
    about = {k: v for k, v in result["questionnaire"].items() if k not in ABOUT_KEYS}
    return {**result, "questionnaire": about, "roadmap": [item(i) for i in result["roadmap"]],
            "other_recommendations": [item(i) for i in result["other_recommendations"]]}


def completed(app: Flask, client: FlaskClient) -> Participant:
    """A participant who answered as the young association of the examples, and completed."""
    participant = Participant(client)
    participant.start()
    with app.app_context():
        kinds = {qid: q.type for qid, q in questionnaire().questions.items()}
    participant.answer_all(example("association_jeune.json")["answers"], kinds)
    participant.complete()
    return participant


def _results(client: FlaskClient, participant: Participant) -> str:
    return client.get(f"/d/{participant.public_id}/resultats").get_data(as_text=True)


def test_the_results_speak_adoc_words(app: Flask, client: FlaskClient) -> None:
    participant = completed(app, client)
    html = _results(client, participant)
    assert "Vos trois leviers" in html and "sur 4)" in html
    assert "les anneaux marquent les seuils des niveaux (40, 60, 80)" in html
    assert 'class="tag category-' in html
    assert "Faire le parcours complet" not in html  # A.D.O.C. invites to nothing further


def test_a_snapshot_stored_before_issue_15_still_reads_in_its_words(
        app: Flask, client: FlaskClient) -> None:
    participant = completed(app, client)
    with app.app_context():
        snapshot = db.session.scalar(select(Snapshot))
        labels = {item["category_label"] for item in snapshot.results["fr"]["roadmap"]}
        snapshot.results = {lang: _as_before_issue_15(result)
                            for lang, result in snapshot.results.items()}
        db.session.commit()
    html = _results(client, participant)
    assert "Vos trois leviers" in html and "sur 4)" in html
    for label in labels:
        assert f">{label}</span>" in html


@pytest.fixture
def flash_app(sqlite_template: Path, tmp_path: Path) -> Iterator[Flask]:
    """An app serving A.D.O.C. and a short questionnaire that invites to it (SQLite only: the
    page and its form are the same on PostgreSQL)."""
    root = tmp_path / "questionnaires"
    shutil.copytree(ADOC, root / "adoc")
    write(root / "atelier", key="atelier", layout="short", invitation="adoc", stages=3,
          roadmap={"min_actions": 3, "max_actions": 5})
    database = tmp_path / "test.db"
    shutil.copyfile(sqlite_template, database)
    app = create_app({**_config(f"sqlite:///{database}"), "QUESTIONNAIRES_DIR": str(root)})
    yield app
    app.extensions["parcours_render_pool"].close()


def test_a_short_questionnaire_invites_to_the_full_one_from_its_results(
        flash_app: Flask) -> None:
    client = flash_app.test_client()
    page = client.get("/commencer/adoc").get_data(as_text=True)  # the session's token
    response = client.post("/commencer/atelier", data={"csrf_token": csrf_token(page),
                                                       "name": "Coopérative du Val"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    participant = Participant(client)
    participant.public_id = response.headers["Location"].split("/d/")[1].split("/")[0]
    with flash_app.app_context():
        q = all_questionnaires()["atelier"]
        kinds = {qid: question.type for qid, question in q.questions.items()}
        given = answers(q)
    participant.answer_all(given, kinds)
    participant.complete()
    html = _results(client, participant)
    assert "Vos trois axes" in html and "sur 3)" in html
    assert "comptent pour zéro point" in html and "ne comptent ni pour ni contre" not in html
    assert "Le PDF reprend votre niveau, vos axes et votre plan d'action sur une ou deux " \
           "pages." in html
    invitation = html[html.index('class="invitation"'):]
    assert "Allez plus loin avec le parcours complet" in invitation
    assert f'action="/d/{participant.public_id}/suite"' in invitation
    assert "Faire le parcours complet</button>" in invitation
    go = client.post(f"/d/{participant.public_id}/suite", data={"csrf_token": csrf_token(html)})
    assert go.status_code == 302 and "/lien" in go.headers["Location"]


def test_a_dimension_scored_from_few_answers_says_so(app: Flask, client: FlaskClient) -> None:
    """Issue 26: « calculé sur 1 réponse sur 4 » beside its score, in the bars (phones) and in
    the table (wider screens), and in the PDF's table of its stage."""
    answers = {qid: value for qid, value in example("association_jeune.json")["answers"].items()
               if qid not in ("vision_enjeux_sources", "vision_enjeux_complementarite",
                              "vision_enjeux_alliance")}
    public_id = diagnostic(app, "Les Amis du Quartier", answers=answers)
    holder(app, public_id, client)
    page = client.get(f"/d/{public_id}/resultats").get_data(as_text=True)
    assert page.count("calculé sur 1 réponse sur 4") == 2
    pdf = flat(text(client.get(f"/d/{public_id}/feuille-de-route.pdf").data))
    assert "calculé sur 1 réponse sur 4" in pdf
    assert "Questionnaire adoc" not in pdf and "Parcours A.D.O.C. », version" in pdf  # no key
