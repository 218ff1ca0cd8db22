"""Renders and storage have bounds (issue 13, item 7): starting, completing and reopening are
rate-limited, and only the PDFs that can still be downloaded are kept."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from parcours.infra.extensions import db
from parcours.models import RenderedPdf

from ..conftest import csrf_token
from .participant import Participant


def _stored(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(RenderedPdf)) or 0)


def test_starting_is_rate_limited(client: FlaskClient) -> None:
    form = csrf_token(client.get("/commencer").get_data(as_text=True))
    statuses = [client.post("/commencer", data={"csrf_token": form, "name": ""}).status_code
                for _ in range(61)]
    assert statuses[:60] == [422] * 60 and statuses[60] == 429, statuses


def test_completing_and_reopening_are_limited_per_diagnostic(client: FlaskClient) -> None:
    participant = Participant(client)
    public_id = participant.start()
    token = csrf_token(client.get(f"/d/{public_id}/revue").get_data(as_text=True))
    statuses = []
    for n in range(4):  # complete, reopen, complete… each time from another address
        for action in ("terminer", "rouvrir"):
            statuses.append(client.post(f"/d/{public_id}/{action}", data={"csrf_token": token},
                                        environ_overrides={"REMOTE_ADDR": f"10.0.{n}.1"}
                                        ).status_code)
    assert statuses[:6] == [302] * 6 and set(statuses[6:]) == {429}, statuses


def test_only_the_pdfs_that_can_be_downloaded_are_kept(app: Flask, client: FlaskClient) -> None:
    participant = Participant(client)
    public_id = participant.start()
    participant.complete()
    pdf = f"/d/{public_id}/feuille-de-route.pdf"
    assert client.get(pdf).status_code == 200 and _stored(app) == 1
    assert client.get(pdf + "?lang=en").status_code == 200 and _stored(app) == 2
    token = csrf_token(client.get(f"/d/{public_id}/resultats").get_data(as_text=True))
    client.post(f"/d/{public_id}/rouvrir", data={"csrf_token": token})
    assert _stored(app) == 2  # reopened: the last results can still be downloaded
    participant.complete()
    assert _stored(app) == 0  # a new snapshot: the old one's PDFs can no longer be
    assert client.get(pdf).status_code == 200 and _stored(app) == 1
