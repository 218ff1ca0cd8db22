"""A workshop's cohort, as issue 31 tried it: 13 organisations, 10 completed (three of them
answering « Je ne sais pas » to a great many questions), 3 unfinished."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from parcours.engine import check_answers
from parcours.infra.extensions import db
from parcours.journey import services as journey
from parcours.journey.navigation import progress
from parcours.models import Cohort, Diagnostic
from parcours.services.cohorts import join
from parcours.services.questionnaires import questionnaire

from .participant import Participant, example
from .people import diagnostic

FILES = ("association_jeune.json", "entreprise_moyenne.json", "collectivite.json")
UNSURE = 3  # completed participants answering « Je ne sais pas » where they can


def unsure(file: str) -> dict:
    """An example's answers with every scored choice question answered « Je ne sais pas »."""
    q = questionnaire()
    answers = dict(example(file)["answers"])
    for qid, question in q.questions.items():
        if question.scored and qid in answers and question.type in ("single", "yesno"):
            answers[qid] = "dont_know"
    return check_answers(q, answers)


def seed(app: Flask, group: str, completed: int = 10, unfinished: int = 3) -> list[str]:
    """The cohort's diagnostics (public ids), completed ones first."""
    ids = []
    for n in range(completed):
        file = FILES[n % len(FILES)]
        with app.app_context():
            answers = unsure(file) if n < UNSURE else None
        ids.append(diagnostic(app, f"Organisation {chr(65 + n)}", group, file, answers=answers))
    for n in range(unfinished):
        ids.append(diagnostic(app, f"En route {n + 1}", group, FILES[n % len(FILES)],
                              complete=False))
    return ids


def joined_participant(app: Flask, client: FlaskClient, group: str) -> Participant:
    """« Les Amis du Quartier », started and completed in `client`'s browser (an example's
    answers), then in the cohort: its results page and PDF are this browser's to open."""
    participant = Participant(client)
    participant.start(name="Les Amis du Quartier")
    with app.app_context():
        q = questionnaire()
        d = Diagnostic.query.filter_by(public_id=participant.public_id).one()
        answers = check_answers(q, example("association_jeune.json")["answers"])
        journey.save_answers(d, answers, set(), progress(q, answers).percent)
    participant.complete()
    with app.app_context():
        join(Diagnostic.query.filter_by(public_id=participant.public_id).one(),
             Cohort.query.filter_by(public_id=group).one())
        db.session.commit()
    return participant
