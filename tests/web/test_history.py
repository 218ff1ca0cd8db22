"""The history page: an organisation's diagnostics over time, as far as this browser may see."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient

from parcours.engine.compare import Delta
from parcours.engine.numbers import shown
from parcours.infra.extensions import db
from parcours.models import AccessLog, Diagnostic, Snapshot
from parcours.web.browser import OPENED

from ..conftest import csrf_token
from .people import cohort, diagnostic, login, user

EXAMPLES = ("association_jeune.json", "entreprise_moyenne.json", "collectivite.json")


def same_organisation(app: Flask, public_ids: list[str], days: list[int],
                      user_id: int | None = None) -> dict[str, float]:
    """Put the diagnostics in the first one's organisation, completed on those days of March
    2026; their stored global scores."""
    with app.app_context():
        rows = [db.session.scalars(db.select(Diagnostic).filter_by(public_id=p)).one()
                for p in public_ids]
        for row, day in zip(rows, days, strict=True):
            row.organisation_id = rows[0].organisation_id
            if row.completed:
                row.completed_at = datetime(2026, 3, day, 10, tzinfo=UTC)
            else:
                row.created_at = datetime(2026, 3, day, 10, tzinfo=UTC)
            if user_id is not None:
                row.user_id = user_id
        db.session.commit()
        return {r.public_id: r.global_score for r in rows if r.global_score is not None}


def grant(client: FlaskClient, *public_ids: str) -> None:
    with client.session_transaction() as session:
        session[OPENED] = [[p, 0] for p in public_ids]


def table_rows(html: str) -> list[str]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r"<tr.*?</tr>", body, re.S)


def signed(n: int) -> str:
    return f"+{n}" if n > 0 else f"−{-n}" if n < 0 else "0"


def test_newest_first_with_scores_changes_and_a_chart(app: Flask, client: FlaskClient) -> None:
    ids = [diagnostic(app, "Les Amis", example_name=name) for name in EXAMPLES]
    scores = same_organisation(app, ids, [1, 10, 20])
    grant(client, *ids)
    html = client.get(f"/d/{ids[0]}/historique").get_data(as_text=True)
    rows = table_rows(html)
    assert len(rows) == 3
    assert ["20 mars 2026", "10 mars 2026", "1 mars 2026"] == [
        re.search(r"(\d+ mars 2026)", r).group(1) for r in rows]
    for row, pid in zip(rows, reversed(ids), strict=True):
        assert f"/d/{pid}/resultats" in row
        assert f"<td data-label=\"Score global\">{shown(scores[pid])}</td>" in row
    assert "Premier diagnostic terminé de ce questionnaire" in rows[2]
    change = Delta(scores[ids[1]], scores[ids[2]]).shown
    assert change is not None
    assert f"<strong>{signed(change)}</strong>" in rows[0]
    assert "depuis le 10 mars 2026" in rows[0]
    assert 'aria-current="page"' in rows[2] and "celui-ci" in rows[2]
    # the chart and its text alternative, which names every score
    assert '<svg' in html and 'role="img"' in html
    desc = re.search(r'<desc id="line-chart-desc">(.*?)</desc>', html, re.S).group(1)
    assert desc.count("sur 100") == 3 and "1 mars 2026" in desc
    assert '<title id="line-chart-title">Score global au fil du temps</title>' in html


def test_a_diagnostic_not_granted_to_this_browser_is_not_listed(
        app: Flask, client: FlaskClient) -> None:
    ids = [diagnostic(app, "Les Amis", example_name=name) for name in EXAMPLES[:2]]
    same_organisation(app, ids, [1, 10])
    grant(client, ids[1])  # only the second
    html = client.get(f"/d/{ids[1]}/historique").get_data(as_text=True)
    assert ids[0] not in html
    assert len(table_rows(html)) == 1
    assert "<svg" not in html  # one score is no line
    assert "Premier diagnostic terminé" in html
    # and a diagnostic not granted cannot be the page's own either
    assert client.get(f"/d/{ids[0]}/historique").status_code == 404


def test_a_stranger_gets_404(app: Flask, client: FlaskClient) -> None:
    pid = diagnostic(app, "Les Amis")
    assert client.get(f"/d/{pid}/historique").status_code == 404
    assert client.get("/d/nimportequoi/historique").status_code == 404


def test_the_account_sees_its_diagnostics_from_another_browser(
        app: Flask, client: FlaskClient) -> None:
    owner = user(app, "p@example.org", role="participant")
    ids = [diagnostic(app, "Les Amis", example_name=name) for name in EXAMPLES[:2]]
    same_organisation(app, ids, [1, 10], user_id=owner.id)
    other = diagnostic(app, "Les Amis")  # same organisation, another account's
    same_organisation(app, [ids[0], other], [1, 15])
    login(client, owner.email)
    html = client.get(f"/d/{ids[1]}/historique").get_data(as_text=True)
    assert len(table_rows(html)) == 2 and other not in html
    account = client.get("/mon-compte").get_data(as_text=True)
    assert f"/d/{ids[1]}/historique" in account


def test_questionnaires_are_mixed_but_compared_only_with_their_own(
        app: Flask, client: FlaskClient) -> None:
    """A flash diagnostic, the full parcours carried over from it (in progress), then an
    A.D.O.C. diagnostic completed later: nothing is compared across questionnaires."""
    from .test_carry_over import flash_completed

    person, _ = flash_completed(client)
    results = client.get(f"/d/{person.public_id}/resultats").get_data(as_text=True)
    assert f"/d/{person.public_id}/historique" in results
    response = client.post(f"/d/{person.public_id}/suite",
                           data={"csrf_token": csrf_token(results)})
    carried = response.headers["Location"].split("/d/")[1].split("/")[0]
    html = client.get(f"/d/{carried}/historique").get_data(as_text=True)
    rows = table_rows(html)
    assert len(rows) == 2
    assert "A.D.O.C." in rows[0] and "En cours" in rows[0]
    assert "flash" in rows[1].lower() and "Terminé" in rows[1]
    assert "depuis le" not in html  # one completed of each questionnaire: nothing compared
    assert "<svg" not in html


def test_a_changed_version_is_said(app: Flask, client: FlaskClient) -> None:
    ids = [diagnostic(app, "Les Amis", example_name=name) for name in EXAMPLES[:2]]
    same_organisation(app, ids, [1, 10])
    with app.app_context():
        first = db.session.scalars(db.select(Diagnostic).filter_by(public_id=ids[0])).one()
        snapshot = db.session.get(Snapshot, first.latest_snapshot_id)
        results = dict(snapshot.results)
        results["fr"] = {**results["fr"], "questionnaire": {**results["fr"]["questionnaire"],
                                                            "version": "0.1"}}
        snapshot.results = results
        db.session.commit()
    grant(client, *ids)
    html = client.get(f"/d/{ids[1]}/historique").get_data(as_text=True)
    assert "Le questionnaire a changé entre les deux" in html


def test_in_english(app: Flask, client: FlaskClient) -> None:
    ids = [diagnostic(app, "Les Amis", example_name=name) for name in EXAMPLES[:2]]
    same_organisation(app, ids, [1, 10])
    grant(client, *ids)
    with client.session_transaction() as session:
        session["lang"] = "en"
    html = client.get(f"/d/{ids[1]}/historique").get_data(as_text=True)
    assert "Global score over time" in html and "10 March 2026" in html  # issue 26: not US order


def test_a_trainer_sees_the_organisation_in_its_own_cohorts_only(
        app: Flask, client: FlaskClient) -> None:
    claire = user(app, "claire@example.org")
    other_trainer = user(app, "paul@example.org")
    mine, later = cohort(app, claire.email), cohort(app, claire.email, "Promotion printemps")
    theirs = cohort(app, other_trainer.email, "Chez Paul")
    ids = [diagnostic(app, "Les Amis", cohort_id=mine, example_name=EXAMPLES[0]),
           diagnostic(app, "Les Amis", cohort_id=theirs, example_name=EXAMPLES[1]),
           diagnostic(app, "Les Amis", example_name=EXAMPLES[1]),  # in no cohort
           diagnostic(app, "Les Amis", cohort_id=later, example_name=EXAMPLES[2])]
    same_organisation(app, ids, [1, 5, 8, 20])
    login(client, claire.email)
    review = client.get(f"/formateur/groupes/{mine}/participants/{ids[0]}").get_data(
        as_text=True)
    url = f"/formateur/groupes/{mine}/participants/{ids[0]}/historique"
    assert url in review
    html = client.get(url).get_data(as_text=True)
    rows = table_rows(html)
    assert len(rows) == 2 and ids[1] not in html and ids[2] not in html
    assert f"/formateur/groupes/{later}/participants/{ids[3]}" in rows[0]
    assert "depuis le 1 mars 2026" in rows[0]  # compared with the first, the others unseen
    assert "<svg" in html
    with app.app_context():
        logged = db.session.execute(db.select(AccessLog.diagnostic_id, AccessLog.action)).all()
        by_id = {row.id: row.public_id for row in db.session.scalars(db.select(Diagnostic))}
    assert sorted(by_id[d] for d, action in logged if action == "results_viewed") == sorted(
        [ids[0], ids[0], ids[3]])  # the review page, then the history's two results
    # another trainer, or a diagnostic outside the cohort named: 404
    assert client.get(f"/formateur/groupes/{theirs}/participants/{ids[1]}/historique"
                      ).status_code == 404
    assert client.get(f"/formateur/groupes/{mine}/participants/{ids[3]}/historique"
                      ).status_code == 404
    anonymous = app.test_client()
    assert anonymous.get(url).status_code in (302, 404)


def test_a_snapshot_from_before_the_questionnaire_was_frozen_in_it(
        app: Flask, client: FlaskClient) -> None:
    """Older snapshots have no `questionnaire` in their results: the served title is shown."""
    ids = [diagnostic(app, "Les Amis", example_name=name) for name in EXAMPLES[:2]]
    same_organisation(app, ids, [1, 10])
    with app.app_context():
        for pid in ids:
            row = db.session.scalars(db.select(Diagnostic).filter_by(public_id=pid)).one()
            snapshot = db.session.get(Snapshot, row.latest_snapshot_id)
            snapshot.results = {lang: {k: v for k, v in res.items() if k != "questionnaire"}
                                for lang, res in snapshot.results.items()}
        db.session.commit()
    grant(client, *ids)
    response = client.get(f"/d/{ids[1]}/historique")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Parcours A.D.O.C." in html and "depuis le 1 mars 2026" in html
