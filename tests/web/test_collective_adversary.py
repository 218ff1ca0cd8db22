"""An adversarial host (issue 25, « Done when »; issue 30, H1): it records every page and
export it can open after every event of a scripted collection — a completion, a deletion, an
attempt to publish, a recomputation — and tries to read one respondent's answers back.

What it must never manage:
- to see anything change between two publications (a completion shows only in a band);
- to set two published figures against each other and find fewer than three people in the
  difference: rounds only grow, each by three respondents or more besides the initiator, and a
  role's figures by three of its members; a deletion closes the collection rather than reopen
  a difference; a published answer cannot be edited;
- to answer a second time from its own browser (the H1 Sybil) or edit a published answer.
"""

from __future__ import annotations

import difflib
import os
import random
import re
from collections import Counter
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from parcours.engine.collective import MIN_GROUP, Response, role_members
from parcours.infra.extensions import db
from parcours.models import Diagnostic
from parcours.web.security import limiter

from ..conftest import csrf_token
from ..reports.pdftext import text
from .collective_people import (
    KINDS,
    SCORED,
    host_with_profile,
    links,
    make_collective,
    publish,
)
from .participant import Participant

ROLES = ("Direction", "Bénévoles", "Salariés")
ROLE_IDS = {"Direction": "direction", "Bénévoles": "benevoles", "Salariés": "salaries"}
VOLATILE = [re.compile(p) for p in (r'name="csrf_token"[^>]*>', r'nonce="[^"]*"',
                                    r'<meta name="csrf-token"[^>]*>',
                                    r'<div class="flash"[^>]*>.*?</div>')]  # once, after a POST


def _mixed(rng: random.Random) -> dict[str, Any]:
    """A respondent's answers: each question's answer from one of three real organisations."""
    common = set(SCORED[0]).intersection(*SCORED[1:])
    return {qid: rng.choice(SCORED)[qid] for qid in sorted(common)}


def _clean(html: str) -> str:
    for pattern in VOLATILE:
        html = pattern.sub("", html)
    return re.sub(r"\s+", " ", html)


def _split_collective_page(html: str) -> tuple[str, str]:
    """(what must not change between publications, the bands and the publish button)."""
    html = _clean(html)
    section = html.split('id="answers-title"')[1].split("</section>")[0]
    return html.replace(section, ""), section


class Host:
    """The attacker: the initiator's browser, recording everything it can open."""

    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self.app, self.client = app, client
        person = host_with_profile(client)
        make_collective(client, person.public_id)
        self.public_id = person.public_id
        self.paths = links(client, person.public_id)

    def record(self) -> tuple[tuple[Any, ...], str]:
        """Everything it can see: (pages and exports, the live bands)."""
        get = self.client.get
        stable, bands = _split_collective_page(get(f"/d/{self.public_id}/collectif")
                                               .get_data(as_text=True))
        results = get(f"/d/{self.public_id}/resultats")
        seen: list[Any] = [stable, results.status_code]
        if results.status_code == 200:
            seen.append(_clean(results.get_data(as_text=True)))
            for download in ("reponses.json", "plan.csv", "plan.ics"):
                seen.append(get(f"/d/{self.public_id}/{download}").data)
            for lang in ("fr", "en"):
                pdf = get(f"/d/{self.public_id}/feuille-de-route.pdf?lang={lang}")
                seen.append(text(pdf.data) if pdf.status_code == 200 else pdf.status_code)
        return tuple(seen), bands

    def alignment(self) -> dict[str, Any] | None:
        with self.app.app_context():
            row = Diagnostic.query.filter_by(public_id=self.public_id).one()
            snapshot = row.latest_snapshot()
            return None if snapshot is None else dict(snapshot.results["fr"]["alignment"])


def _respondent(app: Flask, path: str) -> tuple[FlaskClient, str]:
    client = app.test_client()
    page = client.get(path).get_data(as_text=True)
    started = client.post(path, data={"csrf_token": csrf_token(page), "consent": "1"})
    assert started.status_code == 302
    return client, started.headers["Location"].split("/d/")[1].split("/")[0]


