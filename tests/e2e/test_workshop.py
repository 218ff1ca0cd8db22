"""The trainer's workshop in Chromium (issue 31, item 2), at 390 and 1280 px, in French and
English: the group's overview holds the grid (a table on a computer, a list of cards on a phone)
and each question's answers as bars, nothing scrolls sideways; a cohort of four shows none."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from ..web.people import PASSWORD, cohort, user
from ..web.workshop import seed
from .conftest import serve_app

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("SHOTS")  # a folder: keep the screenshots, to look at them


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
