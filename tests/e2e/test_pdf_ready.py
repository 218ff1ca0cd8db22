"""No wait without feedback, in Chromium (issue 26, item 5): while the PDF renders, the results
page says « Votre PDF se prépare… »; static/js/app.js asks the status address and turns the
button into the download once the PDF is ready. Without JavaScript the refresh link does it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from parcours.models import Diagnostic
from parcours.reports.service import prerender

from .conftest import follow, serve_app
from .test_alliance import completed
from .test_browser import serious

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Flask]]:
    # completions queue no render: each test decides when the PDF becomes ready
    yield from serve_app(tmp_path_factory.mktemp("pdfready"), PDF_PRERENDER=False)


def _pending_results(app: Flask, page: Any, base: str, name: str) -> tuple[str, int]:
    """A completed diagnostic's results opened while its PDF is not rendered yet."""
    token = completed(app, name, "association_jeune.json")
    app.config["PDF_PRERENDER"] = True  # the page now says whether the PDF is ready
    page.goto(f"{base}/reprendre/{token}")
    public_id = page.url.split("/d/")[1].split("/")[0]
    page.goto(f"{base}/d/{public_id}/resultats")
    with app.app_context():
        return public_id, Diagnostic.query.filter_by(public_id=public_id).one().id


@pytest.mark.parametrize("width", [390, 1280])
def test_the_button_becomes_the_download_once_the_pdf_is_ready(
        site: tuple[str, Flask], browser: Any, width: int) -> None:
    base, app = site
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url)
            if "/feuille-de-route/etat" in request.url else None)
    public_id, diagnostic_id = _pending_results(app, page, base, f"Les Amis {width}")
    download = page.locator("#first-title ~ p.download")
    assert download.locator("a.button").inner_text() == "Votre PDF se prépare…"
    assert download.locator("a.pdf-refresh").is_visible()
    page.wait_for_timeout(2500)
    assert asked, "the page never asked whether the PDF was ready"
    assert download.locator("a.button").inner_text() == "Votre PDF se prépare…"  # still not
    with app.app_context():
        prerender(diagnostic_id)  # the background job, done now
    # (no wait_for_function: the page's CSP refuses the string it would evaluate)
    download.locator("a.button", has_text="Télécharger ma feuille de route (PDF)").wait_for(
        timeout=20000)
    assert download.locator("a.pdf-refresh").count() == 0
    assert download.get_attribute("role") == "status"  # the change is announced
    assert serious(page) == []
    with page.expect_download() as got:
        download.locator("a.button").click()
    assert got.value.suggested_filename.endswith(".pdf")
    count = len(asked)
    page.wait_for_timeout(3000)
    assert len(asked) == count, "it kept asking once the PDF was ready"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
    app.config["PDF_PRERENDER"] = False


def test_without_javascript_the_refresh_link_offers_it(site: tuple[str, Flask],
                                                       browser: Any) -> None:
    base, app = site
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    _public_id, diagnostic_id = _pending_results(app, page, base, "Les Amis sans script")
    assert page.inner_text("p.download a.button") == "Votre PDF se prépare…"
    with app.app_context():
        prerender(diagnostic_id)
    follow(page, "a.pdf-refresh")
    assert page.inner_text("p.download a.button") == "Télécharger ma feuille de route (PDF)"
    context.close()
    app.config["PDF_PRERENDER"] = False
