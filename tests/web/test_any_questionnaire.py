"""Any questionnaire, not only A.D.O.C. (issue 15): an app whose QUESTIONNAIRES_DIR holds
A.D.O.C., the Boussole numérique (tests/questionnaires/numerique: five « axes », no kind question,
no categories, three levels, unanswered counts as zero) and a folder that fails validation.

Every test runs on SQLite and on PostgreSQL (the `app` fixture)."""

from __future__ import annotations

import csv
import html
import io
import json
import logging
import re
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from parcours import warm_up
from parcours.engine import check_answers
from parcours.infra.extensions import db
from parcours.journey import services as journey
from parcours.journey.navigation import progress
from parcours.models import Cohort, Diagnostic, Snapshot, User
from parcours.services import cohorts as membership
from parcours.services.questionnaires import questionnaire
from parcours.trainer import services as trainers

from ..conftest import csrf_token
from ..reports.pdftext import flat, squash, text
from ..shapes import ADOC, INVALID, NUMERIQUE, numerique_example, questionnaires_dir
from .participant import Participant
from .people import login, user
from .test_cohorts import join_token

TITLE = "Diagnostic numérique des associations"
PRODUCT = "Boussole numérique"
ADOC_WORDS = ("A.D.O.C.", "M.E.D.O.C.", "levier", "Levier", "RAMEAU")


def serve(app: Flask, tmp_path: Path, *folders: Path) -> Flask:
    """The app, serving these questionnaire folders (before any request reads them)."""
    app.config["QUESTIONNAIRES_DIR"] = str(questionnaires_dir(tmp_path / "served", *folders))
    return app


@pytest.fixture
def three(app: Flask, tmp_path: Path) -> Flask:
    """A.D.O.C., the Boussole and the invalid folder."""
    return serve(app, tmp_path, ADOC, NUMERIQUE, INVALID)


def page_text(response) -> str:  # noqa: ANN001 - a test client response
    return html.unescape(response.get_data(as_text=True))


def kinds(app: Flask) -> dict[str, str]:
    with app.app_context():
        return {qid: q.type for qid, q in questionnaire("numerique").questions.items()}


def foreign(page: str) -> list[str]:
    """The words of A.D.O.C. a page of the Boussole should not say."""
    return [word for word in ADOC_WORDS if word in page]


def test_an_invalid_folder_beside_valid_ones_leaves_the_app_up(
        three: Flask, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="parcours"):
        warm_up(three)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "invalid is not served: 2 problem(s)" in logged
    # each problem as FILE:LINE: message
    assert re.search(r"invalid/etape\.yaml:22: question 'q2': unknown dimension 'inexistante'",
                     logged)
    assert re.search(r"invalid/etape\.yaml:23: question 'q2': unknown earlier question "
                     r"'q_absente'", logged)
    client = three.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/commencer/invalide").status_code == 404
    assert client.get("/commencer/numerique").status_code == 200
    assert client.get("/commencer/adoc").status_code == 200


def test_the_command_line_validates_and_scores_the_boussole(three: Flask) -> None:
    # the README's walk-through: validate (FILE:LINE, exit 1), then score an answers file
    runner = three.test_cli_runner()
    invalid = runner.invoke(args=["parcours", "validate", str(INVALID)])
    assert invalid.exit_code == 1
    assert "invalid/etape.yaml:22: question 'q2': unknown dimension" in invalid.output
    assert runner.invoke(args=["parcours", "validate", str(NUMERIQUE)]).exit_code == 0
    scored = runner.invoke(args=["parcours", "score", str(NUMERIQUE / "examples" / "mixte.json"),
                                 "--lang", "en"])
    assert scored.exit_code == 0, scored.output
    result = json.loads(scored.output)
    assert result["questionnaire"]["product"] == "Digital compass"
    # `shown`: the figure pages print (issue 27: whole unless a threshold needs decimals)
    assert result["global"] == {"score": 56.4, "shown": 56, "level": {
        "number": 2, "id": "en_progression", "label": "Making progress",
        "description": "The basic tools are in place; they remain to be shared, the data to be "
                       "protected and the team to be trained."}}


def test_the_home_page_offers_each_valid_questionnaire(three: Flask) -> None:
    client = three.test_client()
    response = client.get("/")
    assert response.status_code == 200
    page = page_text(response)
    assert "Parcours A.D.O.C." in page and TITLE in page
    assert "Environ 30 minutes" in page and "Environ 10 minutes" in page
    assert 'href="/commencer/adoc"' in page and 'href="/commencer/numerique"' in page
    assert "Questionnaire invalide" not in page and "/commencer/invalide" not in page
    # one of them counts unanswered questions as zero: the page does not promise otherwise
    assert "ne vous pénalise pas" not in page
    client.get("/lang/en")
    english = page_text(client.get("/"))
    assert "A.D.O.C. pathway" in english and "Nonprofit digital self-assessment" in english


