"""Participants saving at the same time: no "database is locked", no lost answer."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from parcours.infra.extensions import db
from parcours.models import Answer
from parcours.services.questionnaires import questionnaire

from ..conftest import hidden_fields
from .participant import Participant

WRITERS = 50
ROUNDS = 3


def test_concurrent_participants_all_get_their_answers_saved(app: Flask) -> None:
    participants = [Participant(app.test_client()) for _ in range(WRITERS)]
    for participant in participants:
        participant.start()

    def answer(participant: Participant) -> list[int]:
        url = f"/d/{participant.public_id}/etape/profil_organisation_section"
        statuses = []
        for size in ["micro", "moyenne", "grande", "petite"][-ROUNDS:]:
            html, ids = participant.page(url)
            response = participant.client.post(url, data={
                **hidden_fields(html),
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


def test_two_tabs_lose_no_answer_and_a_conflict_is_shown(app: Flask,
                                                        client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start(kind="entreprise")
    url = f"/d/{participant.public_id}/etape/modele_alliances_section"
    tab_one, _ = participant.page(url)
    tab_two, _ = participant.page(url)
    # tab two answers two questions; tab one, opened before, answers one of them differently
    # and another one that tab two left alone
    saved = client.post(url, data={**hidden_fields(tab_two), "action": "next",
                                   "modele_alliances_nature": "alliance",
                                   "modele_alliances_strategie": "strategie"})
    assert saved.status_code == 302
    late = client.post(url, data={**hidden_fields(tab_one), "action": "next",
                                  "modele_alliances_nature": "ponctuel",
                                  "modele_nombre_partenaires": "7"})
    page = late.get_data(as_text=True).replace("&#39;", "'")
    assert late.status_code == 422 and "modifiée entre-temps" in page
    assert 'value="alliance" checked' in page  # the saved answer is shown, not the stale one
    with app.app_context():
        rows = {a.question_id: a.value for a in Answer.query.all()}
    assert rows["modele_alliances_nature"] == "alliance"  # not silently overwritten
    assert rows["modele_alliances_strategie"] == "strategie"  # tab one did not touch it
    assert rows["modele_nombre_partenaires"] == 7  # tab one's own answer is kept
    again = client.post(url, data={**hidden_fields(page), "action": "next",
                                   "modele_alliances_nature": "ponctuel"})
    assert again.status_code == 302  # choosing again, knowingly, replaces it
    with app.app_context():
        assert Answer.query.filter_by(question_id="modele_alliances_nature").one().value \
            == "ponctuel"


def test_a_save_computed_from_a_stale_read_is_computed_again_under_the_lock(app: Flask) -> None:
    """Page saves read without the write lock; if an answer changed since, what they computed
    is not written: they read and compute again under the lock, and write that."""
    from parcours.infra.unit_of_work import write_unless_changed
    from parcours.journey import services
    from parcours.models import Diagnostic

    with app.app_context():
        q = questionnaire()
        diagnostic = services.start(q, "Les Amis du Quartier", "association", "fr").diagnostic
        computed: list[dict[str, str]] = []

        def read() -> tuple[dict[str, str], dict[str, int]]:
            stored = db.session.get(Diagnostic, diagnostic.id)
            answers, seen = stored.answer_map(), stored.revisions()
            # computed from what was read: « grande » if nothing else was saved
            computed.append({"profil_taille": "grande" if "profil_taille" not in answers
                             else answers["profil_taille"] + "+"})
            if len(computed) == 1:  # another tab saves between this read and the write
                services.save_answers(stored, {"profil_taille": "micro"}, set(), 10)
            return computed[-1], seen

        def write(changes: dict[str, str]) -> None:
            services.save_answers(diagnostic, changes, set(), 20)

        write_unless_changed(read, lambda: db.session.get(Diagnostic, diagnostic.id)
                             .revisions(), write)
        stored = db.session.get(Diagnostic, diagnostic.id)
        assert stored is not None and len(computed) == 2  # computed again, under the lock
        assert stored.answer_map()["profil_taille"] == "micro+"  # from the fresh read
        assert stored.progress == 20


def test_one_page_saved_from_many_threads_at_once(app: Flask) -> None:
    """The same participant's page posted from eight clients at once: each save is either
    taken or refused as a conflict (never a server error), and the answer is one of theirs."""
    first = Participant(app.test_client())
    first.start()
    url = f"/d/{first.public_id}/etape/profil_organisation_section"
    cookie = first.client.get_cookie("session")
    assert cookie is not None
    clients = []
    for _ in range(8):
        client = app.test_client()
        client.set_cookie("session", cookie.value)
        clients.append(client)
    sizes = ["micro", "petite", "moyenne", "grande"]

    def post(n: int) -> int:
        client = clients[n]
        html = client.get(url).get_data(as_text=True)
        return client.post(url, data={**hidden_fields(html), "profil_taille": sizes[n % 4],
                                      "profil_territoire": "local",
                                      "action": "next"}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(post, range(8)))
    assert set(statuses) <= {302, 422} and 302 in statuses, statuses
    with app.app_context():
        values = db.session.scalars(select(Answer.value).where(
            Answer.question_id == "profil_taille")).all()
    assert len(values) == 1 and values[0] in sizes
