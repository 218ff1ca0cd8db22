"""Renewing a resume link (issue 13, item 5): every other browser loses access, and only the
holder of the current link or code may renew."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from ..conftest import csrf_token
from .participant import Participant


def _paths(public_id: str) -> list[str]:
    return [f"/d/{public_id}/resultats", f"/d/{public_id}/reponses.json",
            f"/d/{public_id}/feuille-de-route.pdf", f"/d/{public_id}/lien"]


def _renew(client: FlaskClient, public_id: str) -> tuple[int, str]:
    """Renew from the link page; the status, and the new link page's HTML."""
    page = client.get(f"/d/{public_id}/lien").get_data(as_text=True)
    token = csrf_token(page) if "csrf_token" in page else ""
    response = client.post(f"/d/{public_id}/lien", data={"csrf_token": token},
                           follow_redirects=True)
    return response.status_code, response.get_data(as_text=True)


def test_renewing_ends_every_other_browsers_access(app: Flask, client: FlaskClient) -> None:
    owner = Participant(client)
    public_id = owner.start()
    owner.complete()
    old = app.test_client()
    assert old.get(owner.resume_url.split("localhost")[-1]).status_code == 302
    assert old.get(f"/d/{public_id}/resultats").status_code == 200
    status, page = _renew(client, public_id)
    assert status == 200
    new_url = re.search(r'id="resume-url" value="([^"]+)"', page).group(1)
    for path in _paths(public_id):
        assert old.get(path).status_code == 404, path
    assert old.post(f"/d/{public_id}/lien").status_code in (400, 404)
    assert client.get(f"/d/{public_id}/resultats").status_code == 200  # the renewer keeps it
    holder = app.test_client()
    assert holder.get(new_url.split("localhost")[-1]).status_code == 302
    assert holder.get(f"/d/{public_id}/resultats").status_code == 200


def test_a_browser_with_a_revoked_link_cannot_renew(app: Flask, client: FlaskClient) -> None:
    owner = Participant(client)
    public_id = owner.start()
    old = app.test_client()
    old.get(owner.resume_url.split("localhost")[-1])
    old_page = old.get(f"/d/{public_id}/lien").get_data(as_text=True)
    _renew(client, public_id)
    response = old.post(f"/d/{public_id}/lien", data={"csrf_token": csrf_token(old_page)})
    assert response.status_code == 404
    assert client.get(f"/d/{public_id}/resultats").status_code in (200, 302)
    assert client.get(f"/d/{public_id}/lien").status_code == 200
