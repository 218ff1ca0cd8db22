"""The results page in the words of the diagnostic's questionnaire, for snapshots made today
and for those stored before the questionnaire said what it calls things (issue 15)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from parcours.extensions import db
from parcours.models import Snapshot
from parcours.questionnaires import questionnaire
from parcours.reports.context import ABOUT_KEYS

from .participant import Participant, example



def _as_before_issue_15(result: dict) -> dict:
    """A result as it was stored before: four keys about its questionnaire, `medoc` kinds."""
    def item(found: dict) -> dict:
        found = dict(found)
        found["medoc"], found["medoc_label"] = found.pop("category"), found.pop("category_label")
        return found
    about = {k: v for k, v in result["questionnaire"].items() if k not in ABOUT_KEYS}
    return {**result, "questionnaire": about, "roadmap": [item(i) for i in result["roadmap"]],
            "other_recommendations": [item(i) for i in result["other_recommendations"]]}


def completed(app: Flask, client: FlaskClient) -> Participant:
    """A participant who answered as the young association of the examples, and completed."""
    participant = Participant(client)
    participant.start()
    with app.app_context():
        kinds = {qid: q.type for qid, q in questionnaire().questions.items()}
    participant.answer_all(example("association_jeune.json")["answers"], kinds)
    participant.complete()
    return participant


def _results(client: FlaskClient, participant: Participant) -> str:
    return client.get(f"/d/{participant.public_id}/resultats").get_data(as_text=True)


def test_the_results_speak_adoc_words(app: Flask, client: FlaskClient) -> None:
    participant = completed(app, client)
    html = _results(client, participant)
    assert "Vos trois leviers" in html and "sur 4)" in html
    assert "les anneaux marquent les seuils des niveaux (40, 60, 80)" in html
    assert 'class="tag category-' in html
    assert "Faire le parcours complet" not in html  # A.D.O.C. invites to nothing further


def test_a_snapshot_stored_before_issue_15_still_reads_in_its_words(
        app: Flask, client: FlaskClient) -> None:
    participant = completed(app, client)
    with app.app_context():
        snapshot = db.session.scalar(select(Snapshot))
        labels = {item["category_label"] for item in snapshot.results["fr"]["roadmap"]}
        snapshot.results = {lang: _as_before_issue_15(result)
                            for lang, result in snapshot.results.items()}
        db.session.commit()
    html = _results(client, participant)
    assert "Vos trois leviers" in html and "sur 4)" in html
    for label in labels:
        assert f">{label}</span>" in html
