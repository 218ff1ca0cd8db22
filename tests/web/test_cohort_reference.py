"""Participants see themselves against the group (issue 31, item 3): only when the trainer
publishes the figures, from five organisations that completed; a snapshot, never live figures;
on the results page and in the PDF; under five, nothing, and the page says why."""

from __future__ import annotations

from statistics import quantiles

from flask import Flask
from flask.testing import FlaskClient

from parcours.infra.extensions import db
from parcours.models import Cohort, Diagnostic, SnapshotDimension

from ..conftest import csrf_token
from ..reports.pdftext import squash, text
from .people import diagnostic
from .workshop import joined_participant

FILES = ("association_jeune.json", "entreprise_moyenne.json", "collectivite.json")
WHY = "Pas encore de repères de votre groupe"


def _publish(trainer: FlaskClient, group: str) -> str:
    page = trainer.get(f"/formateur/groupes/{group}/synthese").get_data(as_text=True)
    response = trainer.post(f"/formateur/groupes/{group}/reperes",
                            data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    return response.get_data(as_text=True)


def _expected(app: Flask, group: str, dimension: str) -> tuple[float, float, float]:
    with app.app_context():
        cohort = Cohort.query.filter_by(public_id=group).one()
        scores = [s for (s,) in db.session.query(SnapshotDimension.score).join(
            Diagnostic, Diagnostic.latest_snapshot_id == SnapshotDimension.snapshot_id).filter(
            Diagnostic.cohort_id == cohort.id, SnapshotDimension.dimension_id == dimension)
            if s is not None]
    q1, q2, q3 = quantiles(scores, n=4, method="inclusive")
    return q1, q2, q3


def points(value: float) -> str:
    return str(round(value))


def test_four_show_nothing_and_say_why_five_show_the_published_figures(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    browser = app.test_client()
    participant = joined_participant(app, browser, group)
    results = f"/d/{participant.public_id}/resultats"
    for n in range(3):
        diagnostic(app, f"Voisin {n}", group, FILES[n % 3])
    # four organisations: nothing can be published, nothing is shown, and the page says why
    refused = _publish(client, group)
    assert "Il faut au moins cinq organisations" in refused
    page = browser.get(results).get_data(as_text=True)
    assert "Vous et votre groupe" in page and WHY in page
    assert "Médiane du groupe" not in page
    # five: published, on the page and in the PDF
    diagnostic(app, "Voisin 3", group, FILES[0])
    done = _publish(client, group)
    assert "Repères publiés" in done and "sur 5 organisations" in done
    page = browser.get(results).get_data(as_text=True)
    assert WHY not in page and "Médiane du groupe" in page
    low, median, high = _expected(app, group, "vision_territoire")
    table = page.split('class="scores-table reference-table"')[1].split("</table>")[0]
    row = table[table.index("Ancrage territorial"):].split("</tr>")[0]
    assert f"<td>{points(median)}</td>" in row and f"{points(low)} – {points(high)}" in row
    pdf = squash(text(browser.get(f"/d/{participant.public_id}/feuille-de-route.pdf").data))
    assert squash("Vous et votre groupe") in pdf and squash("sur 5 organisations") in pdf
    # a snapshot: a sixth organisation completing moves nothing until the trainer publishes
    diagnostic(app, "Nouvelle Venue", group, FILES[2])
    again = browser.get(results).get_data(as_text=True)
    assert "sur 5 organisations" in again
    assert again.split('class="scores-table reference-table"')[1].split("</table>")[0] == table
    # withdrawn: gone from the page and from the PDF
    overview = client.get(f"/formateur/groupes/{group}/synthese").get_data(as_text=True)
    client.post(f"/formateur/groupes/{group}/reperes/retirer",
                data={"csrf_token": csrf_token(overview)})
    assert WHY in browser.get(results).get_data(as_text=True)
    pdf = squash(text(browser.get(f"/d/{participant.public_id}/feuille-de-route.pdf").data))
    assert squash("Médiane du groupe") not in pdf


def test_only_the_cohorts_trainer_publishes(app: Flask,
                                            trainer: tuple[FlaskClient, str]) -> None:
    from .people import login, user

    client, group = trainer
    for n in range(5):
        diagnostic(app, f"Org {n}", group, FILES[n % 3])
    user(app, "autre@example.org")
    stranger = app.test_client()
    login(stranger, "autre@example.org")
    page = stranger.get("/formateur/").get_data(as_text=True)
    assert stranger.post(f"/formateur/groupes/{group}/reperes",
                         data={"csrf_token": csrf_token(page)}).status_code == 404
