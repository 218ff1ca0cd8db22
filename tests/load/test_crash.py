"""Crash safety: answers acknowledged by gunicorn survive a SIGKILL of every process."""

from __future__ import annotations

import re

from sqlalchemy import create_engine, select

from parcours.models import Answer, Diagnostic

from ..conftest import hidden_fields as hidden
from ..web.participant import example, form_fields
from .server import Browser, Gunicorn, free_port, shown, token


def answers_in_database(url: str, public_id: str) -> dict[str, object]:
    """Read the answers straight from the database (the JSON type decodes them)."""
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Answer.question_id, Answer.value).join(Diagnostic)
            .where(Diagnostic.public_id == public_id)).all()
    engine.dispose()
    return dict(rows)


def test_acknowledged_answers_survive_a_sigkill(migrated_url: str) -> None:
    data = example("entreprise_moyenne.json")["answers"]
    kinds = {qid: ("number" if isinstance(v, int | float) else "text"
                   if qid.endswith("commentaire") else "choice") for qid, v in data.items()}
    server = Gunicorn(migrated_url, free_port())
    server.start()
    acknowledged: dict[str, object] = {}
    try:
        browser = Browser(f"http://127.0.0.1:{server.port}")
        _, page = browser.get("/commencer")
        status, url, page = browser.post("/commencer", {
            "csrf_token": token(page), "name": "Propreté Services", "kind": "entreprise"})
        assert status == 200 and "/lien" in url
        resume = re.search(r'id="resume-url" value="([^"]+)"', page).group(1)
        # « Commencer le questionnaire » opens the page to answer (issue 26: /d/<id>/ says which)
        url, page = browser.get(re.search(r'lead-action"><a class="button primary big" '
                                          r'href="(/d/[^"]+/)"', page).group(1))
        assert "/etape/" in url
        for _ in range(8):  # eight pages, each acknowledged by the redirect to the next
            ids = shown(page)
            fields = form_fields(ids, data, kinds)
            status, next_url, page = browser.post(url.replace(browser.base, ""), {
                **hidden(page), "action": "next",
                **fields})
            assert status == 200 and next_url != url
            acknowledged.update({qid: data[qid] for qid in ids if qid in data})
            url = next_url
        assert len(acknowledged) >= 20
    finally:
        server.kill()
    server.start()  # the same database, a new server
    try:
        again = Browser(f"http://127.0.0.1:{server.port}")
        url, _ = again.get(resume.split(":" + str(server.port))[-1])
        public_id = url.split("/d/")[1].split("/")[0]
    finally:
        server.stop()
    stored = answers_in_database(migrated_url, public_id)
    missing = {qid: v for qid, v in acknowledged.items() if stored.get(qid) != v}
    assert missing == {}, f"{len(missing)} of {len(acknowledged)} acknowledged answers lost"
