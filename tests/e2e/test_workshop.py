"""The trainer's workshop in Chromium (issue 31, items 2 and 3), at 390 and 1280 px, in French
and English: the group's overview holds the grid (a table on a computer, a list of cards on a
phone) and each question's answers as bars, nothing scrolls sideways; a cohort of four shows
none. A participant sees itself against the published figures of a cohort of five, and, in a
cohort of four, no figure and why."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
from flask import Flask

from ..web.people import PASSWORD, cohort, user
from ..web.workshop import seed
from .conftest import serve_app

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("PARCOURS_SHOTS")  # a folder: keep the screenshots, to look at them


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """A trainer with a workshop of 13 (10 completed, 3 unfinished) and a cohort of four."""
    for url, app in serve_app(tmp_path_factory.mktemp("workshop"), PDF_PRERENDER=False,
                              ARGON2_TIME_COST=1, ARGON2_MEMORY_KIB=1024):
        user(app, "formatrice@example.org")
        big = cohort(app, "formatrice@example.org", "Atelier de décembre")
        small = cohort(app, "formatrice@example.org", "Petit groupe")
        seed(app, big)
        seed(app, small, completed=4, unfinished=0)
        yield url, big, small


def _participant_in(app: Flask, group: str, others: int) -> str:
    """A completed participant in a new cohort of `others` more; its resume link."""
    from ..web.people import diagnostic
    from ..web.workshop import joined_participant

    participant = joined_participant(app, app.test_client(), group)
    files = ("entreprise_moyenne.json", "collectivite.json", "association_jeune.json")
    for n in range(others):
        diagnostic(app, f"Voisine {n}", group, files[n % 3])
    return participant.resume_url


@pytest.fixture(scope="module")
def cohorts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """Two participants: one in a cohort of five whose trainer published its figures, one in
    a cohort of four (its trainer could not)."""
    from parcours.models import Cohort, User
    from parcours.services import cohort_reference

    for url, app in serve_app(tmp_path_factory.mktemp("reference"), PDF_PRERENDER=False,
                              ARGON2_TIME_COST=1, ARGON2_MEMORY_KIB=1024):
        user(app, "formatrice@example.org")
        five = cohort(app, "formatrice@example.org", "Groupe de cinq")
        four = cohort(app, "formatrice@example.org", "Groupe de quatre")
        in_five, in_four = _participant_in(app, five, 4), _participant_in(app, four, 3)
        with app.app_context():
            trainer = User.query.one()
            for group in (five, four):
                cohort_reference.publish(Cohort.query.filter_by(public_id=group).one(), trainer)
        yield url, in_five, in_four


def _log_in(browser: Any, base: str, lang: str, width: int) -> Any:
    context = browser.new_context(locale="fr-FR" if lang == "fr" else "en-GB",
                                  viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/connexion")
    page.fill("input[name=email]", "formatrice@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_overview_shows_the_grid_and_each_question(site: tuple[str, str, str], browser: Any,
                                                       width: int, lang: str) -> None:
    base, big, small = site
    page = _log_in(browser, base, lang, width)
    page.goto(f"{base}/formateur/groupes/{big}/synthese")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    grid = page.locator("table.grid-table")
    assert grid.locator("tbody tr").count() == 10
    first_cell = grid.locator("tbody tr").first.locator("td").nth(0)  # its overall score
    display = first_cell.evaluate("e => getComputedStyle(e).display")
    assert display == ("flex" if width < 600 else "table-cell")
    if width < 600:  # a card: each figure says its dimension
        assert first_cell.evaluate("e => getComputedStyle(e, '::before').content") != "none"
    else:  # the heatmap: the cell is coloured
        colour = first_cell.evaluate("e => getComputedStyle(e).backgroundColor")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    heading = "Question par question" if lang == "fr" else "Question by question"
    assert page.get_by_role("heading", name=heading).is_visible()
    bars = page.locator(".question-summary progress")
    assert bars.count() > 100 and bars.first.is_visible()
    # sorting by the first dimension, ascending: the first row has the lowest score
    page.locator("table.grid-table thead a").nth(2).click()
    page.wait_for_load_state()
    values = [c.strip() for c in page.locator("table.grid-table tbody tr td:nth-of-type(2)")
              .all_inner_texts()]
    numbers = [int(v.split()[-1]) for v in values if v.split() and v.split()[-1].isdigit()]
    assert numbers == sorted(numbers)
    if SHOTS:
        page.goto(f"{base}/formateur/groupes/{big}/synthese")
        page.screenshot(path=f"{SHOTS}/overview-{lang}-{width}.png", full_page=False)
        page.locator("#grid-title").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('grid-title').scrollIntoView()")
        page.screenshot(path=f"{SHOTS}/grid-{lang}-{width}.png", full_page=False)
        page.evaluate("document.getElementById('questions-title').scrollIntoView()")
        page.screenshot(path=f"{SHOTS}/questions-{lang}-{width}.png", full_page=False)
    # a cohort of four: no figure, and it says why
    page.goto(f"{base}/formateur/groupes/{small}/synthese")
    assert page.locator("table.grid-table").count() == 0
    assert page.locator("svg.radar").count() == 0
    notice = page.locator(".small-cohort").inner_text()
    assert ("moins de cinq" if lang == "fr" else "fewer than five") in notice
    page.context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("width", [390, 1280])
def test_a_participant_sees_itself_against_five_and_nothing_against_four(
        cohorts: tuple[str, str, str], browser: Any, width: int, lang: str) -> None:
    base, in_five, in_four = cohorts
    title = "Vous et votre groupe" if lang == "fr" else "You and your group"
    median = "Médiane du groupe" if lang == "fr" else "Group median"
    for resume, shown in ((in_five, True), (in_four, False)):
        context = browser.new_context(locale="fr-FR" if lang == "fr" else "en-GB",
                                      viewport={"width": width, "height": 900})
        page = context.new_page()
        # the resume link (made by the test client, for localhost): this browser may open it
        page.goto(base + urlparse(resume).path)
        public_id = page.url.split("/d/")[1].split("/")[0]
        page.goto(f"{base}/d/{public_id}/resultats")
        section = page.locator("#reference")
        assert section.get_by_role("heading", name=title).is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if shown:
            table = section.locator("table.reference-table")
            assert table.is_visible() and median in table.inner_text()
            assert table.locator("tbody tr").count() == 13
            # the line beside the figures on a computer; the figures alone on a phone
            assert section.locator("svg.ref-svg").first.is_visible() == (width >= 600)
        else:
            assert section.locator("table").count() == 0
            why = "cinq organisations" if lang == "fr" else "five organisations"
            assert why in section.inner_text()
        if SHOTS:
            section.scroll_into_view_if_needed()
            page.screenshot(path=f"{SHOTS}/reference-{'five' if shown else 'four'}-{lang}-"
                            f"{width}.png")
        context.close()
