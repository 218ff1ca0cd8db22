"""An export whose worker died is marked failed after a timeout, and its page offers to start
it again (issue 13, item 14; six exports at once under gunicorn: tests/load/)."""

from __future__ import annotations

import html
from datetime import timedelta

from flask import Flask

from parcours.infra.extensions import db
from parcours.models import Cohort, Job, User, utcnow

from ..conftest import csrf_token
from .people import cohort, diagnostic, login, user


def test_an_export_whose_worker_died_fails_after_a_timeout(app: Flask) -> None:
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    diagnostic(app, "Association Un", group, "association_jeune.json")
    with app.app_context():  # a job left « running » by a worker that died an hour ago
        an_hour_ago = utcnow() - timedelta(hours=1)
        job = Job(kind="cohort_export", status="running", total=1, report={},
                  cohort_id=Cohort.query.filter_by(public_id=group).one().id,
                  requested_by=User.query.filter_by(email="f@example.org").one().id,
                  created_at=an_hour_ago, updated_at=an_hour_ago)
        db.session.add(job)
        db.session.commit()
        job_id = job.public_id
    client = app.test_client()
    login(client, "f@example.org")
    page = html.unescape(client.get(f"/formateur/exports/{job_id}").get_data(as_text=True))
    assert 'http-equiv="refresh"' not in page  # it no longer waits for ever
    assert "L'export s'est interrompu" in page and "Relancer l'export" in page
    with app.app_context():
        assert Job.query.filter_by(public_id=job_id).one().status == "failed"
    again = client.post(f"/formateur/groupes/{group}/export", data={"csrf_token": csrf_token(
        client.get(f"/formateur/exports/{job_id}").get_data(as_text=True))})
    assert again.status_code == 302
    app.extensions["parcours_jobs"].wait()
    assert "Télécharger le ZIP" in client.get(again.headers["Location"]).get_data(as_text=True)