def test_the_home_page_of_several_questionnaires_in_english(three: Flask) -> None:
    client = three.test_client()
    client.get("/lang/en")
    english = page_text(client.get("/"))
    assert "Environ 10 minutes" not in english and "10 minutes" in english
    assert "Choisissez votre questionnaire" not in english


def test_with_the_boussole_alone_home_and_start_go_straight_to_it(
        app: Flask, tmp_path: Path) -> None:
    client = serve(app, tmp_path, NUMERIQUE).test_client()
    home = client.get("/")
    assert home.status_code == 200
    page = page_text(home)
    assert f"<h1>{TITLE}</h1>" in page
    assert "Présence en ligne" in page and 'href="/commencer/numerique"' in page
    assert f'class="brand" href="/">{PRODUCT}</a>' in page
    assert foreign(page) == []
    start = client.get("/commencer")
    assert start.status_code == 200
    form = page_text(start)
    assert f"Commencer\u00a0: {TITLE}" in form
    assert 'name="kind"' not in form and 'name="name"' in form  # no kind asked
    assert foreign(form) == []


def test_a_participant_takes_the_boussole_to_its_results(three: Flask) -> None:
    data = numerique_example()
    participant = Participant(three.test_client())
    participant.start(name="Jardins partagés du Marais", kind=None, key="numerique")
    visited = participant.answer_all(data["answers"], kinds(three))
    assert len(visited) == 5  # one page per axe
    results = html.unescape(participant.complete())
    with three.app_context():
        diagnostic = db.session.scalar(select(Diagnostic))
        assert diagnostic.questionnaire_key == "numerique"
        assert diagnostic.answer_map() == data["answers"]
        snapshot = db.session.scalar(select(Snapshot))
        assert snapshot.global_score == pytest.approx(56.4)  # the hand-worked table's « mixed »
    assert "En progression" in results
    for stage in ("Stratégie et pilotage", "Outils et équipement", "Données et protection",
                  "Compétences et entraide", "Présence en ligne"):
        assert stage in results
    assert "Ranger les mots de passe dans un gestionnaire partagé" in results


def test_the_results_page_speaks_only_of_the_boussole(three: Flask) -> None:
    participant = Participant(three.test_client())
    participant.start(name="Jardins partagés du Marais", kind=None, key="numerique")
    participant.answer_all(numerique_example()["answers"], kinds(three))
    results = html.unescape(participant.complete())
    assert f'class="brand" href="/">{PRODUCT}</a>' in results
    assert foreign(results) == []


def new_cohort(client: FlaskClient, key: str, name: str) -> str:
    """A cohort created on the trainer's page, for the questionnaire `key`."""
    page = client.get("/formateur/").get_data(as_text=True)
    assert 'name="questionnaire"' in page  # asked: there are two questionnaires
    response = client.post("/formateur/", data={
        "csrf_token": csrf_token(page), "name": name, "lang": "fr", "questionnaire": key})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rstrip("/").rsplit("/", 1)[1]


