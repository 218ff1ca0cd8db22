"""A collective diagnostic's anonymity (issue 18): no page, export or PDF shows one respondent's
answers; respondents' rows are never listed; a role under three shows no figure; trainers see
the host like any participant of their cohort, « Collectif · N réponses »."""

from __future__ import annotations

import io
import json
import zipfile

from flask import Flask
from flask.testing import FlaskClient

from parcours.models import Cohort, Diagnostic, Snapshot
from parcours.services import cohorts as membership

from ..reports.pdftext import text
from .collective_people import (
    SCORED,
    host_with_profile,
    links,
    make_collective,
    publish,
    respond,
)

SECRET = "Remarque-confidentielle-de-Zoé"


def _collective(app: Flask, client: FlaskClient, cohort_id: str | None = None) -> str:
    """A host in `cohort_id` with five completed respondents: three « Bénévoles », one
    « Salariés » (with a remark nobody else may read), one « Direction »."""
    host = host_with_profile(client, "La Ruche Solidaire")
    if cohort_id:
        with app.app_context():
            row = Diagnostic.query.filter_by(public_id=host.public_id).one()
            membership.join(row, Cohort.query.filter_by(public_id=cohort_id).one())
    make_collective(client, host.public_id)
    paths = links(client, host.public_id)
    for n in range(3):
        respond(app, paths["Bénévoles"], SCORED[n])
    respond(app, paths["Salariés"], {**SCORED[1], "vision_commentaire": SECRET})
    respond(app, paths["Direction"], SCORED[2])
    assert publish(client, host.public_id).status_code == 302
    return host.public_id


def test_no_page_export_or_pdf_of_the_host_shows_a_respondents_answer(
        app: Flask, client: FlaskClient) -> None:
    public_id = _collective(app, client)
    pages = [client.get(f"/d/{public_id}/{path}").get_data(as_text=True)
             for path in ("resultats", "collectif", "historique", "reponses.json")]
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/d/{public_id}/mes-donnees.zip").data))
    pages += [archive.read(name).decode("utf-8") for name in archive.namelist()
              if not name.endswith(".pdf")]
    pdf = client.get(f"/d/{public_id}/feuille-de-route.pdf")
    assert pdf.status_code == 200
    pages.append(text(pdf.data))
    for page in pages:
        assert SECRET not in page
    assert "Où vous vous rejoignez, où vous divergez" in text(pdf.data).replace("\n", " ")
    # the answers file holds the consolidated answers, as the results were scored from
    answers = json.loads(pages[3])["answers"]
    assert "vision_commentaire" not in answers and len(answers) > 20
    with app.app_context():
        host = Diagnostic.query.filter_by(public_id=public_id).one()
        respondents = Diagnostic.query.filter_by(host_id=host.id).all()
        # the history lists the host alone, never a respondent's row (the initiator's own too)
        for row in respondents:
            assert row.public_id not in pages[2]
        snapshot = Snapshot.query.filter_by(diagnostic_id=host.id).order_by(
            Snapshot.id.desc()).first()
        roles = {r["role"]: r for r in snapshot.results["fr"]["alignment"]["roles"]}
    assert roles["benevoles"]["dimensions"] is not None
    assert roles["salaries"]["dimensions"] is None and roles["direction"]["dimensions"] is None


def test_a_role_under_three_shows_no_figure(app: Flask, client: FlaskClient) -> None:
    public_id = _collective(app, client)
    html = client.get(f"/d/{public_id}/resultats").get_data(as_text=True)
    table = html.split('id="roles-caption"')[1].split("</table>")[0]
    assert "Bénévoles" in table and "Salariés" not in table and "Direction" not in table
    assert "Pas encore de chiffres pour Salariés (encore 2), Direction (encore 2)" in html


def test_the_trainer_sees_the_host_as_one_participant_with_its_count(
        app: Flask, client: FlaskClient, trainer: tuple[FlaskClient, str]) -> None:
    trainer_client, cohort_id = trainer
    public_id = _collective(app, client, cohort_id)
    dashboard = trainer_client.get(f"/formateur/groupes/{cohort_id}").get_data(as_text=True)
    assert "Collectif · 5\u00a0réponses" in dashboard or "Collectif · 5 réponses" in dashboard
    assert dashboard.count("La Ruche Solidaire") == 1
    with app.app_context():
        ids = [d.public_id for d in Diagnostic.query.filter(
            Diagnostic.host_id.is_not(None)).all()]
    for respondent in ids:
        assert respondent not in dashboard
    prefix = "/formateur"
    review = trainer_client.get(f"{prefix}/groupes/{cohort_id}/participants/{public_id}")
    assert review.status_code == 200
    html = review.get_data(as_text=True)
    assert "Où vous vous rejoignez, où vous divergez" in html and SECRET not in html
    csv = trainer_client.get(f"{prefix}/groupes/{cohort_id}/reponses.csv").get_data(as_text=True)
    assert SECRET not in csv and csv.count("La Ruche Solidaire") == 1
    assert csv.splitlines()[-1].count(",,") < 20  # its scored answers are the consolidated ones
    # a respondent's own row is not the trainer's to open
    assert trainer_client.get(
        f"{prefix}/groupes/{cohort_id}/participants/{ids[0]}").status_code == 404


def test_the_alignment_section_reads_in_english_on_the_page_and_in_the_pdf(
        app: Flask, client: FlaskClient) -> None:
    public_id = _collective(app, client)
    client.get("/lang/en")
    html = client.get(f"/d/{public_id}/resultats",
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Where you agree, where you differ" in html
    assert "No figures yet for Staff (2 more), Management (2 more)" in html
    assert "Volunteers" in html
    pdf = client.get(f"/d/{public_id}/feuille-de-route.pdf?lang=en",
                     headers={"Accept-Language": "en"})
    flat_text = text(pdf.data).replace("\n", " ")
    assert "Where you agree, where you differ" in flat_text
    assert "Annex: the overall answers" in flat_text
