"""E-mail, with a real SMTP server started by the test (aiosmtpd): what arrives, to whom, in
which language, with which link; retries and failures; nothing at all without SMTP."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from parcours.infra.extensions import db
from parcours.models import Cohort, Diagnostic, Mail
from parcours.services.cohorts import join

from ..conftest import csrf_token
from .mailbox import PUBLIC, Inbox, free_port, parts, wait, with_mail
from .participant import Participant
from .people import cohort, login, user


def ask_link(client: FlaskClient, participant: Participant, address: str,
             keep: bool = False) -> object:
    page = client.get(f"/d/{participant.public_id}/lien").get_data(as_text=True)
    form = {"csrf_token": csrf_token(page), "email": address, **({"keep": "y"} if keep else {})}
    return client.post(f"/d/{participant.public_id}/lien/email", data=form)


def mails(app: Flask) -> list[Mail]:
    with app.app_context():
        found = db.session.scalars(db.select(Mail).order_by(Mail.id)).all()
        db.session.expunge_all()
        return list(found)


def diagnostic_row(app: Flask, public_id: str) -> Diagnostic:
    with app.app_context():
        found = Diagnostic.query.filter_by(public_id=public_id).one()
        db.session.expunge(found)
        return found


def test_the_resume_link_arrives_in_french_with_both_parts_and_the_address_is_not_kept(
        app: Flask, client: FlaskClient, inbox: tuple[Inbox, int]) -> None:
    server, port = inbox
    with_mail(app, port)
    participant = Participant(client)
    participant.start()
    assert participant.resume_url.startswith(PUBLIC + "/reprendre/")
    page = client.get(f"/d/{participant.public_id}/lien").get_data(as_text=True)
    assert "Recevoir ce lien par e-mail" in page and 'name="keep"' in page
    response = ask_link(client, participant, "Claire@Example.org")
    assert response.status_code == 302
    assert "Claire@example.org" in client.get(response.headers["Location"]).get_data(as_text=True)
    wait(app)
    [(recipients, message)] = server.messages
    assert recipients == ["Claire@example.org"] and message["To"] == "Claire@example.org"
    assert message["Subject"] == "Votre lien pour reprendre « Parcours A.D.O.C. »"
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Parcours A.D.O.C.", "parcours@example.org")
    assert message["Content-Language"] == "fr"
    text, html = parts(message)
    assert participant.resume_url in text and f'href="{participant.resume_url}"' in html
    assert participant.code in text and participant.code in html
    assert "Les Amis du Quartier" in text and '<html lang="fr">' in html
    assert "l'adresse n'est pas gardée" in text
    [row] = mails(app)
    assert (row.kind, row.status, row.attempts) == ("resume_link", "sent", 1)
    assert row.recipient == "C…@example.org" and row.sent_at is not None  # masked once sent
    assert diagnostic_row(app, participant.public_id).notify_email is None


def test_the_resume_link_arrives_in_english_for_an_english_participant(
        app: Flask, client: FlaskClient, inbox: tuple[Inbox, int]) -> None:
    server, port = inbox
    with_mail(app, port)
    client.get("/lang/en")
    participant = Participant(client)
    participant.start(name="Friends of the Square")
    page = client.get(f"/d/{participant.public_id}/lien").get_data(as_text=True)
    assert "Get this link by e-mail" in page
    assert ask_link(client, participant, "sam@example.org").status_code == 302
    wait(app)
    [(_, message)] = server.messages
    assert message["Subject"] == "Your link to resume “A.D.O.C. pathway”"
    assert message["Content-Language"] == "en"
    text, html = parts(message)
    assert text.startswith("Hello,") and participant.resume_url in text
    assert '<html lang="en">' in html and "Resume my diagnostic" in html
    assert "Votre" not in text + html


def test_a_kept_address_hears_of_the_roadmap_and_of_comments_once_an_hour(
        app: Flask, client: FlaskClient, inbox: tuple[Inbox, int]) -> None:
    server, port = inbox
    with_mail(app, port)
    user(app, "formatrice@example.org")
    group = cohort(app, "formatrice@example.org")
    participant = Participant(client)
    participant.start()
    assert ask_link(client, participant, "claire@example.org", keep=True).status_code == 302
    assert diagnostic_row(app, participant.public_id).notify_email == "claire@example.org"
    results = participant.complete()
    assert "claire@example.org" in results and "Ne plus me prévenir" in results
    wait(app)
    assert [m["Subject"] for _, m in server.messages] == [
        "Votre lien pour reprendre « Parcours A.D.O.C. »",
        "Votre feuille de route est prête — Parcours A.D.O.C."]
    text, html = parts(server.messages[1][1])
    assert participant.resume_url in text and participant.resume_url in html
    assert "Ne plus me prévenir" in text
    with app.app_context():
        join(Diagnostic.query.filter_by(public_id=participant.public_id).one(),
             Cohort.query.filter_by(public_id=group).one())
    trainer = app.test_client()
    login(trainer, "formatrice@example.org")
    url = f"/formateur/groupes/{group}/participants/{participant.public_id}"
    for words in ("Commencez par votre projet.", "Et parlez-en au bureau."):
        page = trainer.get(url).get_data(as_text=True)
        trainer.post(url, data={"csrf_token": csrf_token(page), "stage": "", "text": words})
    wait(app)
    assert len(server.messages) == 3  # two comments, one message
    recipients, notice = server.messages[2]
    assert recipients == ["claire@example.org"]
    assert notice["Subject"] == "Un nouveau commentaire sur votre diagnostic — Parcours A.D.O.C."
    text, _ = parts(notice)
    assert participant.resume_url in text
    assert "Commencez par votre projet." not in text  # the comment stays on the site


def test_an_address_taken_back_hears_nothing_more(
        app: Flask, client: FlaskClient, inbox: tuple[Inbox, int]) -> None:
    server, port = inbox
    with_mail(app, port)
    participant = Participant(client)
    participant.start()
    ask_link(client, participant, "claire@example.org", keep=True)
    page = client.get(f"/d/{participant.public_id}/lien").get_data(as_text=True)
    assert "Vous avez demandé à être prévenu à l'adresse claire@example.org" in page
    response = client.post(f"/d/{participant.public_id}/email/retirer",
                           data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert "Votre adresse e-mail est effacée" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert diagnostic_row(app, participant.public_id).notify_email is None
    participant.complete()
    wait(app)
    assert [m["Subject"] for _, m in server.messages] == [
        "Votre lien pour reprendre « Parcours A.D.O.C. »"]
    bad = client.post(f"/d/{participant.public_id}/email/retirer", data={})
    assert bad.status_code == 400


@pytest.mark.parametrize("address", ["", "   ", "pas une adresse", "a@b\r\nBcc: x@example.org",
                                     "x" * 250 + "@example.org"])
def test_a_bad_address_is_refused_with_a_summary_and_nothing_is_queued(
        app: Flask, client: FlaskClient, inbox: tuple[Inbox, int], address: str) -> None:
    _, port = inbox
    with_mail(app, port)
    participant = Participant(client)
    participant.start()
    response = ask_link(client, participant, address)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'class="error-summary"' in page and 'href="#email"' in page
    assert re.search(r'<input[^>]*id="email"[^>]*aria-invalid="true"', page)
    assert participant.resume_url in page  # the page is the link page, in error
    assert response.headers["Cache-Control"] == "no-store"
    assert mails(app) == []


def test_a_refused_connection_is_retried_then_recorded_as_failed_and_logged(
        app: Flask, client: FlaskClient, runner: FlaskCliRunner,
        caplog: pytest.LogCaptureFixture) -> None:
    with_mail(app, free_port())  # nothing listens there
    participant = Participant(client)
    participant.start()
    with caplog.at_level(logging.WARNING, logger="parcours.mail.outbox"):
        assert ask_link(client, participant, "claire@example.org").status_code == 302
        wait(app)
    [row] = mails(app)
    assert (row.status, row.attempts, row.recipient) == ("failed", 3, "claire@example.org")
    assert "ConnectionRefusedError" in (row.last_error or "")
    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(failures) == 1 and "failed after 3 attempt(s)" in failures[0].getMessage()
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 2
    result = runner.invoke(args=["parcours", "mail-status"])
    assert result.exit_code == 0, result.output
    assert "failed: 1" in result.output and "claire@example.org" in result.output
    assert "ConnectionRefusedError" in result.output


def test_without_smtp_nothing_is_attempted_and_pages_are_unchanged(
        app: Flask, client: FlaskClient, runner: FlaskCliRunner) -> None:
    assert not app.config["MAIL_SMTP_URL"]
    participant = Participant(client)
    participant.start()
    page = client.get(f"/d/{participant.public_id}/lien").get_data(as_text=True)
    assert "par e-mail" not in page and 'name="email"' not in page
    form = {"csrf_token": csrf_token(page), "email": "claire@example.org"}
    assert client.post(f"/d/{participant.public_id}/lien/email", data=form).status_code == 404
    with app.app_context():  # even an address kept while e-mail was configured
        Diagnostic.query.filter_by(public_id=participant.public_id).one().notify_email = \
            "claire@example.org"
        db.session.commit()
    participant.complete()
    wait(app)
    assert mails(app) == []
    result = runner.invoke(args=["parcours", "mail-status"])
    assert "e-mail is not configured" in result.output


def test_mail_through_rq_and_a_real_worker(app: Flask, client: FlaskClient, database_url: str,
                                           inbox: tuple[Inbox, int], redis_url: str) -> None:
    server, port = inbox
    with_mail(app, port)
    queue = f"parcours-test-{uuid.uuid4().hex[:8]}"
    app.config.update(REDIS_URL=redis_url, RQ_QUEUE=queue)
    participant = Participant(client)
    participant.start()
    assert ask_link(client, participant, "claire@example.org").status_code == 302
    assert [m.status for m in mails(app)] == ["queued"] and server.messages == []
    rq = Path(sys.executable).parent / "rq"
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
           "PARCOURS_SMTP_URL": f"smtp://127.0.0.1:{port}", "PARCOURS_PUBLIC_URL": PUBLIC,
           "PARCOURS_MAIL_FROM": "parcours@example.org"}
    done = subprocess.run([str(rq), "worker", "--burst", "--url", redis_url, queue],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    [(recipients, message)] = server.messages
    assert recipients == ["claire@example.org"]
    assert participant.resume_url in parts(message)[0]
    assert [m.status for m in mails(app)] == ["sent"]
