"""« Télécharger toutes mes données »: a ZIP of everything about a diagnostic (issue 16, item 1)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from parcours.models import Diagnostic
from parcours.services.cohorts import CONSENT_VERSION
from parcours.trainer.services import set_display_name

from .people import login
from .test_erasure import COMMENT, NAME, _comment, _completed_participant, _trainer


def _zip(client: FlaskClient, public_id: str) -> tuple[zipfile.ZipFile, Any]:
    response = client.get(f"/d/{public_id}/mes-donnees.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="mes-donnees-zebulon-cooperative-4417-')
    return zipfile.ZipFile(io.BytesIO(response.data)), response


def test_the_zip_holds_answers_results_comments_consent_and_both_pdfs(
        app: Flask, client: FlaskClient) -> None:
    trainer, group = _trainer(app)
    with app.app_context():
        from parcours.models import User
        set_display_name(User.query.filter_by(email="formatrice@example.org").one(),
                         "Claire, Le RAMEAU")
    participant = _completed_participant(app, client, group)
    _comment(app, participant.public_id, "formatrice@example.org", COMMENT)
    with app.app_context():
        stored = Diagnostic.query.filter_by(public_id=participant.public_id).one().answer_map()
    archive, response = _zip(client, participant.public_id)
    names = archive.namelist()
    assert names[:2] == ["README.txt", "diagnostic.json"]
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert len(pdfs) == 2 and pdfs[0].startswith("fr-feuille-de-route-zebulon")
    assert pdfs[1].startswith("en-roadmap-zebulon")
    for name, lang in zip(pdfs, ("fr", "en"), strict=True):
        reader = PdfReader(io.BytesIO(archive.read(name)))
        assert reader.trailer["/Root"]["/Lang"] == lang
        assert NAME in (reader.metadata.title or "")
    readme = archive.read("README.txt").decode("utf-8")
    for name in names:
        assert name in readme
    data = json.loads(archive.read("diagnostic.json"))
    assert data["diagnostic"]["organisation"] == NAME
    assert data["diagnostic"]["status"] == "completed"
    assert {a["question_id"] for a in data["answers"]} == set(stored)
    assert all(a["question"] for a in data["answers"])  # the question's text, in French
    kind = next(a for a in data["answers"] if a["question_id"] == "profil_type")
    assert kind["value"] == "entreprise" and kind["answer"].startswith("Une entreprise")
    [snapshot] = data["snapshots"]
    assert snapshot["latest"] and set(snapshot["results"]) == {"fr", "en"}
    [comment] = data["comments"]
    assert comment["text"] == COMMENT and comment["author"] == "Claire, Le RAMEAU"
    assert comment["created_at"] and comment["cohort"] == "Promotion automne"
    [joined] = data["cohorts"]
    assert joined["name"] == "Promotion automne"
    assert joined["consent_text_version"] == CONSENT_VERSION and joined["consented_at"]
    everything = b"".join(archive.read(n) for n in names)
    # neither the resume link's secret nor its code, nor the trainer's e-mail
    assert participant.resume_url.rsplit("/", 1)[1].encode() not in everything
    assert participant.code.encode() not in everything
    assert b"formatrice@example.org" not in archive.read("diagnostic.json")
    assert trainer.get(f"/d/{participant.public_id}/mes-donnees.zip").status_code == 404


def test_an_unfinished_diagnostic_gives_its_answers_without_pdf_in_english(
        app: Flask, client: FlaskClient) -> None:
    from .participant import Participant
    participant = Participant(client)
    participant.start(name=NAME)
    client.get("/lang/en")
    archive, _ = _zip(client, participant.public_id)
    assert archive.namelist() == ["README.txt", "diagnostic.json"]
    assert "Your data" in archive.read("README.txt").decode("utf-8")
    data = json.loads(archive.read("diagnostic.json"))
    assert data["snapshots"] == [] and data["cohorts"] == [] and data["comments"] == []
    [kind] = data["answers"]
    assert kind["answer"].startswith("An association") and "organisation" in kind["question"]


def test_the_buttons_are_on_the_results_page_and_on_my_diagnostics(
        app: Flask, client: FlaskClient) -> None:
    from .people import user
    someone = user(app, "p@example.org", "participant")
    participant = _completed_participant(app, client, None)
    with app.app_context():
        from parcours.infra.extensions import db
        Diagnostic.query.filter_by(public_id=participant.public_id).one().user_id = someone.id
        db.session.commit()
    results = client.get(f"/d/{participant.public_id}/resultats").get_data(as_text=True)
    for url in (f"/d/{participant.public_id}/mes-donnees.zip",
                f"/d/{participant.public_id}/supprimer", "/confidentialite"):
        assert url in results
    login(client, "p@example.org")
    account = client.get("/mon-compte").get_data(as_text=True)
    for url in (f"/d/{participant.public_id}/mes-donnees.zip",
                f"/d/{participant.public_id}/supprimer", "/mon-compte/supprimer"):
        assert url in account