def table(data: bytes, codebook: bytes) -> tuple[list[str], list[str], list[dict]]:
    """The answers CSV read back with its codebook (issue 31: one header row of short labels;
    the ids and full texts in the codebook): the full texts, the ids, the rows by id."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    book = {row[0]: row for row in csv.reader(io.StringIO(codebook.decode("utf-8-sig")))}
    ids = [book[label][1] for label in rows[0]]
    # each column's full text, part and dimension, as the codebook says them
    return ([" — ".join(cell for cell in book[label][2:5] if cell) for label in rows[0]], ids,
            [dict(zip(ids, row, strict=True)) for row in rows[1:]])


def test_a_trainers_cohort_for_the_boussole_and_its_exports(three: Flask) -> None:
    user(three, "f@example.org")
    trainer = three.test_client()
    login(trainer, "f@example.org")
    group = new_cohort(trainer, "numerique", "Atelier numérique")
    with three.app_context():
        assert Cohort.query.filter_by(public_id=group).one().questionnaire_key == "numerique"
    _, code = join_token(three, group)
    client = three.test_client()
    page = client.get("/rejoindre").get_data(as_text=True)
    client.post("/rejoindre", data={"csrf_token": csrf_token(page), "code": code})
    start = page_text(client.get("/commencer"))  # the cohort's questionnaire, not the default
    assert f"Commencer\u00a0: {TITLE}" in start and 'name="kind"' not in start
    participant = Participant(client)
    public_id = participant.start(name="Jardins partagés du Marais", kind=None, consent="1")
    participant.answer_all(numerique_example()["answers"], kinds(three))
    participant.complete()

    base = f"/formateur/groupes/{group}"
    dashboard = page_text(trainer.get(base))
    assert "Jardins partagés du Marais" in dashboard and "En progression" in dashboard
    assert "Premiers pas" in dashboard and "Autonome" in dashboard  # its level filter
    assert "Découverte" not in dashboard and "Exemplarité" not in dashboard
    review = page_text(trainer.get(f"{base}/participants/{public_id}"))
    assert "En progression" in review and "Protection des données personnelles" in review
    # its plan, with a reason that quotes its question
    assert "Ranger les mots de passe dans un gestionnaire partagé" in review
    assert "« Quand un bénévole ou un salarié s'en va, ses accès aux outils lui sont-ils " \
           "retirés ? »" in review

    header, ids, rows = table(trainer.get(f"{base}/reponses.csv").data,
                              trainer.get(f"{base}/codebook.csv").data)
    assert {"strat_priorites", "rgpd_registre", "publics_canaux"} <= set(ids)
    assert "profil_type" not in ids and "vision_enjeux_connaissance" not in ids
    assert any(column.startswith("Tenez-vous un registre de vos traitements de données "
                                 "personnelles (quelles données, pourquoi, combien de temps) ?")
               for column in header)
    assert rows[0]["niveau"] == "En progression" and rows[0]["score_global"] == "56.4"
    assert rows[0]["type"] == ""  # no kind asked
    assert rows[0]["outils_sauvegarde"] == "Ils sont copiés régulièrement, à date fixe."
    exported = json.loads(trainer.get(f"{base}/reponses.json").data)
    answers_file = exported["diagnostics"][0]["answers_file"]
    assert answers_file["questionnaire"] == "numerique"
    assert answers_file["answers"] == numerique_example()["answers"]

    pdf = squash(text(trainer.get(f"{base}/participants/{public_id}/feuille-de-route.pdf").data))
    assert squash("Jardins partagés du Marais") in pdf and squash(TITLE) in pdf
    assert squash("Protection des données personnelles") in pdf
    started = trainer.post(f"{base}/export", data={"csrf_token": csrf_token(
        trainer.get(base).get_data(as_text=True))})
    three.extensions["parcours_jobs"].wait()
    archive = zipfile.ZipFile(io.BytesIO(trainer.get(started.headers["Location"]
                                                     + "/telecharger").data))
    pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
    assert len(pdfs) == 1
    assert squash(TITLE) in squash(text(archive.read(pdfs[0])))
    header, ids, rows = table(archive.read("scores.csv"), archive.read("codebook.csv"))
    assert {"strategie_pilotage", "donnees_protection"} <= set(ids)
    assert "vision_enjeux" not in ids
    assert any("Protection des données personnelles" in column for column in header)
    assert rows[0]["niveau"] == "En progression" and rows[0]["donnees_protection"] == "47.6"


def completed_in_cohort(app: Flask) -> tuple[FlaskClient, str, str]:
    """A trainer's client, a cohort for the Boussole and a completed diagnostic in it, made
    through the services."""
    user(app, "f@example.org")
    with app.app_context():
        trainer = User.query.filter_by(email="f@example.org").one()
        group = trainers.create_cohort(trainer, "Atelier", None, None, "fr", "numerique")
        q = questionnaire("numerique")
        started = journey.start(q, "Jardins partagés du Marais", None, "fr")
        checked = check_answers(q, numerique_example()["answers"])
        journey.save_answers(started.diagnostic, checked, set(), progress(q, checked).percent)
        journey.complete(started.diagnostic, q)
        membership.join(started.diagnostic, group)
        ids = group.public_id, started.diagnostic.public_id
    client = app.test_client()
    login(client, "f@example.org")
    return client, *ids


def test_the_trainers_pages_follow_the_cohorts_questionnaire(three: Flask) -> None:
    client, group, public_id = completed_in_cohort(three)
    base = f"/formateur/groupes/{group}"
    for url in (base, f"{base}/synthese", f"{base}/participants/{public_id}"):
        response = client.get(url)
        assert response.status_code == 200, url
        page = page_text(response)
        assert "Jardins partagés du Marais" in page or "Atelier" in page
        assert foreign(page) == [], url


def test_the_exported_pdfs_speak_only_of_the_boussole(three: Flask) -> None:
    client, group, public_id = completed_in_cohort(three)
    base = f"/formateur/groupes/{group}"
    for url in (f"{base}/participants/{public_id}/feuille-de-route.pdf", f"{base}/synthese.pdf"):
        body = flat(text(client.get(url).data))
        assert squash(PRODUCT) in squash(body), url  # a cover line may be letter-spaced
        assert foreign(body) == [], url
