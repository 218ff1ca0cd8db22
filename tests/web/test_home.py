"""The home page and the health check."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_home_page_explains_the_parcours_in_french_by_default(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Vision partagée" in page
    assert "minutes" in page


def test_language_switcher_keeps_english(client: FlaskClient) -> None:
    response = client.get("/lang/en?next=/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Shared vision" in page


def test_language_switcher_refuses_to_redirect_elsewhere(client: FlaskClient) -> None:
    response = client.get("/lang/en?next=//evil.example/")
    assert response.headers["Location"] == "/"


def test_healthz_checks_the_database(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
