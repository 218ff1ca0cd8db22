"""Exports: answers as CSV and JSON; the ZIP of PDFs, in-process and through a real RQ worker."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from parcours.infra.extensions import db
from parcours.models import Diagnostic, Job, Snapshot, User
from parcours.trainer.services import create_cohort

from ..conftest import csrf_token
from ..reports.pdftext import text
from .people import cohort, diagnostic, login, user


@pytest.fixture
def trainer(app: Flask) -> tuple[FlaskClient, str]:
    user(app, "f@example.org")
    group = cohort(app, "f@example.org", "Promotion Île-de-France")
    client = app.test_client()
    login(client, "f@example.org")
    return client, group


def _codebook(data: bytes, delimiter: str = ",") -> dict[str, str]:
    """A codebook read back: each column's short label → its id."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))
    assert rows[0][:3] == ["Colonne", "Identifiant", "Intitulé complet"] or \
        rows[0][:3] == ["Column", "Id", "Full text"]
    return {row[0]: row[1] for row in rows[1:]}


def _table(data: bytes, codebook: bytes, delimiter: str = ","
           ) -> tuple[list[str], list[str], list[dict]]:
    """A CSV export read back with its codebook: its one header row of short labels, the ids
    of those columns (from the codebook), its rows by id."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))
    labels = _codebook(codebook, delimiter)
    ids = [labels[label] for label in rows[0]]
    return rows[0], ids, [dict(zip(ids, row, strict=True)) for row in rows[1:]]


def test_csv_opens_with_the_csv_module_with_accents_and_a_bom(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    diagnostic(app, "Association « Élan » & Cie", group, "association_jeune.json")
    diagnostic(app, "Propreté Services", group, complete=False)
    response = client.get(f"/formateur/groupes/{group}/reponses.csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert 'filename="reponses-promotion-ile-de-france-' in response.headers["Content-Disposition"]
    book = client.get(f"/formateur/groupes/{group}/codebook.csv").data
    header, ids, rows = _table(response.data, book)
    assert [r["organisation"] for r in rows] == ["Association « Élan » & Cie", "Propreté Services"]
    assert {"organisation", "type", "statut", "score_global", "niveau", "profil_type",
            "vision_enjeux_connaissance", "vision_commentaire"} <= set(ids)
    assert rows[0]["vision_commentaire"].startswith("Notre association a deux ans")
    # issue 12: words a trainer can read, not internal codes
    column = ids.index("vision_enjeux_connaissance")
    assert header[column].startswith("Q")  # a short label; the full text is in the codebook
    texts = {row[1]: row[2] for row in csv.reader(io.StringIO(book.decode("utf-8-sig")))}
    assert texts["vision_enjeux_connaissance"].startswith(
        "Comment identifiez-vous les grands enjeux")
    assert header[:3] == ["Organisation", "Type", "État"]
    assert rows[0]["type"] == "Une association"
    # every answer given, not completed: what the dashboard says too (issue 31)
    assert rows[0]["niveau"] == "Découverte" and \
        rows[1]["statut"] == "Toutes les réponses données, pas encore terminé"
    assert rows[0]["statut"] == "Terminé" and rows[0]["profil_taille"].startswith("Aucun salarié")
    assert "petite" not in response.data.decode("utf-8-sig").split("\r\n", 1)[1]
    assert rows[0]["score_global"] == "25.6"
    french = client.get(f"/formateur/groupes/{group}/reponses.csv?sep=;").data
    french_book = client.get(f"/formateur/groupes/{group}/codebook.csv?sep=;").data
    _, _, french_rows = _table(french, french_book, ";")
    assert french_rows[0]["organisation"] == rows[0]["organisation"]
    assert french_rows[0]["score_global"] == "25,6"  # French Excel reads 25.6 as a date


def test_an_english_cohorts_csv_is_in_english(app: Flask, client: FlaskClient) -> None:
    user(app, "e@example.org")
    with app.app_context():
        trainer = User.query.filter_by(email="e@example.org").one()
        group = create_cohort(trainer, "Spring cohort", None, None, "en").public_id
    diagnostic(app, "Riverside Trust", group, "association_jeune.json")
    login(client, "e@example.org")
    book = client.get(f"/formateur/groupes/{group}/codebook.csv").data
    header, ids, rows = _table(client.get(f"/formateur/groupes/{group}/reponses.csv").data, book)
    assert header[:3] == ["Organisation", "Type", "Status"]
    texts = {row[1]: row[2] for row in csv.reader(io.StringIO(book.decode("utf-8-sig")))}
    assert texts["profil_type"] == "What kind of organisation do you represent?"
    assert rows[0]["type"] == "An association"
    assert rows[0]["niveau"] == "Discovery" and rows[0]["statut"] == "Completed"


def test_json_export_holds_answers_files(app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    diagnostic(app, "Asso", group, "association_jeune.json")
    data = json.loads(client.get(f"/formateur/groupes/{group}/reponses.json").data)
    answers_file = data["diagnostics"][0]["answers_file"]
    assert answers_file["questionnaire"] == "adoc" and "profil_type" in answers_file["answers"]


def break_snapshot(app: Flask, public_id: str) -> None:
    """A participant whose stored results are corrupt: its PDF cannot be made."""
    with app.app_context():
        d = Diagnostic.query.filter_by(public_id=public_id).one()
        snapshot = db.session.get(Snapshot, d.latest_snapshot_id)
        snapshot.results = {"fr": {"broken": True}, "en": {"broken": True}}
        db.session.commit()


def check_zip(app: Flask, client: FlaskClient, job_url: str, expect_pdfs: int) -> None:
    page = client.get(job_url).get_data(as_text=True)
    assert "Export terminé" in page and "Télécharger le ZIP" in page
    assert "Broken Org" in page  # the failure is reported
    archive = zipfile.ZipFile(io.BytesIO(client.get(job_url + "/telecharger").data))
    names = archive.namelist()
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert len(pdfs) == expect_pdfs and "scores.csv" in names and "erreurs.txt" in names
    assert "Broken Org" in archive.read("erreurs.txt").decode()
    assert "Association Un" in text(archive.read(sorted(pdfs)[0]))
    header, ids, scores = _table(archive.read("scores.csv"), archive.read("codebook.csv"))
    assert len(scores) == expect_pdfs + 1 and "vision_enjeux" in ids
    assert "Comprendre les enjeux" in header


def test_zip_export_in_process_reports_the_broken_participant(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    diagnostic(app, "Association Un", group, "association_jeune.json")
    diagnostic(app, "Entreprise Deux", group, "entreprise_moyenne.json")
    break_snapshot(app, diagnostic(app, "Broken Org", group, "collectivite.json"))
    diagnostic(app, "Pas finie", group, complete=False)
    page = client.get(f"/formateur/groupes/{group}").get_data(as_text=True)
    started = client.post(f"/formateur/groupes/{group}/export",
                          data={"csrf_token": csrf_token(page)})
    job_url = started.headers["Location"]
    progress = client.get(job_url).get_data(as_text=True)
    assert '<progress id="export-progress"' in progress
    # no meta refresh (issue 19): a script updates the status region; without it, « Actualiser »
    assert 'http-equiv="refresh"' not in progress
    assert 'role="status"' in progress
    assert "Actualiser" in progress or "Export terminé" in progress
    app.extensions["parcours_jobs"].wait()
    check_zip(app, client, job_url, expect_pdfs=2)


def test_zip_export_through_rq_and_a_real_worker(app: Flask, database_url: str,
                                                 trainer: tuple[FlaskClient, str],
                                                 redis_url: str) -> None:
    queue = f"parcours-test-{uuid.uuid4().hex[:8]}"
    app.config.update(REDIS_URL=redis_url, RQ_QUEUE=queue)
    client, group = trainer
    diagnostic(app, "Association Un", group, "association_jeune.json")
    break_snapshot(app, diagnostic(app, "Broken Org", group, "collectivite.json"))
    page = client.get(f"/formateur/groupes/{group}").get_data(as_text=True)
    job_url = client.post(f"/formateur/groupes/{group}/export",
                          data={"csrf_token": csrf_token(page)}).headers["Location"]
    with app.app_context():
        assert Job.query.one().status == "queued"  # nothing ran in this process
    rq = Path(sys.executable).parent / "rq"
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
           "PARCOURS_EXPORT_WORKERS": "2",  # the worker writes the ZIP where the app reads it
           "PARCOURS_STORAGE_URL": app.config["STORAGE_URL"]}
    started = time.monotonic()
    done = subprocess.run([str(rq), "worker", "--burst", "--url", redis_url, queue],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert time.monotonic() - started < 300
    check_zip(app, client, job_url, expect_pdfs=1)
