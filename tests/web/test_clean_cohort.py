"""Issue 31, item 4: a clean cohort. The trainer removes a participant after a page that says
what each side keeps and loses; it is logged, and the participant is told. Two rows of one
organisation can be marked as duplicates: counts and exports keep one."""

from __future__ import annotations

import csv
import io

from flask import Flask
from flask.testing import FlaskClient

from parcours.models import AccessLog, Cohort
from parcours.services import cohorts as membership

from ..conftest import csrf_token
from .participant import Participant
from .people import cohort, diagnostic, login, row, user


def _join(app: Flask, client: FlaskClient, group: str) -> Participant:
    participant = Participant(client)
    participant.start()
    with app.app_context():
        token, _ = membership.invitation(Cohort.query.filter_by(public_id=group).one())
    client.get(f"/rejoindre/{token}")
    page = client.get("/rejoindre/confirmer").get_data(as_text=True)
    client.post(f"/d/{participant.public_id}/groupe",
                data={"csrf_token": csrf_token(page), "consent": "1"})
    return participant


def test_a_trainer_removes_a_participant_after_saying_what_each_side_keeps(
        app: Flask, client: FlaskClient) -> None:
    user(app, "f@example.org")
    with app.app_context():
        from parcours.models import User
        from parcours.trainer.services import set_display_name
        set_display_name(User.query.filter_by(email="f@example.org").one(), "Claire")
    group = cohort(app, "f@example.org")
    participant = _join(app, client, group)
    trainer = app.test_client()
    login(trainer, "f@example.org")
    review = f"/formateur/groupes/{group}/participants/{participant.public_id}"
    assert "Retirer ce participant du groupe" in trainer.get(review).get_data(as_text=True)
    ask = trainer.get(f"{review}/retirer")
    page = ask.get_data(as_text=True).replace("&#39;", "'")
    assert ask.status_code == 200
    for said in ("Le participant garde", "son lien et son code de reprise",
                 "Vous perdez", "l'accès à ses résultats", "les exports déjà faits"):
        assert said in page, said
    assert row(app, participant.public_id).cohort_id is not None  # asking changed nothing
    done = trainer.post(f"{review}/retirer", data={"csrf_token": csrf_token(page)})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/groupes/{group}")
    assert row(app, participant.public_id).cohort_id is None
    assert trainer.get(review).status_code == 404
    dashboard = trainer.get(f"/formateur/groupes/{group}").get_data(as_text=True)
    assert "Participants : 0" in dashboard
    with app.app_context():
        logged = AccessLog.query.filter_by(action="removed_from_cohort").one()
        assert logged.actor_email == "f@example.org" and logged.cohort_id is not None
    # the participant keeps its diagnostic and link, and is told who removed it
    link_page = client.get(f"/d/{participant.public_id}/lien")
    told = link_page.get_data(as_text=True).replace("&#39;", "'")
    assert link_page.status_code == 200
    assert "Claire a retiré ce diagnostic du groupe «\u00a0Promotion automne\u00a0»" in told
    assert "restent les vôtres" in told
    access = client.get(f"/d/{participant.public_id}/acces").get_data(as_text=True)
    assert "Diagnostic retiré du groupe par votre formateur (Claire)" in access


def test_removing_needs_the_trainer_of_the_cohort_and_a_csrf_token(app: Flask) -> None:
    user(app, "f@example.org")
    user(app, "autre@example.org")
    group = cohort(app, "f@example.org")
    one = diagnostic(app, "Les Amis du Quartier", group)
    other = app.test_client()
    login(other, "autre@example.org")
    url = f"/formateur/groupes/{group}/participants/{one}/retirer"
    assert other.get(url).status_code == 404
    page = other.get("/formateur/").get_data(as_text=True)
    assert other.post(url, data={"csrf_token": csrf_token(page)}).status_code == 404
    trainer = app.test_client()
    login(trainer, "f@example.org")
    assert trainer.post(url).status_code == 400
    assert row(app, one).cohort_id is not None


def test_a_duplicate_leaves_the_counts_and_the_exports(app: Flask) -> None:
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    first = diagnostic(app, "Les Amis du Quartier", group)
    second = diagnostic(app, "les amis du quartier", group)
    diagnostic(app, "Propreté Services", group)
    trainer = app.test_client()
    login(trainer, "f@example.org")
    base = f"/formateur/groupes/{group}"
    assert "Participants : 3" in trainer.get(base).get_data(as_text=True)
    review = trainer.get(f"{base}/participants/{second}").get_data(as_text=True)
    assert "Marquer comme doublon de" in review and f'value="{first}"' in review
    token = csrf_token(review)
    # another organisation's row is refused
    third_id = None
    with app.app_context():
        from parcours.models import Diagnostic, Organisation
        third_id = Diagnostic.query.join(Organisation).filter(
            Organisation.name == "Propreté Services").one().public_id
    trainer.post(f"{base}/participants/{second}/doublon",
                 data={"csrf_token": token, "original": third_id})
    assert row(app, second).duplicate_of_id is None
    trainer.post(f"{base}/participants/{second}/doublon",
                 data={"csrf_token": token, "original": first})
    assert row(app, second).duplicate_of_id is not None
    dashboard = trainer.get(base).get_data(as_text=True)
    assert "Participants : 2" in dashboard and "Doublon" in dashboard
    exported = trainer.get(f"{base}/reponses.csv").get_data(as_text=True)
    names = [r[0] for r in csv.reader(io.StringIO(exported.lstrip("\ufeff")))]
    assert sum(1 for n in names if n.casefold() == "les amis du quartier") == 1
    # unmarked, it counts again
    trainer.post(f"{base}/participants/{second}/doublon",
                 data={"csrf_token": token, "original": ""})
    assert "Participants : 3" in trainer.get(base).get_data(as_text=True)
