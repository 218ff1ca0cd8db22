"""No wait without feedback (issue 26, item 5): while the PDF renders in the background, the
results page says « Votre PDF se prépare… » with a link that refreshes it (no meta refresh, no
JavaScript needed); once stored, the ordinary download button. A plan edit renders it again."""

from __future__ import annotations

from flask import Flask

from ..conftest import csrf_token
from .people import diagnostic, holder
from .test_plan import edit, plan_ids


def _jobs(app: Flask) -> None:
    app.extensions["parcours_jobs"].wait(120)


def test_the_results_say_the_pdf_is_being_prepared_until_it_is(app: Flask) -> None:
    app.config["PDF_PRERENDER"] = True
    public_id = diagnostic(app, "Les Amis du Quartier", example_name="association_jeune.json")
    client = holder(app, public_id)
    page = client.get(f"/d/{public_id}/resultats").get_data(as_text=True)
    assert "Votre PDF se prépare…" in page and "http-equiv" not in page
    # refresh by a link to a new address (to this page's own, with an anchor, a browser would
    # only scroll), landing on the button
    assert f'href="/d/{public_id}/resultats?actualiser=1#first-title"' in page
    again = client.get(f"/d/{public_id}/resultats?actualiser=1").get_data(as_text=True)
    assert f'href="/d/{public_id}/resultats?actualiser=2#first-title"' in again
    odd = client.get(f"/d/{public_id}/resultats?actualiser=abc").get_data(as_text=True)
    assert f'href="/d/{public_id}/resultats?actualiser=1#first-title"' in odd
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
    client = holder(app, public_id)
    page = client.get(f"/d/{public_id}/resultats").get_data(as_text=True)
    assert "Télécharger ma feuille de route (PDF)" in page
    assert "Votre PDF se prépare…" not in page


def test_the_status_says_when_the_pdf_is_ready_and_only_to_whoever_may_see_it(
        app: Flask) -> None:
    """The results page's script asks this (issue 26): false while the PDF renders, true once
    stored; 404 for another browser and for an unknown diagnostic, never a 500."""
    public_id = diagnostic(app, "Les Amis du Quartier", example_name="association_jeune.json")
    client = holder(app, public_id)
    status = f"/d/{public_id}/feuille-de-route/etat"
    response = client.get(status)
    assert response.status_code == 200 and response.get_json() == {"ready": False}
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get(f"/d/{public_id}/feuille-de-route.pdf").status_code == 200
    assert client.get(status).get_json() == {"ready": True}
    assert client.get(status + "?lang=en").get_json() == {"ready": False}
    assert client.get(status + "?lang=xx").status_code == 404
    assert app.test_client().get(status).status_code == 404  # another browser
    assert client.get("/d/inconnu/feuille-de-route/etat").status_code == 404


def test_the_pending_button_says_where_to_ask(app: Flask) -> None:
    """The pending paragraph carries the status address and the ready label for the script."""
    app.config["PDF_PRERENDER"] = True
    public_id = diagnostic(app, "Les Amis du Quartier", example_name="association_jeune.json")
    client = holder(app, public_id)
    page = client.get(f"/d/{public_id}/resultats").get_data(as_text=True)
    assert f'data-status="/d/{public_id}/feuille-de-route/etat"' in page
    assert 'data-ready="Télécharger ma feuille de route (PDF)"' in page
