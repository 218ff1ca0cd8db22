"""A cohort is for one questionnaire: created so, joined only by its diagnostics, migrated so."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from parcours import create_app
from parcours.infra.extensions import db
from parcours.models import Cohort

from ..conftest import _config, csrf_token
from .participant import Participant
from .people import login, user


def test_a_trainer_creates_a_cohort_for_the_flash_diagnostic(app: Flask,
                                                              client: FlaskClient) -> None:
    user(app, "t@example.org")
    login(client, "t@example.org")
    page = client.get("/formateur/").get_data(as_text=True)
    assert 'name="questionnaire" id="questionnaire-adoc" value="adoc" checked' in page
    assert "Diagnostic flash A.D.O.C. (environ 10 min)" in page
    response = client.post("/formateur/", data={
        "csrf_token": csrf_token(page), "name": "Forum des associations", "lang": "fr",
        "questionnaire": "flash"})
    assert response.status_code == 302
    dashboard = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Questionnaire : Diagnostic flash A.D.O.C." in dashboard
    with app.app_context():
        assert Cohort.query.one().questionnaire_key == "flash"
    # a participant following the cohort's link starts the flash diagnostic, whatever it clicked
    join_url = re.search(r'id="join-url" value="([^"]+)"', dashboard).group(1)
    participant = app.test_client()
    participant.get(join_url.split("localhost", 1)[-1])
    start = participant.get("/commencer/adoc").get_data(as_text=True)
    assert "Commencer\u00a0: Diagnostic flash A.D.O.C." in start


def test_an_unknown_questionnaire_is_refused(app: Flask, client: FlaskClient) -> None:
    user(app, "t@example.org")
    login(client, "t@example.org")
    page = client.get("/formateur/").get_data(as_text=True)
    response = client.post("/formateur/", data={
        "csrf_token": csrf_token(page), "name": "G", "lang": "fr", "questionnaire": "nope"})
    assert response.status_code == 422
    with app.app_context():
        assert Cohort.query.count() == 0
    assert client.get("/commencer/nope").status_code == 404


def test_only_diagnostics_of_the_cohorts_questionnaire_may_join(app: Flask,
                                                                client: FlaskClient) -> None:
    user(app, "t@example.org")
    trainer = app.test_client()
    login(trainer, "t@example.org")
    page = trainer.get("/formateur/").get_data(as_text=True)
    dashboard = trainer.post("/formateur/", data={
        "csrf_token": csrf_token(page), "name": "Promotion", "lang": "fr"},
        follow_redirects=True).get_data(as_text=True)
    code = re.search(r'id="join-code">([A-Z0-9-]+)<', dashboard).group(1)
    flash = Participant(client)
    flash.start("Club de hand", "association", key="flash")
    page = client.get("/rejoindre").get_data(as_text=True)
    client.post("/rejoindre", data={"csrf_token": csrf_token(page), "code": code})
    confirm = client.get("/rejoindre/confirmer").get_data(as_text=True)
    assert "Ce groupe remplit le questionnaire «\u00a0Parcours A.D.O.C.\u00a0»" in confirm
    assert "Club de hand" not in confirm  # a flash diagnostic is not offered
    token = csrf_token(client.get("/rejoindre").get_data(as_text=True))
    response = client.post(f"/d/{flash.public_id}/groupe",
                           data={"csrf_token": token, "consent": "1"},
                           follow_redirects=True)
    assert "Ce groupe remplit un autre questionnaire" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(text("SELECT cohort_id FROM diagnostic")) is None


def _insert(table: str, **values: object) -> None:
    """A row as an older version of the app wrote it: the given values, and a plain value in
    every other column that must have one."""
    run = db.session.execute
    for _, name, kind, notnull, default, _ in run(text(f'PRAGMA table_info("{table}")')):
        if name in values or not notnull or default is not None:
            continue
        kind = kind.upper()
        values[name] = (1 if "INT" in kind or "BOOL" in kind else
                        "2026-01-01 00:00:00" if "DATE" in kind or "TIME" in kind else
                        "{}" if "JSON" in kind else f"{table}-{name}-{values.get('id')}")
    columns = ", ".join(f'"{name}"' for name in values)
    marks = ", ".join(f":{name}" for name in values)
    run(text(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})'), values)  # noqa: S608 - our names


def test_older_cohorts_take_their_latest_diagnostics_questionnaire(tmp_path: Path) -> None:
    app = create_app(_config(f"sqlite:///{tmp_path / 'old.db'}"))
    with app.app_context():
        upgrade(revision="c6e8f0a2b4d6")
        _insert("user", id=1, email="t@example.org", role="trainer")
        for cohort_id in (1, 2):
            _insert("cohort", id=cohort_id, public_id=f"c{cohort_id}", trainer_id=1)
        _insert("organisation", id=1, name="O", kind="association")
        for diagnostic_id, key in ((1, "adoc"), (2, "flash"), (3, "adoc")):
            _insert("diagnostic", id=diagnostic_id, public_id=f"d{diagnostic_id}",
                    organisation_id=1, cohort_id=1 if diagnostic_id < 3 else None,
                    questionnaire_key=key)
        db.session.commit()
        upgrade()
        keys = dict(db.session.execute(text("SELECT id, questionnaire_key FROM cohort")).all())
        assert keys == {1: "flash", 2: "adoc"}  # its latest diagnostic's; the default without
        db.session.remove()
        downgrade(revision="c6e8f0a2b4d6")
        assert "questionnaire_key" not in {
            row[1] for row in db.session.execute(text("PRAGMA table_info(cohort)")).all()}
        db.session.remove()
        db.engine.dispose()
