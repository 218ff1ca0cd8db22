"""The access log: each trainer or admin view, download and export of a participant's data
records exactly the rows it should; the participant reads them, and nobody else does."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text

from parcours.infra.extensions import db
from parcours.models import AccessLog, Cohort, Diagnostic, User
from parcours.services import access_log
from parcours.trainer.services import set_display_name

from ..conftest import csrf_token
from .people import cohort, diagnostic, login, user


@pytest.fixture
def world(app: Flask) -> SimpleNamespace:
    """A trainer « Claire » with a cohort of two completed diagnostics and one in progress."""
    user(app, "claire@example.org")
    with app.app_context():
        set_display_name(User.query.filter_by(email="claire@example.org").one(), "Claire")
    group = cohort(app, "claire@example.org")
    first = diagnostic(app, "Les Amis du Quartier", group, "association_jeune.json")
    second = diagnostic(app, "Propreté Services", group)
    started = diagnostic(app, "Pas Fini", group, complete=False)
    trainer = app.test_client()
    login(trainer, "claire@example.org")
    return SimpleNamespace(cohort=group, first=first, second=second, started=started,
                           trainer=trainer)


def rows(app: Flask) -> list[tuple[str, str, str | None, str, str, str]]:
    """Every row: (action, organisation, actor's name, e-mail, role, cohort's name)."""
    with app.app_context():
        found = db.session.scalars(select(AccessLog).order_by(AccessLog.id)).all()
        names = {d.id: d.organisation.name for d in Diagnostic.query.all()}
        cohorts = {c.id: c.name for c in Cohort.query.all()}
        return [(r.action, names.get(r.diagnostic_id, "?"), r.actor_name, r.actor_email,
                 r.actor_role, cohorts.get(r.cohort_id, None)) for r in found]


def review_url(world: SimpleNamespace, public_id: str) -> str:
    return f"/formateur/groupes/{world.cohort}/participants/{public_id}"


def test_the_review_page_records_one_row_per_view_its_answers_before_results(
        app: Flask, world: SimpleNamespace) -> None:
    assert world.trainer.get(review_url(world, world.first)).status_code == 200
    assert rows(app) == [("results_viewed", "Les Amis du Quartier", "Claire",
                          "claire@example.org", "trainer", "Promotion automne")]
    world.trainer.get(review_url(world, world.first))
    assert len(rows(app)) == 2
    # a diagnostic in progress: no results, but its answers so far are read on screen
    assert world.trainer.get(review_url(world, world.started)).status_code == 200
    assert [r[:2] for r in rows(app)][2:] == [("answers_read", "Pas Fini")]


def test_the_participant_pdf_records_a_download(app: Flask, world: SimpleNamespace) -> None:
    response = world.trainer.get(review_url(world, world.first) + "/feuille-de-route.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert [r[:2] for r in rows(app)] == [("pdf_downloaded", "Les Amis du Quartier")]
    again = world.trainer.get(review_url(world, world.first) + "/feuille-de-route.pdf",
                              headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304  # the browser shows its copy again: opened again
    assert [r[0] for r in rows(app)] == ["pdf_downloaded", "pdf_downloaded"]


@pytest.mark.parametrize("path", ["reponses.csv", "reponses.csv?sep=;", "reponses.json"])
def test_answer_files_record_one_row_per_diagnostic_they_hold(
        app: Flask, world: SimpleNamespace, path: str) -> None:
    assert world.trainer.get(f"/formateur/groupes/{world.cohort}/{path}").status_code == 200
    assert sorted(r[:2] for r in rows(app)) == [
        ("answers_viewed", "Les Amis du Quartier"), ("answers_viewed", "Pas Fini"),
        ("answers_viewed", "Propreté Services")]


def test_the_zip_export_records_its_diagnostics_when_downloaded(
        app: Flask, world: SimpleNamespace) -> None:
    dashboard = world.trainer.get(f"/formateur/groupes/{world.cohort}").get_data(as_text=True)
    started = world.trainer.post(f"/formateur/groupes/{world.cohort}/export",
                                 data={"csrf_token": csrf_token(dashboard)})
    app.extensions["parcours_jobs"].wait()
    assert rows(app) == []  # made, not yet read by anyone
    status = started.headers["Location"]
    download = world.trainer.get(status + "/telecharger")
    assert download.status_code == 200 and download.data.startswith(b"PK")
    assert sorted(r[:2] for r in rows(app)) == [("export_downloaded", "Les Amis du Quartier"),
                                                ("export_downloaded", "Propreté Services")]


def test_aggregated_pages_record_nothing(app: Flask, world: SimpleNamespace) -> None:
    base = f"/formateur/groupes/{world.cohort}"
    for url in (base, base + "/synthese", "/formateur/"):
        assert world.trainer.get(url).status_code == 200
    assert world.trainer.get(base + "/synthese.pdf").status_code == 200
    assert rows(app) == []


def test_an_admin_is_recorded_as_an_admin(app: Flask, world: SimpleNamespace) -> None:
    user(app, "root@example.org", "admin")
    admin = app.test_client()
    login(admin, "root@example.org")
    assert admin.get(review_url(world, world.second)).status_code == 200
    assert rows(app) == [("results_viewed", "Propreté Services", None, "root@example.org",
                          "admin", "Promotion automne")]


def test_a_participant_opening_its_own_diagnostic_is_not_recorded(
        app: Flask, world: SimpleNamespace) -> None:
    participant = _participant_of(app, world.first)
    for url in ("resultats", "revue", "reponses.json", "feuille-de-route.pdf", "acces"):
        assert participant.get(f"/d/{world.first}/{url}").status_code == 200, url
    assert participant.get("/mon-compte").status_code == 200
    assert rows(app) == []


def test_a_trainer_opening_its_own_diagnostic_is_not_recorded(
        app: Flask, world: SimpleNamespace) -> None:
    with app.app_context():
        mine = Diagnostic.query.filter_by(public_id=world.second).one()
        mine.user_id = User.query.filter_by(email="claire@example.org").one().id
        db.session.commit()
    world.trainer.get(review_url(world, world.second))
    world.trainer.get(f"/formateur/groupes/{world.cohort}/reponses.json")
    assert sorted(r[:2] for r in rows(app)) == [("answers_viewed", "Les Amis du Quartier"),
                                                ("answers_viewed", "Pas Fini")]


def _participant_of(app: Flask, public_id: str) -> FlaskClient:
    """A browser holding the diagnostic, through the account that owns it."""
    email = f"p-{public_id[:6].lower()}@example.org"
    user(app, email, "participant")
    with app.app_context():
        found = Diagnostic.query.filter_by(public_id=public_id).one()
        found.user_id = User.query.filter_by(email=email).one().id
        db.session.commit()
    client = app.test_client()
    login(client, email)
    return client


def test_the_participant_reads_who_opened_what_and_when(
        app: Flask, world: SimpleNamespace) -> None:
    world.trainer.get(review_url(world, world.first))
    world.trainer.get(review_url(world, world.first) + "/feuille-de-route.pdf")
    participant = _participant_of(app, world.first)
    results = participant.get(f"/d/{world.first}/resultats").get_data(as_text=True)
    assert "Qui a consulté ce diagnostic" in results
    assert "Résultats consultés par votre formateur (Claire) le " in results
    assert "Feuille de route (PDF) téléchargée par votre formateur (Claire)" in results
    assert " à " in results and " h " in results  # « le 27 novembre 2026 à 14 h 05 »
    assert "claire@example.org" not in results  # a name, never the e-mail
    # newest first, on its page of all entries
    full = participant.get(f"/d/{world.first}/acces").get_data(as_text=True)
    assert full.index("Feuille de route (PDF)") < full.index("Résultats consultés")
    assert "claire@example.org" not in full
    account = participant.get("/mon-compte").get_data(as_text=True)
    assert "Feuille de route (PDF) téléchargée par votre formateur (Claire)" in account
    assert f"/d/{world.first}/acces" in account
    participant.get("/lang/en")
    english = participant.get(f"/d/{world.first}/acces").get_data(as_text=True)
    assert "Roadmap (PDF) downloaded by your trainer (Claire) on " in english


def test_many_entries_are_paged_for_the_participant(app: Flask, world: SimpleNamespace) -> None:
    for _ in range(3):
        world.trainer.get(review_url(world, world.first))
    participant = _participant_of(app, world.first)
    results = participant.get(f"/d/{world.first}/resultats").get_data(as_text=True)
    assert results.count("Résultats consultés par") == 3
    with app.app_context():
        d = Diagnostic.query.filter_by(public_id=world.first).one()
        claire = User.query.filter_by(email="claire@example.org").one()
        for _ in range(60):
            access_log.record(claire, access_log.RESULTS_VIEWED, [d.id])
    first = participant.get(f"/d/{world.first}/acces").get_data(as_text=True)
    assert first.count("Résultats consultés par") == 50 and "Page 1 sur 2" in first
    second = participant.get(f"/d/{world.first}/acces?page=2").get_data(as_text=True)
    assert second.count("Résultats consultés par") == 13
    assert participant.get(f"/d/{world.first}/acces?page=²").status_code == 400


def test_a_stranger_cannot_read_a_diagnostics_log(app: Flask, world: SimpleNamespace) -> None:
    world.trainer.get(review_url(world, world.first))
    assert app.test_client().get(f"/d/{world.first}/acces").status_code == 404
    user(app, "other@example.org", "participant")
    other = app.test_client()
    login(other, "other@example.org")
    assert other.get(f"/d/{world.first}/acces").status_code == 404
    # the trainer reads the participant's data on its own pages, not the participant's log
    assert world.trainer.get(f"/d/{world.first}/acces").status_code == 404


def test_a_failed_write_is_logged_and_the_page_still_served(
        app: Flask, world: SimpleNamespace, caplog: pytest.LogCaptureFixture) -> None:
    with app.app_context():
        db.session.execute(text("ALTER TABLE access_log RENAME TO access_log_away"))
        db.session.commit()
    try:
        with caplog.at_level(logging.ERROR):
            assert world.trainer.get(review_url(world, world.first)).status_code == 200
            csv = world.trainer.get(f"/formateur/groupes/{world.cohort}/reponses.csv")
            assert csv.status_code == 200 and csv.data
        assert "access log: results_viewed" in caplog.text
        assert "access log: answers_viewed" in caplog.text
    finally:
        with app.app_context():
            db.session.execute(text("ALTER TABLE access_log_away RENAME TO access_log"))
            db.session.commit()


def test_rows_outlive_the_actor_and_die_with_the_diagnostic(
        app: Flask, world: SimpleNamespace) -> None:
    user(app, "root@example.org", "admin")
    admin = app.test_client()
    login(admin, "root@example.org")
    admin.get(review_url(world, world.first))
    world.trainer.get(review_url(world, world.second))
    with app.app_context():
        db.session.delete(User.query.filter_by(email="root@example.org").one())
        db.session.commit()
        kept = db.session.scalars(select(AccessLog).order_by(AccessLog.id)).all()
        assert [(r.actor_id, r.actor_email) for r in kept][0] == (None, "root@example.org")
        db.session.delete(Diagnostic.query.filter_by(public_id=world.second).one())
        db.session.commit()
        assert db.session.scalar(select(text("count(*)")).select_from(AccessLog)) == 1
