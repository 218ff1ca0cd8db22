"""A questionnaire in its own words, in a real browser (issue 27, items 3 and 6): the Grille
d'incidence (tests/questionnaires/incidence, French only, no partner page, no collective, no
strengths, no priority nor horizon) served alone, from the home page, which is its own, to its
PDF; then OWASP SAMM and Canada's AIA, served together; no page and no PDF says a word of
A.D.O.C., in French or in English."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..reports.pdftext import flat, text
from ..shapes import questionnaires_dir
from ..web.test_own_words import AIA, INCIDENCE, MODELS, SAMM, answers_of, own_sentences, said
from .conftest import follow, serve
from .test_browser import answer_page, serious

pytestmark = pytest.mark.e2e
ANSWERS = json.loads((INCIDENCE / "examples" / "moyen.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app serving the Grille d'incidence alone, on a real HTTP server."""
    folder = tmp_path_factory.mktemp("e2e-words")
    served = questionnaires_dir(folder / "questionnaires", INCIDENCE)
    yield from serve(folder, QUESTIONNAIRES_DIR=str(served))


def shoot(page: Any, name: str) -> None:
    """Screenshots at a phone's and a laptop's width, into PARCOURS_SHOTS when set; the
    page never scrolls sideways."""
    folder = os.environ.get("PARCOURS_SHOTS")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        if folder:
            page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_grille_from_the_home_page_to_its_pdf(live_server: str, browser: Any,
                                                  lang: str) -> None:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(live_server + "/")
    if lang == "en":
        follow(page, "a[hreflang=en]")
        assert "This questionnaire exists in French only" in page.inner_text("main")
    said_on = {"home": said(page.inner_text("body"))}
    assert page.locator("h1").inner_text() == "Grille d'incidence d'un traitement automatisé"
    shoot(page, f"incidence-home-{lang}")
    assert serious(page) == []
    follow(page, "a.button.primary")  # the home page goes straight to it
    assert page.locator("legend").first.inner_text().startswith("Le traitement est porté par…")
    said_on["start"] = said(page.inner_text("body"))
    page.fill("#name", "Maison des projets")
    page.check("input[name=kind][value=public]")
    follow(page, "button.primary")
    follow(page, "a.button.primary")
    pages = 0
    while "/etape/" in page.url and pages < 5:
        said_on[f"page {pages}"] = said(page.inner_text("body"))
        answer_page(page, ANSWERS["answers"])
        follow(page, "button[value=next]")
        pages += 1
    assert pages == 1 and page.url.endswith("/revue")  # its kind was asked at the start
    follow(page, "form.complete-form button.primary")
    assert page.url.endswith("/resultats")
    body = page.inner_text("body")
    said_on["results"] = said(body)
    assert page.locator("#level-title").inner_text() == (
        "Votre niveau d'incidence" if lang == "fr" else "Your niveau d'incidence")
    assert page.locator(".level-name").inner_text().startswith("Incidence modérée")
    assert page.locator("#strengths-title").count() == 0
    assert page.locator("#alliance-title").count() == 0
    shoot(page, f"incidence-results-{lang}")
    assert serious(page) == []
    pdf = page.request.get(page.url.replace("/resultats", "/feuille-de-route.pdf"))
    assert pdf.status == 200
    body = flat(text(pdf.body()))
    said_on["pdf"] = said(body)
    assert ("This questionnaire exists in French only" in body) == (lang == "en")
    assert {where: words for where, words in said_on.items() if words} == {}
    context.close()


# issue 27, item 6: the published models, one walk each in a real browser, in the language the
# test-client walk (tests/web/test_own_words.py) does not take: SAMM in its English, the AIA in
# French; both served together, each reached from the home page's own link
BROWSED = {"samm": ("en", "OWASP SAMM — Governance", "Level 0"),
           "aia": ("fr", "Évaluation de l'incidence algorithmique", "Niveau II")}


@pytest.fixture(scope="module")
def published_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app serving OWASP SAMM and the AIA, on a real HTTP server."""
    folder = tmp_path_factory.mktemp("e2e-published")
    served = questionnaires_dir(folder / "questionnaires", SAMM, AIA)
    yield from serve(folder, QUESTIONNAIRES_DIR=str(served))


@pytest.mark.parametrize("model", sorted(BROWSED))
def test_a_published_model_from_the_home_page_to_its_pdf(published_server: str, browser: Any,
                                                         model: str) -> None:
    lang, title, level = BROWSED[model]
    own = own_sentences(MODELS[model][0])
    answers = answers_of(model)
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(published_server + "/")
    if lang == "en":
        follow(page, "a[hreflang=en]")
    said_on = {"home": said(page.inner_text("body"), own)}
    follow(page, f"a[href='/commencer/{model}']")
    assert title in page.inner_text("main")
    page.fill("#name", "Maison des projets")
    follow(page, "button.primary")
    follow(page, "a.button.primary")
    pages = 0
    while "/etape/" in page.url and pages < 60:
        said_on[page.url] = said(page.inner_text("body"), own)
        answer_page(page, answers)
        follow(page, "button[value=next]")  # a page that reveals questions stays: answer again
        pages += 1
    assert page.url.endswith("/revue"), page.url
    said_on["review"] = said(page.inner_text("body"), own)
    follow(page, "form.complete-form button.primary")
    assert page.url.endswith("/resultats")
    said_on["results"] = said(page.inner_text("body"), own)
    assert page.locator(".level-name").inner_text().startswith(level)
    pdf = page.request.get(page.url.replace("/resultats", "/feuille-de-route.pdf"))
    assert pdf.status == 200
    said_on["pdf"] = said(flat(text(pdf.body())), own)
    assert {where: words for where, words in said_on.items() if words} == {}
    context.close()
