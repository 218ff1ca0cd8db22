"""Participants completing the parcours: `locust -f tests/load/locustfile.py --headless …`.

Run only against 127.0.0.1 (the test starts the server). Every answer the server acknowledged
(a redirect to the next page) is written to $PARCOURS_ACK_FILE, one JSON line each, so that the
test can check afterwards that every one of them is in the database.
"""

from __future__ import annotations

import json
import os
import random
import re
import tempfile
from pathlib import Path

from locust import HttpUser, between, task

EXAMPLES = Path(__file__).resolve().parents[2] / "questionnaires" / "adoc" / "examples"
ANSWERS = [json.loads(p.read_text(encoding="utf-8"))["answers"]
           for p in sorted(EXAMPLES.glob("*.json"))]
ACK_FILE = os.environ.get("PARCOURS_ACK_FILE",
                          os.path.join(tempfile.gettempdir(), "parcours-acks.jsonl"))


def hidden(html: str) -> dict[str, str]:
    fields = {}
    for name in ("csrf_token", "questions", "revisions"):
        found = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html)
        if found:
            fields[name] = found.group(1)
    return fields


def fields_for(ids: list[str], answers: dict) -> dict:
    data: dict = {}
    for qid in ids:
        value = answers.get(qid)
        if value is None:
            continue
        if value in ("dont_know", "not_applicable") and qid.endswith(("partenaires", "rencontres")):
            data[qid + "__special"] = value
        elif isinstance(value, int | float):
            data[qid] = str(value)
        else:
            data[qid] = value
    return data


class Participant(HttpUser):
    """Starts a diagnostic, answers every page, reviews, completes, reads the results."""

    wait_time = between(0.2, 1.0)

    @task
    def complete_the_parcours(self) -> None:
        answers = random.choice(ANSWERS)
        # each run is another participant, from another address (the server trusts one proxy):
        # one address starting hundreds of diagnostics a minute would be rate-limited
        self.client.headers["X-Forwarded-For"] = ".".join(
            str(random.randint(1, 254)) for _ in range(4))
        page = self.client.get("/commencer", name="/commencer").text
        start = self.client.post("/commencer", name="/commencer [POST]", data={
            **hidden(page), "name": f"Org {random.randint(1, 10**9)}",
            "kind": answers["profil_type"]})
        public_id = start.url.split("/d/")[1].split("/")[0]
        response = self.client.get(f"/d/{public_id}/", name="/d/[id]/")
        acks = []
        for _ in range(30):
            if "/etape/" not in response.url:
                break
            html = response.text
            fields = hidden(html)
            ids = fields.get("questions", "").split(",")
            data = fields_for(ids, answers)
            response = self.client.post(response.url, name="/d/[id]/etape/[page] [POST]",
                                        data={**fields, **data, "action": "next"})
            if response.ok and response.history:  # a redirect: the page was saved
                acks += [{"diagnostic": public_id, "question": q, "value": answers[q]}
                         for q in ids if q in data]
        with open(ACK_FILE, "a", encoding="utf-8") as handle:
            handle.writelines(json.dumps(a) + "\n" for a in acks)
        review = self.client.get(f"/d/{public_id}/revue", name="/d/[id]/revue").text
        self.client.post(f"/d/{public_id}/terminer", name="/d/[id]/terminer [POST]",
                         data={"csrf_token": hidden(review)["csrf_token"]})
