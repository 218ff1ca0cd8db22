"""Questions revealed on submit (issue 27, item 4): the page stays (200) and shows them under
« Nouvelles questions ci-dessous », with every answer kept and no error summary; only a question
the participant has seen and left empty is an error (422). A walk of a chained questionnaire
(tests/questionnaires/chaine) therefore meets no 422 at all.

Every test runs on SQLite and on PostgreSQL (the `app` fixture)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ..conftest import hidden_fields
from ..shapes import CHAINE, questionnaires_dir
from .participant import Participant, form_fields

WANTED = {"c1": "yes", "c2": "tous", "c3": 8, "c4": "Un atelier d'une heure",
          "c_note": "Une remarque", "u1": ["comptes", "agenda"], "u2": "yes", "u3": "mensuel"}
KINDS = {"c1": "yesno", "c2": "single", "c3": "number", "c4": "text", "c_note": "text",
         "u1": "multiple", "u2": "yesno", "u3": "single"}


@pytest.fixture
def chaine(app: Flask, tmp_path: Path) -> Flask:
    app.config["QUESTIONNAIRES_DIR"] = str(questionnaires_dir(tmp_path / "served", CHAINE))
    return app


def listed(page: str) -> list[str]:
    found = re.search(r'name="questions" type="hidden" value="([^"]*)"', page)
    return found.group(1).split(",") if found and found.group(1) else []


def started(app: Flask) -> tuple[FlaskClient, Participant, str]:
    client = app.test_client()
    participant = Participant(client)
    participant.start(key="chaine", kind=None)
    first = client.get(f"/d/{participant.public_id}/").headers["Location"]
    return client, participant, first


def submit(client: FlaskClient, url: str, page: str, answers: dict[str, Any],
           **extra: str) -> tuple[int, str]:
    data = {**hidden_fields(page), "action": "next",
            **form_fields(listed(page), answers, KINDS), **extra}
    response = client.post(url, data=data)
    return response.status_code, response.get_data(as_text=True)


def test_a_revealed_required_question_is_shown_as_new_not_as_an_error(chaine: Flask) -> None:
    client, _, url = started(chaine)
    page = client.get(url).get_data(as_text=True)
    assert listed(page) == ["c1", "c_note"]
    status, page = submit(client, url, page, {"c1": "yes", "c_note": "Une remarque"})
    assert status == 200
    assert "error-summary" not in page and "has-error" not in page
    text = html.unescape(page)
    assert "Nouvelles questions ci-dessous" in text
    assert "Vos réponses ont fait apparaître de nouvelles questions" in text
    # the marker stands right before the new question, which is now listed as seen
    assert text.index('id="new-questions"') < text.index('id="q-c2"')
    assert text.index('id="q-c1"') < text.index('id="new-questions"')
    assert listed(page) == ["c1", "c2", "c_note"]
    # what was typed is kept: the yes ticked, the remark
    assert re.search(r'name="c1" id="[^"]+" value="yes" checked', page)
    assert "Une remarque</textarea>" in text


def test_a_question_seen_and_left_empty_is_then_an_error(chaine: Flask) -> None:
    client, _, url = started(chaine)
    page = client.get(url).get_data(as_text=True)
    status, page = submit(client, url, page, {"c1": "yes"})
    assert status == 200
    status, page = submit(client, url, page, {"c1": "yes"})  # c2 seen, left empty
    assert status == 422
    assert 'id="error-summary"' in page and 'id="new-questions"' not in page
    assert 'id="q-c2"' in page and "has-error" in page


def test_the_marker_speaks_english(chaine: Flask) -> None:
    client, _, url = started(chaine)
    client.get("/lang/en")
    page = client.get(url).get_data(as_text=True)
    status, page = submit(client, url, page, {"c1": "yes"})
    assert status == 200 and "New questions below" in page
    assert "Nouvelles questions" not in page


def walk(client: FlaskClient, url: str, answers: dict[str, Any]) -> list[int]:
    """Answer what each page shows, as a person would, and submit again while questions
    appear; the status of every submit."""
    statuses: list[int] = []
    while "/etape/" in url:
        page = client.get(url).get_data(as_text=True)
        while True:
            data = {**hidden_fields(page), "action": "next",
                    **form_fields(listed(page), answers, KINDS)}
            response = client.post(url, data=data)
            statuses.append(response.status_code)
            assert len(statuses) < 40, "the walk does not end"
            if response.status_code == 302:
                url = response.headers["Location"]
                break
            page = response.get_data(as_text=True)
    return statuses


def test_a_walk_of_the_chain_meets_no_422(chaine: Flask) -> None:
    client, participant, url = started(chaine)
    statuses = walk(client, url, WANTED)
    assert statuses.count(422) == 0, statuses
    assert statuses == [200, 200, 200, 302, 200, 200, 302]
    answers = participant.client.get(f"/d/{participant.public_id}/revue").get_data(as_text=True)
    assert "Un atelier d" in html.unescape(answers)
