"""Participants saving at the same time: no "database is locked", no lost answer."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from flask import Flask
from sqlalchemy import func, select

from parcours.extensions import db
from parcours.models import Answer

from ..conftest import csrf_token
from .participant import Participant

WRITERS = 12
ROUNDS = 5


def test_concurrent_participants_all_get_their_answers_saved(app: Flask) -> None:
    participants = [Participant(app.test_client()) for _ in range(WRITERS)]
    for participant in participants:
        participant.start()

    def answer(participant: Participant) -> list[int]:
        url = f"/d/{participant.public_id}/etape/profil_organisation_section"
        statuses = []
        for size in ["micro", "petite", "moyenne", "grande", "petite"][:ROUNDS]:
            html, ids = participant.page(url)
            response = participant.client.post(url, data={
                "csrf_token": csrf_token(html), "questions": ",".join(ids),
                "profil_taille": size, "profil_territoire": "local", "action": "next"})
            statuses.append(response.status_code)
        return statuses

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        results = list(pool.map(answer, participants))
    assert all(status == 302 for statuses in results for status in statuses), results
    with app.app_context():
        rows = db.session.execute(select(Answer.question_id, func.count()).group_by(
            Answer.question_id)).all()
        counts = dict(rows)
        last = db.session.scalars(select(Answer.value).where(
            Answer.question_id == "profil_taille")).all()
    assert counts == {"profil_type": WRITERS, "profil_taille": WRITERS,
                      "profil_territoire": WRITERS}
    assert set(last) == {"petite"}
