"""Leaving a cohort withdraws consent (issue 13, item 8): exports made before no longer hold
the participant, and comments stay with the cohort they were written in."""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient

from parcours.models import Cohort, Diagnostic
from parcours.reports.cache import find
from parcours.services import cohorts as membership

from ..conftest import csrf_token
from .people import cohort, diagnostic, login, user


def _trainer(app: Flask, email: str, name: str) -> tuple[FlaskClient, str]:
    user(app, email)
    group = cohort(app, email, name)
    client = app.test_client()
    login(client, email)
    return client, group


def _leave(app: Flask, public_id: str, join: str | None = None) -> None:
    with app.app_context():
        found = Diagnostic.query.filter_by(public_id=public_id).one()
        membership.leave(found)
        if join:
            membership.join(found, Cohort.query.filter_by(public_id=join).one())


def test_an_export_made_before_leaving_can_no_longer_be_downloaded(app: Flask) -> None:
    trainer, group = _trainer(app, "a@example.org", "Groupe A")
    leaver = diagnostic(app, "Partie Depuis", group, "association_jeune.json")
    diagnostic(app, "Reste Là", group, "entreprise_moyenne.json")
    page = trainer.get(f"/formateur/groupes/{group}").get_data(as_text=True)
    job_url = trainer.post(f"/formateur/groupes/{group}/export",
                           data={"csrf_token": csrf_token(page)}).headers["Location"]
    app.extensions["parcours_jobs"].wait()
    assert trainer.get(job_url + "/telecharger").status_code == 200
    _leave(app, leaver)
    assert trainer.get(job_url + "/telecharger").status_code == 404
    status = html.unescape(trainer.get(job_url).get_data(as_text=True))
    assert "a quitté le groupe" in status and "Relancer l'export" in status


def test_comments_belong_to_the_cohort_they_were_written_in(app: Flask) -> None:
    first, group_a = _trainer(app, "a@example.org", "Groupe A")
    second, group_b = _trainer(app, "b@example.org", "Groupe B")
    participant = diagnostic(app, "Les Amis du Quartier", group_a, "association_jeune.json")
    url_a = f"/formateur/groupes/{group_a}/participants/{participant}"
    page = first.get(url_a).get_data(as_text=True)
    first.post(url_a, data={"csrf_token": csrf_token(page), "stage": "",
                            "text": "Remarque réservée au groupe A."})
    page = first.get(url_a).get_data(as_text=True)
    comment_id = re.search(r"/commentaires/(\d+)", page).group(1)
    _leave(app, participant, join=group_b)
    url_b = f"/formateur/groupes/{group_b}/participants/{participant}"
    page = second.get(url_b).get_data(as_text=True)
    assert "Remarque réservée au groupe A." not in page
    deleted = second.post(f"{url_b}/commentaires/{comment_id}",
                          data={"csrf_token": csrf_token(page)})
    assert deleted.status_code == 404
    with app.app_context():
        assert find(participant).comments == ()  # nor in the PDF the new trainer downloads
