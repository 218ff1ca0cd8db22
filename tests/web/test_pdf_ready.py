"""No wait without feedback (issue 26, item 5): while the PDF renders in the background, the
results page says « Votre PDF se prépare… » with a link that refreshes it (no meta refresh, no
JavaScript needed); once stored, the ordinary download button. A plan edit renders it again."""

from __future__ import annotations

from flask import Flask

from parcours.journey import services as journey
from parcours.models import Diagnostic

from ..conftest import csrf_token
from .people import diagnostic
from .test_plan import edit, plan_ids


def _jobs(app: Flask) -> None:
    app.extensions["parcours_jobs"].wait(120)


def test_the_results_say_the_pdf_is_being_prepared_until_it_is(app: Flask) -> None:
    app.config["PDF_PRERENDER"] = True
    public_id = diagnostic(app, "Les Amis du Quartier", example_name="association_jeune.json")
    with app.app_context():
        token, _code = journey.current_secrets(
            Diagnostic.query.filter_by(public_id=public_id).one())
    client = app.test_client()
    assert client.get(f"/reprendre/{token}").status_code == 302
    page = client.get(f"/d/{public_id}/resultats").get_data(as_text=True)
    assert "Votre PDF se prépare…" in page and "http-equiv" not in page
    assert f'href="/d/{public_id}/resultats#first-title"' in page  # refresh by a link
    assert client.get(f"/d/{public_id}/feuille-de-route.pdf").status_code == 200  # rendered
    response = client.get(f"/d/{public_id}/resultats")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[:3000]
    assert "Votre PDF se prépare…" not in page
    assert "Télécharger ma feuille de route (PDF)" in page
    # a plan edit changes the PDF: it is rendered again in the background, ready after
    first = plan_ids(page)[0]
    assert edit(client, public_id, first, page, status="en_cours",
                owner="Claire").status_code == 302
    _jobs(app)
    page = client.get(f"/d/{public_id}/resultats").get_data(as_text=True)
    assert "Votre PDF se prépare…" not in page, "the edit's PDF was not rendered"
    assert csrf_token(page)


def test_without_background_renders_the_button_is_the_download(app: Flask) -> None:
    assert app.config["PDF_PRERENDER"] is False  # the tests' default: rendered on demand
    public_id = diagnostic(app, "Les Amis du Quartier", example_name="association_jeune.json")
    with app.app_context():
        token, _code = journey.current_secrets(
            Diagnostic.query.filter_by(public_id=public_id).one())
    client = app.test_client()
    client.get(f"/reprendre/{token}")
    page = client.get(f"/d/{public_id}/resultats").get_data(as_text=True)
    assert "Télécharger ma feuille de route (PDF)" in page
    assert "Votre PDF se prépare…" not in page
