"""Issue 30, L2: a trainer cannot read a participant's figures without the access log knowing,
neither through the overview of a cohort too small to hide anyone, nor by attaching the
participant's diagnostic to its own account (the log leaves out one's own diagnostics)."""

from __future__ import annotations

from flask import Flask

from parcours.models import Diagnostic

from ..conftest import csrf_token
from .participant import Participant
from .people import cohort, diagnostic, login, row, user
from .test_access_log import rows


def test_the_overview_of_a_cohort_under_five_shows_no_ones_figures(app: Flask) -> None:
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    only = diagnostic(app, "Seule Association", group, "association_jeune.json")
    score = round(row(app, only).global_score)
    trainer = app.test_client()
    login(trainer, "f@example.org")
    page = trainer.get(f"/formateur/groupes/{group}/synthese").get_data(as_text=True)
    assert "moins de cinq" in page
    # the mean of one is its score: neither the mean, the radar nor the table are shown
    assert f"Score global moyen : {score} / 100" not in page
    assert "<svg" not in page and "scores-table" not in page
    pdf = trainer.get(f"/formateur/groupes/{group}/synthese.pdf")
    assert pdf.status_code == 200
    from ..reports.pdftext import squash, text
    body = squash(text(pdf.data))
    assert squash("moins de cinq") in body.lower() and squash(f"{score} / 100") not in body
    assert rows(app) == []  # nothing read, nothing logged


def test_a_trainer_cannot_attach_a_participants_diagnostic_to_its_account(app: Flask) -> None:
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    # the trainer, at the participant's computer (or holding its link), opens its diagnostic
    browser = app.test_client()
    participant = Participant(browser)
    participant.start(name="Association Observée")
    with app.app_context():
        from parcours.infra.extensions import db
        from parcours.models import Cohort
        from parcours.services.cohorts import join

        join(Diagnostic.query.filter_by(public_id=participant.public_id).one(),
             Cohort.query.filter_by(public_id=group).one())
        db.session.commit()
    response = login(browser, "f@example.org")
    assert response.status_code == 302
    assert "/connexion/rattacher" not in response.headers["Location"]  # never offered
    # nor taken by asking for it anyway
    asked = browser.get("/connexion/rattacher")
    if asked.status_code == 200:
        browser.post("/connexion/rattacher",
                     data={"csrf_token": csrf_token(asked.get_data(as_text=True)),
                           "choice": "oui"})
    with app.app_context():
        assert Diagnostic.query.filter_by(public_id=participant.public_id).one().user_id is None
    # so the trainer's reading of it is logged
    url = f"/formateur/groupes/{group}/participants/{participant.public_id}"
    assert browser.get(url).status_code == 200
    assert [r[:2] for r in rows(app)] == [("answers_read", "Association Observée")]


def test_a_participant_account_still_attaches_its_own(app: Flask) -> None:
    someone = user(app, "p@example.org", "participant")
    browser = app.test_client()
    mine = Participant(browser)
    mine.start(name="Mon association")
    response = login(browser, "p@example.org")
    question = browser.get(response.headers["Location"]).get_data(as_text=True)
    browser.post(response.headers["Location"],
                 data={"csrf_token": csrf_token(question), "choice": "oui"})
    with app.app_context():
        assert Diagnostic.query.filter_by(public_id=mine.public_id).one().user_id == someone.id
