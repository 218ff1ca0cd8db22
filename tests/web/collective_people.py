"""People of a collective diagnostic driven through the test client: the initiator who makes
it collective, and respondents who answer through a role's invitation link."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from parcours.engine import load

from ..conftest import csrf_token
from .participant import EXAMPLES, Participant, example

ADOC = load(EXAMPLES.parent)
KINDS = {qid: q.type for qid, q in ADOC.questions.items()}
PROFILE_IDS = [qid for qid, stage in ADOC.question_stage.items() if stage == "profil"]
HOST_ANSWERS = example("association_jeune.json")["answers"]
PROFILE = {qid: v for qid, v in HOST_ANSWERS.items() if qid in PROFILE_IDS}
# scored answers of three different organisations: respondents who do not agree
SCORED = [{qid: v for qid, v in example(name)["answers"].items() if qid not in PROFILE_IDS}
          for name in ("association_jeune.json", "collectivite.json", "entreprise_moyenne.json")]


def host_with_profile(client: FlaskClient, name: str = "Les Amis du Quartier") -> Participant:
    """An initiator who answered the profile only."""
    person = Participant(client)
    person.start(name, HOST_ANSWERS["profil_type"])
    person.answer_all(PROFILE, KINDS)
    return person


def make_collective(client: FlaskClient, public_id: str, roles: tuple[str, ...] = (
        "direction", "benevoles", "salaries"), custom: str = "", own: str = "direction") -> Any:
    page = client.get(f"/d/{public_id}/lien").get_data(as_text=True)
    return client.post(f"/d/{public_id}/collectif", data={
        "csrf_token": csrf_token(page), "roles": list(roles), "custom": custom,
        "own_role": own})


def links(client: FlaskClient, public_id: str) -> dict[str, str]:
    """Role label → its invitation path."""
    page = client.get(f"/d/{public_id}/collectif").get_data(as_text=True)
    found = re.findall(r'<label for="link-\d+">([^<]+)</label>\s*<div class="copy-row">'
                       r'<input type="text" id="link-\d+" value="https?://[^/]+(/invitation/'
                       r'[^"]+)"', page)
    return dict(found)


def respond(app: Flask, path: str, answers: dict[str, Any], complete: bool = True,
            client: FlaskClient | None = None) -> str:
    """A new browser (or `client`) opens an invitation, consents and answers; its diagnostic's
    public id."""
    client = client or app.test_client()
    page = client.get(path).get_data(as_text=True)
    started = client.post(path, data={"csrf_token": csrf_token(page), "consent": "1"})
    assert started.status_code == 302, started.get_data(as_text=True)[:500]
    person = Participant(client)
    person.public_id = started.headers["Location"].split("/d/")[1].split("/")[0]
    person.answer_all(answers, KINDS)
    if complete:
        person.complete()
    return person.public_id


def publish(client: FlaskClient, public_id: str) -> Any:
    """The host publishes a round of results (« Publier les résultats »)."""
    page = client.get(f"/d/{public_id}/lien").get_data(as_text=True)
    return client.post(f"/d/{public_id}/collectif/publier",
                       data={"csrf_token": csrf_token(page)})
