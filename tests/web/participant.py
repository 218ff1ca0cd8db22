"""A participant driving the journey through the test client (like flaskr's AuthActions)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from ..conftest import csrf_token, hidden_fields

EXAMPLES = Path(__file__).resolve().parents[2] / "questionnaires" / "adoc" / "examples"


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def form_fields(question_ids: list[str], answers: dict[str, Any],
                kinds: dict[str, str]) -> dict[str, Any]:
    """The form fields a browser would send for these answers."""
    data: dict[str, Any] = {}
    for qid in question_ids:
        if qid not in answers:
            continue
        value, kind = answers[qid], kinds[qid]
        if kind in ("number", "text") and value in ("dont_know", "not_applicable"):
            data[qid + "__special"] = value
            data[qid] = ""
        elif kind == "number":
            data[qid] = str(value).replace(".", ",")
        else:
            data[qid] = value
    return data


class Participant:
    """Starts, answers, resumes and completes a diagnostic like a person would."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.public_id = ""
        self.resume_url = ""
        self.code = ""

    def start(self, name: str = "Les Amis du Quartier", kind: str | None = "association",
              key: str | None = None, **extra: str) -> str:
        """Start the default questionnaire, or the one of `key` (`kind=None`: none asked);
        `extra` fields (`consent="1"`) go with the form."""
        url = f"/commencer/{key}" if key else "/commencer"
        page = self.client.get(url).get_data(as_text=True)
        form = {"csrf_token": csrf_token(page), "name": name, **extra}
        response = self.client.post(url, data=form if kind is None else {**form, "kind": kind})
        assert response.status_code == 302, response.get_data(as_text=True)
        self.public_id = response.headers["Location"].split("/d/")[1].split("/")[0]
        link = self.client.get(response.headers["Location"]).get_data(as_text=True)
        self.resume_url = re.search(r'id="resume-url" value="([^"]+)"', link).group(1)
        self.code = re.search(r'id="resume-code">([A-Z0-9-]+)<', link).group(1)
        return self.public_id

    def page(self, url: str) -> tuple[str, list[str]]:
        """A page's HTML and the ids of the questions it shows."""
        html = self.client.get(url).get_data(as_text=True)
        found = re.search(r'name="questions" type="hidden" value="([^"]*)"', html)
        return html, (found.group(1).split(",") if found and found.group(1) else [])

    def answer_all(self, answers: dict[str, Any], kinds: dict[str, str]) -> list[str]:
        """Answer every page in order with 'Enregistrer et continuer', and once more when a
        page stays to show the questions an answer revealed (« Nouvelles questions
        ci-dessous », issue 27); the URLs visited."""
        visited = []
        url = f"/d/{self.public_id}/"
        url = self.client.get(url).headers["Location"]
        while "/etape/" in url:
            visited.append(url)
            html, ids = self.page(url)
            for _ in range(10):
                data = {**hidden_fields(html),
                        "action": "next", **form_fields(ids, answers, kinds)}
                response = self.client.post(url, data=data)
                if response.status_code != 200:
                    break
                html = response.get_data(as_text=True)
                found = re.search(r'name="questions" type="hidden" value="([^"]*)"', html)
                revealed = found.group(1).split(",") if found and found.group(1) else []
                assert set(revealed) > set(ids), html[:2000]  # it stays only to show more
                ids = revealed
            assert response.status_code == 302, response.get_data(as_text=True)[:2000]
            url = response.headers["Location"]
            assert len(visited) < 60, "the journey does not end"
        return visited

    def complete(self) -> str:
        review = self.client.get(f"/d/{self.public_id}/revue").get_data(as_text=True)
        response = self.client.post(f"/d/{self.public_id}/terminer",
                                    data={"csrf_token": csrf_token(review)})
        assert response.status_code == 302
        return self.client.get(response.headers["Location"]).get_data(as_text=True)