def _script(rng: random.Random, count: int) -> list[tuple[str, int]]:
    """Events: each respondent completes, some delete later; publishing is tried throughout,
    and recomputed sometimes."""
    events: list[tuple[str, int]] = []
    for n in range(count):
        events.insert(rng.randint(0, len(events)), ("complete", n))
    for n in rng.sample(range(count), k=max(1, count // 5)):
        at = events.index(("complete", n)) + 1
        events.insert(rng.randint(at, len(events)), ("delete", n))
    for _ in range(count // 2 + 1):
        events.insert(rng.randint(0, len(events)), ("publish", -1))
    events.insert(rng.randint(len(events) // 2, len(events)), ("recompute", -1))
    return [*events, ("publish", -1)]


def _distributions(alignment: dict[str, Any]) -> dict[str, Counter[str]]:
    return {item["question"]: Counter({row["value"]: row["count"] for row in item["distribution"]}
                                      | {"dont_know": item["dont_know"],
                                         "not_applicable": item["not_applicable"]})
            for item in alignment["disagreements"]}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_host_who_records_everything_reads_no_ones_answers(
        app: Flask, client: FlaskClient, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # it downloads every PDF after every event: far past the hourly limit of a real browser
    monkeypatch.setattr(limiter, "enabled", False)
    rng = random.Random(seed)
    count = rng.randint(3, 12) if seed != 1 else 12
    host = Host(app, client)
    people: dict[int, tuple[FlaskClient, str, str]] = {}
    for n in range(count):  # each opens its role's link and starts (none counted yet)
        role = rng.choice(ROLES)
        person_client, public_id = _respondent(app, host.paths[role])
        people[n] = (person_client, public_id, role)
    # the H1 Sybil: the initiator's browser answering a second time is refused
    assert client.get(host.paths["Bénévoles"]).status_code == 409

    last, _bands = host.record()
    published: list[dict[str, Any]] = []
    log: list[str] = []
    for event, n in _script(rng, count):
        changed_by_publishing = False
        if event == "complete":
            person_client, public_id, _role = people[n]
            person = Participant(person_client)
            person.public_id = public_id
            person.answer_all(_mixed(rng), KINDS)
            person.complete()
        elif event == "delete":
            person_client, public_id, _role = people[n]
            page = person_client.get(f"/d/{public_id}/supprimer").get_data(as_text=True)
            person_client.post(f"/d/{public_id}/supprimer",
                               data={"csrf_token": csrf_token(page)})
        elif event == "publish":
            changed_by_publishing = publish(client, host.public_id).status_code == 302
            if changed_by_publishing:
                alignment = host.alignment()
                assert alignment is not None
                published.append(alignment)
        else:  # recompute: the old « Recalculer » no longer exists; only a round publishes
            token = csrf_token(client.get(f"/d/{host.public_id}/lien").get_data(as_text=True))
            assert client.post(f"/d/{host.public_id}/collectif/consolider",
                               data={"csrf_token": token}).status_code in (404, 405)
        now, bands = host.record()
        log.append(_logged(event, n, people, bands, changed_by_publishing))
        if not changed_by_publishing:
            assert now == last, (f"the host saw a change after « {event} » of respondent {n}:\n"
                                 + _diff(last, now))
        assert not re.search(r"\b\d+\s*réponses? terminées?\b", bands.replace("\u00a0", " ")), \
            "a live count shown exactly"
        last = now
        _check_layers(app, host)

    if os.environ.get("ADVERSARY_LOG"):  # what the host saw, event by event (pytest -s)
        print(f"\nseed {seed}, {count} respondents:\n" + "\n".join(log))
    # set side by side, two successive publications differ by three people or more
    for before, after in zip(published, published[1:], strict=False):
        assert after["respondents"] - before["respondents"] >= MIN_GROUP
        old, new = _distributions(before), _distributions(after)
        for question in old.keys() & new.keys():
            moved = sum((new[question] - old[question]).values())
            assert moved == 0 or moved >= MIN_GROUP


def _logged(event: str, n: int, people: dict[int, tuple[FlaskClient, str, str]], bands: str,
            published: bool) -> str:
    """One line of what the host saw after an event."""
    said = re.sub(r"<[^>]+>", " ", bands)
    finished = re.search(r"Réponses terminées\s*:\s*(\S+)\.", said)
    shown = re.search(r"Résultats publiés\s*:\s*([^.]+)\.", said)
    who = f" {n} ({people[n][2]})" if n >= 0 else ""
    return (f"{event}{who}: finished {finished.group(1) if finished else '?'}; "
            f"{'PUBLISHED ' if published else ''}{shown.group(1) if shown else 'nothing published'}"
            f"{'; publishable' if 'Publier les résultats' in said else ''}"
            f"{'; closed' if 'collecte est close' in said else ''}")


def _diff(before: tuple[Any, ...], after: tuple[Any, ...]) -> str:
    """What changed, to read when the test fails."""
    lines = []
    for old, new in zip(before, after, strict=False):
        if old != new:
            lines += difflib.unified_diff(str(old).split("> "), str(new).split("> "),
                                          lineterm="", n=1)
    return "\n".join(lines[:40])


def _check_layers(app: Flask, host: Host) -> None:
    """What the figures are made of: rounds that only grow, by three non-initiator respondents
    or more, and each role's members by three at a time."""
    with app.app_context():
        row = Diagnostic.query.filter_by(public_id=host.public_id).one()
        rows = db.session.execute(db.select(Diagnostic.id, Diagnostic.respondent_role,
                                            Diagnostic.respondent_round)
                                  .where(Diagnostic.host_id == row.id)
                                  .order_by(Diagnostic.id)).all()
        own = rows[0].id
        rounds = Counter(r.respondent_round for r in rows
                         if r.respondent_round is not None and r.id != own)
        for number, size in rounds.items():
            assert size >= MIN_GROUP, f"round {number} added {size} respondents"
        counted = [Response(str(r.respondent_role), {}, int(r.respondent_round))
                   for r in rows if r.respondent_round is not None]
        for members in role_members(counted).values():
            assert len(members) == 0 or len(members) >= MIN_GROUP
