"""Waiting, said (issue 31, item 8): the ZIP's progress page counts the PDFs ready out of the
total from the first second and names who is left out and why; a trainer's comment has the
participant's PDF ready, in the cohort's language too, before anyone asks for it."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from parcours.infra.extensions import db
from parcours.models import Cohort, Diagnostic, Job, RenderedPdf
from parcours.reports.cache import cache_key, find
from parcours.reports.service import fetch
from parcours.trainer.exports import create_export

from ..conftest import csrf_token
from .people import diagnostic


def test_the_progress_page_counts_from_the_first_second_and_says_who_is_left_out(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    ready = diagnostic(app, "Déjà Prête", group, "association_jeune.json")
    diagnostic(app, "Pas Encore Rendue", group, "collectivite.json")
    diagnostic(app, "Toujours En Route", group, complete=False)
    with app.app_context():
        found = find(ready)
        fetch(found, "fr")  # its PDF is in the cache already (the completion's prerender)
        job = create_export(db.session.scalars(
            db.select(Cohort).filter_by(public_id=group)).one(), 1)
        public_id = job.public_id
    # queued, no worker has picked it up yet: the count is there, never an empty « En attente… »
    page = client.get(f"/formateur/exports/{public_id}").get_data(as_text=True)
    assert "En attente…" not in page
    assert "PDF prêts : 1 sur 2" in page
    assert 'value="50"' in page  # the bar says it too
    left = page.split('class="left-out"')[1].split("</div>")[0]
    assert "Toujours En Route" in left and "pas terminé" in left
    assert "Déjà Prête" not in left


def test_a_comment_prepares_the_pdf_in_the_cohorts_language(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    with app.app_context():
        cohort = db.session.scalars(db.select(Cohort).filter_by(public_id=group)).one()
        cohort.lang = "en"  # an English cohort; the participant answered in French
        db.session.commit()
    public_id = diagnostic(app, "Les Amis du Quartier", group, "association_jeune.json")
    app.config["PDF_PRERENDER"] = True
    url = f"/formateur/groupes/{group}/participants/{public_id}"
    page = client.get(url).get_data(as_text=True)
    client.post(url, data={"csrf_token": csrf_token(page), "stage": "",
                           "text": "Bravo pour ce premier diagnostic."})
    app.extensions["parcours_jobs"].wait()
    with app.app_context():
        found = find(public_id)
        keys = set(db.session.scalars(db.select(RenderedPdf.key)))
        diagnostic_id = db.session.scalars(db.select(Diagnostic.id).filter_by(
            public_id=public_id)).one()
        assert cache_key(found, "en") in keys  # what the trainer and the ZIP download
        assert cache_key(found, "fr") in keys  # what the participant downloads
        assert db.session.query(Job).count() == 0 and diagnostic_id
