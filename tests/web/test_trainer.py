"""The trainer's dashboard, overview, review and comments."""

from __future__ import annotations

import statistics
from collections import Counter

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import event

from parcours.infra.extensions import db
from parcours.models import (
    Cohort,
    Diagnostic,
    Snapshot,
    SnapshotDimension,
    SnapshotRecommendation,
)
from parcours.services.cohorts import join

from ..conftest import csrf_token
from ..reports.pdftext import squash, text
from .participant import Participant
from .people import cohort, diagnostic, login, row, user


def count_queries(app: Flask, client: FlaskClient, url: str) -> int:
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(seen)


def test_dashboard_sorts_filters_searches_and_pages(app: Flask,
                                                    trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    for n in range(53):
        diagnostic(app, f"Organisation {n:02d}", group, complete=n % 2 == 0)
    diagnostic(app, "Les Amis du Quartier", group, "association_jeune.json")
    url = f"/formateur/groupes/{group}"
    page = client.get(url).get_data(as_text=True)
    assert "54 participants correspondent" in page and "Page 1 sur 2" in page
    by_name = client.get(url + "?tri=name&ordre=asc").get_data(as_text=True)
    assert by_name.index("Les Amis du Quartier") < by_name.index("Organisation 00")
    found = client.get(url + "?q=amis").get_data(as_text=True)
    assert "Un participant correspond" in found and "Les Amis du Quartier" in found
    assert "26 participants correspondent" in client.get(url + "?statut=in_progress").get_data(
        as_text=True)
    discovery = client.get(url + "?niveau=1").get_data(as_text=True)
    assert "Les Amis du Quartier" in discovery and "Organisation 00" not in discovery
    second = client.get(url + "?page=2&tri=name&ordre=asc").get_data(as_text=True)
    assert "Organisation 52" in second and "Organisation 00" not in second
    assert client.get(url + "?page=abc&tri=drop table&niveau=9").status_code == 200


def test_dashboard_cost_does_not_grow_with_the_cohort(app: Flask,
                                                      trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    for n in range(3):
        diagnostic(app, f"Org {n}", group)
    few = count_queries(app, client, f"/formateur/groupes/{group}")
    for n in range(30):
        diagnostic(app, f"Autre {n}", group)
    many = count_queries(app, client, f"/formateur/groupes/{group}")
    assert many == few, "a query per participant"


def test_overview_gives_mean_spread_levels_and_frequent_recommendations(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    # five organisations: under five the overview shows no figure (issue 30, L2)
    for name, file in [("A", "association_jeune.json"), ("B", "entreprise_moyenne.json"),
                       ("C", "collectivite.json"), ("D", "association_jeune.json"),
                       ("E", "collectivite.json")]:
        diagnostic(app, name, group, file)
    with app.app_context():
        scores = [s.score for s in db.session.query(SnapshotDimension).filter_by(
            dimension_id="vision_territoire")]
        reco_counts = db.session.query(Snapshot).count()
        # counted over the main plans only, not over the other leads
        in_plans = Counter(r.recommendation_id for r in db.session.query(
            SnapshotRecommendation).filter_by(in_plan=True))
        out_of_plans = Counter(r.recommendation_id for r in db.session.query(
            SnapshotRecommendation).filter_by(in_plan=False))
    expected_mean, expected_spread = statistics.fmean(scores), statistics.pstdev(scores)
    page = client.get(f"/formateur/groupes/{group}/synthese").get_data(as_text=True)
    assert "Sur 5 diagnostics terminés." in page
    line = page[page.index("Ancrage territorial</th>"):][:200]
    assert f"<td>{round(expected_mean)}</td><td>± {round(expected_spread)}</td>" in line
    top, n = in_plans.most_common(1)[0]
    assert reco_counts == 5 and n >= 2 and f"{n} participants</strong>" in page
    # the list counts recommendations of the plans only: as many entries as there are distinct
    # ones (up to ten), although some others were selected as further leads
    assert set(out_of_plans) - set(in_plans)
    assert page.count("participants</strong>") + page.count("un participant</strong>") == min(
        10, len(in_plans))
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page


def test_comments_appear_in_the_pdf_and_review_can_be_marked(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    participant = diagnostic(app, "Les Amis du Quartier", group, "association_jeune.json")
    url = f"/formateur/groupes/{group}/participants/{participant}"
    page = client.get(url).get_data(as_text=True)
    client.post(url, data={"csrf_token": csrf_token(page), "stage": "",
                           "text": "Très bon début : priorisez la convention."})
    client.post(url, data={"csrf_token": csrf_token(page), "stage": "modele",
                           "text": "Regardez le mécénat de compétences."})
    pdf = client.get(url + "/feuille-de-route.pdf")
    body = squash(text(pdf.data))
    assert squash("Commentaires du formateur") in body
    assert squash("Très bon début : priorisez la convention.") in body
    assert squash("Regardez le mécénat de compétences.") in body
    client.post(url + "/relu", data={"csrf_token": csrf_token(page), "reviewed": "1"})
    assert row(app, participant).reviewed_at is not None
    dashboard = client.get(f"/formateur/groupes/{group}?statut=reviewed").get_data(as_text=True)
    assert "Les Amis du Quartier" in dashboard


@pytest.mark.parametrize(("search", "expected"), [
    ("amis", {"Les Amis du Quartier"}),  # any case
    ("QUARTIER", {"Les Amis du Quartier"}),
    ("du", {"Les Amis du Quartier", "Café du 50 % solidaire"}),  # shorter than a trigram
    ("50 %", {"Café du 50 % solidaire"}),  # LIKE's wildcards are plain characters here
    ("_x", {"Atelier_x"}),
    ("%", {"Café du 50 % solidaire"}),
    ("Café", {"Café du 50 % solidaire"}),
    ("cafe", {"Café du 50 % solidaire"}),  # without accents nor case (issue 12)
    ("COMMUNAUTE", {"Communauté des Œuvres"}),
    ("œuvres", {"Communauté des Œuvres"}),
    ("renommee", {"Ressourcerie renommée"}),  # found under its new name only
    ("ancien nom", set()),
    ("introuvable", set()),
])
@pytest.mark.parametrize("from_size", [0, 10**9], ids=["name index", "cohort's names"])
def test_dashboard_search_finds_a_part_of_a_name(app: Flask, trainer: tuple[FlaskClient, str],
                                                 search: str, expected: set[str],
                                                 from_size: int) -> None:
    from parcours.models import Organisation

    app.config["INDEXED_SEARCH_FROM"] = from_size  # SQLite: both ways of searching
    client, group = trainer
    names = ["Les Amis du Quartier", "Café du 50 % solidaire", "Atelier_x", "Atelierx",
             "Ressourcerie ancien nom", "Communauté des Œuvres"]
    for name in names:
        diagnostic(app, name, group)
    with app.app_context():  # renamed after it joined: the name index follows
        renamed = Organisation.query.filter_by(name="Ressourcerie ancien nom").one()
        renamed.name = "Ressourcerie renommée"
        db.session.commit()
    page = client.get(f"/formateur/groupes/{group}", query_string={"q": search})
    html = page.get_data(as_text=True).replace("&#39;", "'")
    shown = {name for name in [*names, "Ressourcerie renommée"]
             if f">{name}<" in html.replace("&amp;", "&")}
    assert page.status_code == 200 and shown == expected


def test_an_empty_search_says_so_and_offers_to_clear_it(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    diagnostic(app, "Jardins", group, "association_jeune.json")
    page = client.get(f"/formateur/groupes/{group}?q=zzz").get_data(as_text=True)
    assert "Aucun résultat pour « zzz »." in page
    assert "Aucun participant pour l'instant" not in page
    assert f'href="/formateur/groupes/{group}">Effacer la recherche et les filtres' in page
    every = client.get(f"/formateur/groupes/{group}").get_data(as_text=True)
    assert "Effacer la recherche" not in every and "Jardins" in every


def test_last_activity_is_the_participants_own(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    # a comment or a « relu » by the trainer used to move the participant's « dernière activité »
    client, group = trainer
    public_id = diagnostic(app, "Jardins", group, "association_jeune.json")
    before = row(app, public_id).updated_at
    url = f"/formateur/groupes/{group}/participants/{public_id}"
    page = client.get(url).get_data(as_text=True)
    client.post(url, data={"csrf_token": csrf_token(page), "text": "Très bien.", "stage": ""})
    marked = client.post(url + "/relu", data={"csrf_token": csrf_token(page), "reviewed": "1"})
    assert marked.status_code == 302, marked.get_data(as_text=True)[:300]
    after = row(app, public_id)
    assert after.reviewed_at is not None
    assert after.updated_at == before


def test_a_trainers_comment_reaches_the_participant_signed_with_a_name(
        app: Flask, client: FlaskClient, runner: FlaskCliRunner) -> None:
    # issue 12: comments appeared only in a re-downloaded PDF, signed with the e-mail
    user(app, "formatrice@example.org")
    result = runner.invoke(args=["parcours", "set-name", "formatrice@example.org",
                                 "Claire, Le RAMEAU"])
    assert result.exit_code == 0, result.output
    group = cohort(app, "formatrice@example.org")
    participant = Participant(client)
    participant.start()
    participant.complete()
    with app.app_context():
        join(Diagnostic.query.filter_by(public_id=participant.public_id).one(),
             Cohort.query.filter_by(public_id=group).one())
    results = f"/d/{participant.public_id}/resultats"
    assert "commentaires de votre formateur" not in client.get(results).get_data(as_text=True)
    trainer = app.test_client()
    login(trainer, "formatrice@example.org")
    url = f"/formateur/groupes/{group}/participants/{participant.public_id}"
    page = trainer.get(url).get_data(as_text=True)
    trainer.post(url, data={"csrf_token": csrf_token(page), "stage": "vision",
                            "text": "Commencez par écrire votre projet."})
    first = client.get(results).get_data(as_text=True)
    assert "Votre formateur a laissé un nouveau commentaire" in first
    assert "Commencez par écrire votre projet." in first and "Nouveau commentaire" in first
    assert "Claire, Le RAMEAU" in first and "formatrice@example.org" not in first
    again = client.get(results).get_data(as_text=True)  # read: no longer new
    assert "Commencez par écrire votre projet." in again and "Nouveau commentaire" not in again
    pdf = squash(text(client.get(f"/d/{participant.public_id}/feuille-de-route.pdf").data))
    assert squash("Claire, Le RAMEAU") in pdf and "formatrice@example.org" not in pdf


def test_the_cohort_overview_prints_for_the_workshop(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    for name, file in [("A", "association_jeune.json"), ("B", "entreprise_moyenne.json"),
                       ("C", "collectivite.json"), ("D", "association_jeune.json"),
                       ("E", "entreprise_moyenne.json")]:
        diagnostic(app, name, group, file)
    page = client.get(f"/formateur/groupes/{group}/synthese").get_data(as_text=True)
    assert f"/formateur/groupes/{group}/synthese.pdf" in page
    response = client.get(f"/formateur/groupes/{group}/synthese.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'filename="synthese-' in response.headers["Content-Disposition"]
    body = squash(text(response.data))
    for words in ("Synthèse du groupe", "5 ont terminé", "Ancrage territorial",
                  "Les recommandations les plus fréquentes", "Participants par niveau"):
        assert squash(words) in body, words
    stranger = app.test_client()
    user(app, "autre@example.org")
    login(stranger, "autre@example.org")
    assert stranger.get(f"/formateur/groupes/{group}/synthese.pdf").status_code == 404
