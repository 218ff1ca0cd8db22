"""Where a `next` may send the browser: a path of this site, whatever tricks the URL holds."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ..conftest import csrf_token
from .people import PASSWORD, user

# Each would leave the site, or break the response, if taken as it is.
TRICKS = [
    "/\t/evil.example/", "/%09/evil.example/", "\t//evil.example/", "/\n/evil.example/",
    "/\r/evil.example/", "//evil.example/", "/\\evil.example/", "\\\\evil.example/",
    "https://evil.example/", "HTTPS://evil.example/", "javascript:alert(1)",
    " //evil.example/", "/\x00/evil.example/", "/\u0085/x", "/ok\r\nSet-Cookie: a=b",
    "\x01/evil.example", "http:/evil.example", "/%0a/evil.example/",
]


def _location(response) -> str:  # noqa: ANN001 - a test response
    return response.headers.get("Location", "")


@pytest.mark.parametrize("target", TRICKS)
def test_the_language_switcher_never_leaves_the_site(client: FlaskClient, target: str) -> None:
    response = client.get(f"/lang/fr?next={quote(target, safe='')}")
    assert response.status_code == 302, response.status_code
    assert _location(response) == "/", (target, _location(response))


@pytest.mark.parametrize("target", TRICKS)
def test_login_and_registration_never_leave_the_site(app: Flask, client: FlaskClient,
                                                     target: str) -> None:
    user(app, "p@example.org", "participant")
    page = client.get("/connexion").get_data(as_text=True)
    response = client.post(f"/connexion?next={quote(target, safe='')}", data={
        "csrf_token": csrf_token(page), "email": "p@example.org", "password": PASSWORD})
    assert response.status_code == 302 and _location(response) == "/mon-compte", \
        (target, _location(response))
    other = app.test_client()
    page = other.get("/inscription").get_data(as_text=True)
    response = other.post(f"/inscription?next={quote(target, safe='')}", data={
        "csrf_token": csrf_token(page), "email": "q@example.org", "password": PASSWORD,
        "confirm": PASSWORD})
    assert response.status_code == 302 and not _location(response).startswith("//")
    assert "evil" not in _location(response) and "\n" not in _location(response)


@pytest.mark.parametrize("target", ["/formateur/", "/d/abc/resultats?x=1#top", "/?a=b/c"])
def test_a_path_of_the_site_is_kept(client: FlaskClient, target: str) -> None:
    response = client.get(f"/lang/en?next={quote(target, safe='')}")
    assert _location(response) == target
