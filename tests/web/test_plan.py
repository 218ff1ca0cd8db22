"""The action plan (issue 17, item 1): edits on the results page, who may make and read them,
the trainer's count, the CSV and iCalendar exports, and the PDF."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy import select

from parcours.infra.extensions import db
from parcours.journey import services as journey
from parcours.models import Cohort, Diagnostic, PlanAction
from parcours.services import cohorts as membership
from parcours.services import plans

from ..conftest import csrf_token
from ..reports.pdftext import flat, text
from .participant import Participant
from .people import cohort, diagnostic, login, user


def completed(app: Flask, client: FlaskClient) -> tuple[Participant, str]:
    """A diagnostic answered like an example (its plan has other leads), completed, opened in
    `client` with its resume link; and its results page."""
    participant = Participant(client)
    participant.public_id = diagnostic(app, "Les Amis du Quartier")
    with app.app_context():
        d = db.session.scalar(select(Diagnostic).where(
            Diagnostic.public_id == participant.public_id))
        token, _code = journey.current_secrets(d)
    results = client.get(client.get(f"/reprendre/{token}").headers["Location"])
    page = client.get(results.headers["Location"])
    assert page.status_code == 200
    return participant, page.get_data(as_text=True)


def plan_ids(html: str) -> list[str]:
    return re.findall(r'<details class="plan-edit" id="plan-([^"]+)"', html)


def other_ids(html: str) -> list[str]:
    return re.findall(r'/plan/([^/"]+)/ajouter"', html)


def edit(client: FlaskClient, public_id: str, reco: str, html: str, **fields: str):
    data = {"csrf_token": csrf_token(html), "status": "a_faire", "owner": "", "due_on": "",
            "note": "", **fields}
    return client.post(f"/d/{public_id}/plan/{reco}", data=data)


def rows(app: Flask) -> list[PlanAction]:
    with app.app_context():
        return list(db.session.scalars(select(PlanAction).order_by(PlanAction.id)))


def test_no_row_until_an_edit_then_one_row_kept_on_the_page(
        app: Flask, client: FlaskClient) -> None:
    participant, html = completed(app, client)
    ids = plan_ids(html)
    assert len(ids) >= 5 and rows(app) == []  # every action reads « à faire », no row
    assert html.count("À faire") >= len(ids)
    response = edit(client, participant.public_id, ids[1], html, status="en_cours",
                    owner="Claire, trésorière", due_on="2027-03-31", note="Voir le bureau")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/resultats#plan-{ids[1]}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Action enregistrée." in page and "Claire, trésorière" in page
    assert 'value="2027-03-31"' in page and "Voir le bureau" in page
    [row] = rows(app)
    assert (row.recommendation_id, row.status, row.owner, row.due_on, row.note, row.promoted) == (
        ids[1], "en_cours", "Claire, trésorière", date(2027, 3, 31), "Voir le bureau", False)
    edit(client, participant.public_id, ids[1], page, status="fait", due_on="15/04/2027")
    [row] = rows(app)  # the same row, changed; emptied fields are emptied
    assert (row.status, row.owner, row.due_on, row.note) == ("fait", None, date(2027, 4, 15),
                                                            None)


def test_an_other_lead_added_joins_the_plan(app: Flask, client: FlaskClient) -> None:
    participant, html = completed(app, client)
    others = other_ids(html)
    assert others and "Ajouter à mon plan" in html
    response = client.post(f"/d/{participant.public_id}/plan/{others[0]}/ajouter",
                           data={"csrf_token": csrf_token(html)})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert others[0] in plan_ids(page) and others[0] not in other_ids(page)
    assert "Pistes ajoutées à votre plan" in page
    [row] = rows(app)
    assert row.promoted and row.status == "a_faire"
    assert edit(client, participant.public_id, others[0], page,
                status="fait").status_code == 302
    assert rows(app)[0].promoted  # editing keeps it in the plan
    # issue 26: in the PDF, the added lead appears once, in the plan, not again among the
    # other leads
    pdf = flat(text(client.get(f"/d/{participant.public_id}/feuille-de-route.pdf").data))
    rest = pdf.partition("Pistes ajoutées à votre plan")[2]
    added = rest.split("Parce que")[0].strip()  # its title, before its « parce que… »
    assert len(added) > 20 and pdf.count(added) == 1, added


@pytest.mark.parametrize(("fields", "message"), [
    ({"due_on": "31/02/2027"}, "Cette date n'est pas valide"),
    ({"due_on": "demain"}, "Cette date n'est pas valide"),
    ({"due_on": "1800-01-01"}, "entre 2000 et 2100"),
    ({"status": "termine"}, "Choisissez un statut dans la liste."),
    ({"owner": "x" * 121}, "Le responsable tient en 120 caractères au plus."),
    ({"note": "n" * 2001}, "La note tient en 2000 caractères au plus"),
])
def test_bad_inputs_are_refused_with_a_message(app: Flask, client: FlaskClient,
                                               fields: dict[str, str], message: str) -> None:
    participant, html = completed(app, client)
    reco = plan_ids(html)[0]
    response = edit(client, participant.public_id, reco, html, **fields)
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert 'class="error-summary"' in page and message in page
    assert f'<details class="plan-edit" id="plan-{reco}" open>' in page
    assert rows(app) == []


def test_an_unknown_action_or_a_missing_token_is_refused(app: Flask,
                                                          client: FlaskClient) -> None:
    participant, html = completed(app, client)
    assert edit(client, participant.public_id, "inconnue", html).status_code == 404
    others = other_ids(html)
    assert client.post(f"/d/{participant.public_id}/plan/{plan_ids(html)[0]}/ajouter",
                       data={"csrf_token": csrf_token(html)}).status_code == 404
    assert client.post(f"/d/{participant.public_id}/plan/{others[0]}/ajouter"
                       ).status_code == 400
    assert rows(app) == []


def test_english_messages(app: Flask, client: FlaskClient) -> None:
    participant, html = completed(app, client)
    client.get("/lang/en")
    response = edit(client, participant.public_id, plan_ids(html)[0], html, due_on="tomorrow")
    assert response.status_code == 422
    assert "This date is not valid" in unescape(response.get_data(as_text=True))


def join(app: Flask, public_id: str, cohort_id: str) -> None:
    with app.app_context():
        d = db.session.scalar(select(Diagnostic).where(Diagnostic.public_id == public_id))
        membership.join(d, db.session.scalar(select(Cohort).where(
            Cohort.public_id == cohort_id)))


def test_participant_edits_its_trainer_reads_a_stranger_gets_404(app: Flask) -> None:
    participant, html = completed(app, app.test_client())
    public_id, ids = participant.public_id, plan_ids(html)
    edit(participant.client, public_id, ids[0], html, status="fait", owner="Mina")
    user(app, "formatrice@example.org")
    cohort_id = cohort(app, "formatrice@example.org")
    join(app, public_id, cohort_id)
    trainer = app.test_client()
    login(trainer, "formatrice@example.org")
    review = trainer.get(f"/formateur/groupes/{cohort_id}/participants/{public_id}")
    page = unescape(review.get_data(as_text=True))
    assert review.status_code == 200 and "Son plan d'action" in page and "Mina" in page
    assert f"Actions faites : 1 / {len(ids)}" in page
    assert "/plan/" not in page  # nothing to edit there
    dashboard = trainer.get(f"/formateur/groupes/{cohort_id}").get_data(as_text=True)
    assert f"Actions faites : 1 / {len(ids)}" in dashboard
    # the trainer may not edit, nor may anyone else: the diagnostic does not exist for them
    stranger = app.test_client()
    for other in (trainer, stranger):
        token = csrf_token(other.get("/reprendre").get_data(as_text=True))
        for url in (f"/d/{public_id}/plan/{ids[1]}", f"/d/{public_id}/plan/{ids[1]}/ajouter"):
            assert other.post(url, data={"csrf_token": token, "status": "fait"}
                              ).status_code == 404
        for url in (f"/d/{public_id}/plan.csv", f"/d/{public_id}/plan.ics",
                    f"/d/{public_id}/resultats"):
            assert other.get(url).status_code == 404
    assert [(r.recommendation_id, r.status) for r in rows(app)] == [(ids[0], "fait")]


def test_the_plan_as_csv_and_as_icalendar(app: Flask, client: FlaskClient) -> None:
    participant, html = completed(app, client)
    ids = plan_ids(html)
    edit(client, participant.public_id, ids[0], html, status="en_cours", owner="=Claire",
         due_on="2027-03-31", note="Première réunion")
    edit(client, participant.public_id, ids[2], html, status="fait")
    response = client.get(f"/d/{participant.public_id}/plan.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="plan-d-action-les-amis-du-quartier.csv"')
    # issue 26: as French spreadsheets read it, `;` between cells and the date as 31/03/2027
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == ["Rang", "Action", "Statut", "Responsable", "Échéance", "Note",
                        "Piste ajoutée"]
    assert len(table) == 1 + len(ids)
    assert table[1][2:6] == ["En cours", "'=Claire", "31/03/2027", "Première réunion"]
    assert table[3][2] == "Fait" and table[2][2] == "À faire"
    ics = client.get(f"/d/{participant.public_id}/plan.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    calendar = Calendar.from_ical(ics.data)
    [event] = calendar.walk("VEVENT")  # one action has a due date
    assert event.decoded("dtstart") == date(2027, 3, 31)
    assert event.decoded("dtend") == date(2027, 4, 1)
    assert str(event["summary"]) == table[1][1]
    assert "En cours" in str(event["description"]) and "=Claire" in str(event["description"])
    # issue 26: its link opens on another device (the resume page asks for the code), where
    # the results would be a 404
    assert str(event["url"]) == "http://localhost/reprendre"
    # in English: commas and the ISO date, as English spreadsheets read them
    client.get("/lang/en")
    english = list(csv.reader(io.StringIO(client.get(
        f"/d/{participant.public_id}/plan.csv").data.decode("utf-8-sig"))))
    assert english[0][0] == "Rank" and english[1][4] == "2027-03-31"
    assert app.test_client().get("/reprendre").status_code == 200


def test_the_pdf_shows_the_plan_and_changes_with_it(app: Flask, client: FlaskClient) -> None:
    participant, html = completed(app, client)
    url = f"/d/{participant.public_id}/feuille-de-route.pdf"
    before = client.get(url)
    assert before.status_code == 200
    edit(client, participant.public_id, plan_ids(html)[0], html, status="en_cours",
         owner="Claire Martin", due_on="2027-03-31")
    after = client.get(url)
    assert after.headers["ETag"] != before.headers["ETag"]  # a new key: not the cached one
    words = " ".join(text(after.data).split())
    assert "Statut : En cours" in words and "31 mars 2027" in words
    # in the plan, and on the summary's line « Responsable : … » of the first actions
    assert words.count("Claire Martin") == 2
    assert "Claire Martin" not in text(before.data)


@pytest.mark.parametrize(("form", "expected"), [
    ({}, ("a_faire", None, None, None, {})),
    ({"status": "ecartee", "owner": "  Mina ", "due_on": " 2027-01-05 ", "note": "a\r\nb"},
     ("ecartee", "Mina", date(2027, 1, 5), "a\nb", {})),
    ({"due_on": "5/1/2027"}, ("a_faire", None, date(2027, 1, 5), None, {})),
    ({"owner": " ", "note": "\r\n"}, ("a_faire", None, None, None, {})),
    ({"status": "fini"}, None), ({"due_on": "2027-13-01"}, None), ({"due_on": "0"}, None),
    ({"owner": "é" * 121}, None), ({"note": "n" * 2001}, None),
])
def test_an_edit_is_read_and_checked(app: Flask, form: dict[str, str],
                                     expected: tuple | None) -> None:
    with app.test_request_context():
        edit_read = plans.read(form)
    if expected is None:
        assert len(edit_read.errors) == 1
    else:
        assert (edit_read.status, edit_read.owner, edit_read.due_on, edit_read.note,
                edit_read.errors) == expected


def test_the_plan_is_the_roadmap_then_the_leads_added() -> None:
    result = {"roadmap": [{"id": "a", "rank": 1}, {"id": "b", "rank": 2}],
              "other_recommendations": [{"id": "c", "rank": 3}, {"id": "d", "rank": 4}]}
    known = {"b": {"status": "fait", "owner": None, "due_on": None, "note": None,
                   "promoted": False},
             "d": {"status": "a_faire", "owner": "Mina", "due_on": None, "note": None,
                   "promoted": True},
             "gone": {"status": "fait", "owner": None, "due_on": None, "note": None,
                      "promoted": True}}  # no longer in the results: not in the plan
    items = plans.actions(result, known)
    assert [(i["id"], i["plan"]["status"], i["promoted"]) for i in items] == [
        ("a", "a_faire", False), ("b", "fait", False), ("d", "a_faire", True)]
    assert plans.done_share(items) == (1, 3)


def test_the_participants_data_holds_its_plan(app: Flask, client: FlaskClient) -> None:
    participant, html = completed(app, client)
    reco = plan_ids(html)[0]
    edit(client, participant.public_id, reco, html, status="fait", due_on="2027-03-31")
    archive = zipfile.ZipFile(io.BytesIO(
        client.get(f"/d/{participant.public_id}/mes-donnees.zip").data))
    data = json.loads(archive.read("diagnostic.json"))
    assert [(p["recommendation"], p["status"], p["due_on"]) for p in data["plan"]] == [
        (reco, "fait", "2027-03-31")]


@pytest.mark.parametrize("name", ["Les Amis\rdu Quartier", "Les Amis\ndu Quartier",
                                  "Les Amis\r\ndu Quartier; à, \\ l'" + "é" * 60])
def test_the_icalendar_file_escapes_every_text_and_folds_at_75_octets(
        app: Flask, client: FlaskClient, name: str) -> None:
    """Issue 30, L6 (and L5's plan.ics): a name or a note with a lone CR, a LF, `;`, `,` or `\\`
    is escaped as iCalendar text (RFC 5545, 3.3.11), no line is longer than 75 octets, and every
    line ends with CRLF; read back, the texts are what was typed (line breaks as LF)."""
    participant, html = completed(app, client)
    with app.app_context():
        d = db.session.scalar(select(Diagnostic).where(
            Diagnostic.public_id == participant.public_id))
        d.organisation.name = name
        db.session.commit()
    assert edit(client, participant.public_id, plan_ids(html)[0], html, due_on="2027-03-31",
                owner="Claire\rMartin", note="Première\rréunion " + "ô" * 80).status_code < 400
    ics = client.get(f"/d/{participant.public_id}/plan.ics")
    assert ics.status_code == 200
    body = ics.data
    assert body.endswith(b"\r\n")
    for line in body[:-2].split(b"\r\n"):
        assert b"\r" not in line and b"\n" not in line, line
        assert len(line) <= 75, line
    calendar = Calendar.from_ical(body)
    typed = name.replace("\r\n", "\n").replace("\r", "\n")
    # an X- property is read back as written: unescape it as the TEXT it is (RFC 5545, 3.3.11)
    written = str(calendar["x-wr-calname"])
    read = re.sub(r"\\([nN;,\\])",
                  lambda m: "\n" if m[1] in "nN" else m[1], written)
    assert read.endswith(typed)
    [event] = calendar.walk("VEVENT")
    assert "Claire\nMartin" in str(event["description"])
    assert "Première\nréunion " + "ô" * 80 in str(event["description"])
