"""Inputs that once gave a 500: each is now a 400 or a 404, and nothing is written."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ..conftest import csrf_token, hidden_fields
from .participant import Participant
from .people import diagnostic

PAGE = "/d/{pid}/etape/modele_alliances_section"


@pytest.mark.parametrize("revisions", ["modele_alliances_nature:²", "x:²", "x:١٢",
                                       "modele_alliances_nature:" + "9" * 5000])
def test_unreadable_revisions_are_a_400(client: FlaskClient, revisions: str) -> None:
    participant = Participant(client)
    participant.start(kind="entreprise")
    url = PAGE.format(pid=participant.public_id)
    html, _ = participant.page(url)
    response = client.post(url, data={**hidden_fields(html), "revisions": revisions,
                                      "modele_alliances_nature": "echange", "action": "next"})
    assert response.status_code == 400


@pytest.mark.parametrize("page", ["²", "١", "9" * 5000, "1" * 30])
def test_unreadable_dashboard_pages_are_a_400(trainer: tuple[FlaskClient, str],
                                              page: str) -> None:
    client, group = trainer
    response = client.get(f"/formateur/groupes/{group}?page={quote(page)}")
    assert response.status_code == 400


@pytest.mark.parametrize("comment_id", ["99999999999999999999", "9223372036854775808",
                                        "2147483648"])
def test_a_comment_id_out_of_range_is_a_404(app: Flask, trainer: tuple[FlaskClient, str],
                                            comment_id: str) -> None:
    client, group = trainer
    public_id = diagnostic(app, "Asso", group, "association_jeune.json")
    review = f"/formateur/groupes/{group}/participants/{public_id}"
    page = client.get(review).get_data(as_text=True)
    response = client.post(f"{review}/commentaires/{comment_id}",
                           data={"csrf_token": csrf_token(page)})
    assert response.status_code == 404


@pytest.mark.parametrize("target", ["/%0a/x", "/%0d/x", "/a%0d%0aSet-Cookie:%20x=y"])
def test_a_newline_in_next_is_no_500(client: FlaskClient, target: str) -> None:
    response = client.get(f"/lang/fr?next={target}")
    assert response.status_code == 302 and response.headers["Location"] == "/"
