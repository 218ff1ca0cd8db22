"""The README's three screenshots, from the pages as a browser shows them: a question page on a
phone, the results page on a computer, a trainer's overview of a workshop. Each page is checked
(nothing scrolls sideways, axe-core finds no serious violation, what the caption promises is on
screen); with PARCOURS_DOCS_IMAGES set to a folder (`make screenshots`: docs/img), the
screenshots are written there, as palette PNGs that stay small in the repository."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from parcours.engine import check_answers
from parcours.journey import services as journey
from parcours.journey.navigation import progress
from parcours.models import Diagnostic
from parcours.services.questionnaires import questionnaire

from ..web.participant import example
from ..web.people import PASSWORD, cohort, user
from ..web.workshop import seed
from .conftest import follow, serve_app
from .test_browser import serious

pytestmark = pytest.mark.e2e
FOLDER = os.environ.get("PARCOURS_DOCS_IMAGES")
ANSWERS = example("association_jeune.json")["answers"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Flask]]:
    """A trainer whose workshop of 13 (10 completed) is worth an overview."""
    for url, app in serve_app(tmp_path_factory.mktemp("docs-images"), PDF_PRERENDER=False,
                              ARGON2_TIME_COST=1, ARGON2_MEMORY_KIB=1024):
        user(app, "formatrice@example.org")
        seed(app, cohort(app, "formatrice@example.org", "Atelier de décembre"))
        yield url, app


def shoot(page: Any, name: str, width: int, height: int, top: str | None = None) -> None:
    """Check the page at that size; write its screenshot when asked (PARCOURS_DOCS_IMAGES),
    scrolled so that `top` (a selector) starts the picture."""
    page.set_viewport_size({"width": width, "height": height})
    if top:
        page.locator(top).first.evaluate(
            "e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 16)")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert serious(page) == [], name
    if FOLDER:
        from PIL import Image  # WeasyPrint's dependency; only when writing the pictures

        picture = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
        # 256 colours keep text and charts sharp at a third of a full-colour PNG's size
        picture.quantize(256, method=Image.Quantize.MEDIANCUT).save(
            Path(FOLDER) / f"{name}.png", optimize=True)


def _answer(app: Flask, public_id: str, complete: bool) -> None:
    with app.app_context():
        q = questionnaire()
        diagnostic = Diagnostic.query.filter_by(public_id=public_id).one()
        answers = check_answers(q, ANSWERS)
        journey.save_answers(diagnostic, answers, set(), progress(q, answers).percent)
        if complete:
            journey.complete(diagnostic, q)


def test_a_question_page_on_a_phone_and_the_results_on_a_computer(
        site: tuple[str, Flask], browser: Any) -> None:
    base, app = site
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{base}/commencer")
    page.fill("#name", "Association des Jardins Partagés")
    page.check("#kind-1")
    follow(page, "button.primary")
    public_id = page.url.split("/d/")[1].split("/")[0]
    _answer(app, public_id, complete=False)
    page.goto(f"{base}/d/{public_id}/etape/vision_enjeux_section")
    assert page.locator("legend").count() >= 2 and page.locator("progress").count() >= 1
    shoot(page, "question-390", 390, 844, top="fieldset.question")
    _answer(app, public_id, complete=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{base}/d/{public_id}/resultats")
    assert page.locator("#level-title").is_visible()
    shoot(page, "results-1280", 1280, 1200)
    context.close()


def test_the_trainers_overview_of_a_workshop(site: tuple[str, Flask], browser: Any) -> None:
    base, _app = site
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{base}/connexion")
    page.fill("input[name=email]", "formatrice@example.org")
    page.fill("input[name=password]", PASSWORD)
    follow(page, "form button[type=submit]")
    page.goto(f"{base}/formateur/")
    follow(page, "a[href*='/formateur/groupes/']")
    follow(page, "nav.tabs a[href$='/synthese']")
    assert page.locator("h1").inner_text() == "Atelier de décembre"
    assert page.locator("svg").count() >= 1  # the group's radar
    shoot(page, "cohort-overview-1280", 1280, 1100, top="section")
    context.close()
