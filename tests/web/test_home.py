"""The home page and the health check."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_home_page_offers_each_questionnaire_in_french_by_default(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="fr">' in page
    # the full parcours first, then its ten-minute Diagnostic flash
    assert page.index("Parcours A.D.O.C.</h2>") < page.index("Diagnostic flash A.D.O.C.</h2>")
    assert "Environ 30 minutes" in page and "Environ 10 minutes" in page
    assert "/commencer/adoc" in page and "/commencer/flash" in page


def test_language_switcher_keeps_english(client: FlaskClient) -> None:
    response = client.get("/lang/en?next=/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "A.D.O.C. pathway</h2>" in page and "A.D.O.C. quick check</h2>" in page


def test_language_switcher_refuses_to_redirect_elsewhere(client: FlaskClient) -> None:
    response = client.get("/lang/en?next=//evil.example/")
    assert response.headers["Location"] == "/"


def test_healthz_checks_the_database(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
