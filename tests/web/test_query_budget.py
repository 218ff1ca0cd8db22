"""The hot path's SQL, counted: a question page and its save issue a fixed number of
statements (bench/README.md). A count is deterministic where a time is not, so a query added
to every page (a check, a lazy load, an N + 1 over questions) fails here, not in a benchmark.

A page: the diagnostic with its pre-filled answers and whether it hosts a collective diagnostic
(one query), then its answers. A save: the same two to read and check, then under the write
lock its status and revisions in one query (nothing changed meanwhile?), the answers, the
diagnostic's progress. SQLite's explicit BEGIN statements are not counted (PostgreSQL sends
none)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from parcours.infra.extensions import db

from ..conftest import hidden_fields
from .participant import Participant, form_fields
from .test_follow_up import ANSWERS, KINDS

PAGE_QUERIES = 2
SAVE_QUERIES = 5


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """The SQL statements sent while the block runs (BEGIN left out)."""
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def record(*args: object) -> None:
        if not str(args[2]).lstrip().upper().startswith("BEGIN"):
            seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _counted(app: Flask, request: Callable[[], object]) -> list[str]:
    with statements(app) as seen:
        request()
    return seen


def test_a_question_page_and_its_save_send_a_fixed_number_of_queries(
        app: Flask, client: FlaskClient) -> None:
    person = Participant(client)
    person.start("Les Amis du Quartier", ANSWERS["profil_type"])
    url = client.get(f"/d/{person.public_id}/").headers["Location"]
    client.get(url)  # the first view of a process reads what it keeps afterwards
    html = ""

    def view() -> None:
        nonlocal html
        response = client.get(url)
        assert response.status_code == 200
        html = response.get_data(as_text=True)

    seen = _counted(app, view)
    assert len(seen) <= PAGE_QUERIES, "\n".join(seen)
    _, ids = person.page(url)

    def save() -> None:
        response = client.post(url, data={**hidden_fields(html), "action": "next",
                                           **form_fields(ids, ANSWERS, KINDS)})
        assert response.status_code == 302

    seen = _counted(app, save)
    assert len(seen) <= SAVE_QUERIES, "\n".join(seen)
    assert any("answer" in statement and "INSERT" in statement for statement in seen)


def test_a_page_of_more_answers_sends_no_more_queries(app: Flask, client: FlaskClient) -> None:
    """No query per answer or per question: halfway through, a page costs what the first did."""
    person = Participant(client)
    person.start("Les Amis du Quartier", ANSWERS["profil_type"])
    visited = person.answer_all(ANSWERS, KINDS)
    for url in (visited[0], visited[len(visited) // 2], visited[-1]):
        client.get(url)
        seen = _counted(app, lambda url=url: client.get(url))
        assert len(seen) <= PAGE_QUERIES, "\n".join(seen)
