"""Issue 26's three journeys in a real browser, at 390 and 1280 px: a volunteer club on a phone
stops and comes back on another device; a CSR manager goes from the flash diagnostic to the full
parcours with a double click; a follow-up a year later keeps the plan's owners and dates, and its
PDF has no page under a third full but the cover and section ends. And no participant or account
page scrolls sideways at 320 px. The third journey, an association and a company preparing an
alliance, each partner at 390 and 1280 px in turn, is tests/e2e/test_alliance.py."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from parcours.engine import check_answers
from parcours.journey import services as journey
from parcours.journey.navigation import pages, progress
from parcours.models import Diagnostic
from parcours.services import plans
from parcours.services.questionnaires import questionnaire

from ..reports.test_page_fill import fills, section_starts
from ..web.people import PASSWORD, user
from .conftest import follow, serve_app
from .test_browser import answer_page, serious

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "questionnaires" / "adoc" / "examples"
CLUB = json.loads((EXAMPLES / "association_jeune.json").read_text(encoding="utf-8"))["answers"]
COMPANY = json.loads((EXAMPLES / "entreprise_moyenne.json").read_text(encoding="utf-8"))[
    "answers"]
PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Flask]]:
    yield from serve_app(tmp_path_factory.mktemp("back"), PDF_PRERENDER=False,
                         ARGON2_TIME_COST=1, ARGON2_MEMORY_KIB=1024)


def _sideways(page: Any, base: str, paths: list[str]) -> list[str]:
    """The pages, of `paths`, that scroll sideways at 320 px."""
    page.set_viewport_size({"width": 320, "height": 700})
    found = []
    for path in paths:
        page.goto(base + path)
        for details in page.locator("details").all():  # what opens must fit too
            details.evaluate("d => d.open = true")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            found.append(f"{path}: {width}px")
    return found


def _public_id(url: str) -> str:
    return url.split("/d/")[1].split("/")[0]


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390", "1280"])
def test_a_club_stops_and_comes_back_on_another_device(site: tuple[str, Flask], browser: Any,
                                                       viewport: dict[str, int]) -> None:
    base, app = site
    phone = browser.new_context(locale="fr-FR", viewport=viewport)
    page = phone.new_page()
    page.goto(base + "/commencer")
    page.fill("#name", "Union sportive de Saint-Omer")
    page.check("input[name=kind][value=association]")
    page.click("button.primary")
    code = page.inner_text("#resume-code")
    assert page.locator("a.button.primary").first.inner_text() == "Commencer le questionnaire"
    page.click("a.button.primary")
    for _ in range(4):  # four pages answered, the fifth left for later
        answer_page(page, CLUB)
        follow(page, "button[value=next]")
    stopped_on = page.url
    answer_page(page, CLUB)
    page.click("button[value=later]")
    assert page.locator("a.button.primary").first.inner_text() == "Reprendre le questionnaire"
    # the home page of this browser lists it
    page.goto(base + "/")
    mine = page.locator("section.my-diagnostics")
    assert "Union sportive de Saint-Omer" in mine.inner_text()
    phone.close()
    # another device, with the code: it lands on the page after the one saved last
    laptop = browser.new_context(locale="fr-FR", viewport=viewport)
    page = laptop.new_page()
    page.goto(base + "/")
    assert page.locator("section.my-diagnostics").count() == 0  # nothing of this browser's
    page.goto(base + "/reprendre")
    page.fill("#code", code)
    page.click("main button[type=submit]")
    with app.app_context():
        every = pages(questionnaire())
    after = every[[p.section.id for p in every].index(stopped_on.rsplit("/", 1)[1]) + 1]
    assert page.url.endswith(f"/etape/{after.section.id}"), page.url
    assert "Vous reprenez là où vous vous étiez arrêté" in page.inner_text("main")
    page.click("nav.outline summary")
    states = page.locator("nav.outline li[class^=state-]").evaluate_all(
        "items => items.map(li => li.className)")
    # page 2 keeps a question the club left alone; page 5 was saved last, all answered
    assert states[:6] == ["state-done", "state-partly", "state-done", "state-done",
                          "state-done", "state-to_do"]
    assert serious(page) == []
    laptop.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390", "1280"])
def test_a_double_click_on_the_full_parcours_opens_one_diagnostic(
        site: tuple[str, Flask], browser: Any, viewport: dict[str, int]) -> None:
    from playwright.sync_api import expect  # installed: `browser` is there

    base, app = site
    context = browser.new_context(locale="en-GB", viewport=viewport)
    page = context.new_page()
    page.goto(base + "/commencer/flash")
    page.fill("#name", f"Martin Logistics {viewport['width']}")
    page.check("input[name=kind][value=entreprise]")
    follow(page, "button.primary")
    flash_id = _public_id(page.url)
    with app.app_context():
        flash = questionnaire("flash")
        diagnostic = Diagnostic.query.filter_by(public_id=flash_id).one()
        answers = check_answers(flash, {qid: value for qid, value in COMPANY.items()
                                        if qid in flash.questions})
        journey.save_answers(diagnostic, answers, set(), progress(flash, answers).percent)
        journey.complete(diagnostic, flash)
    page.goto(f"{base}/d/{flash_id}/resultats")
    invitation = page.locator("section.invitation")
    # right after the summary: before the first actions
    assert page.locator("section.invitation ~ section.first-actions").count() == 1
    invitation.locator("button").dblclick()
    # the browser follows whichever answer comes last: the new diagnostic's link page (the
    # first click), or the same diagnostic's first page (the second click opens the first).
    # Polled rather than awaited as a navigation: the second answer may abort the first
    # navigation, which page.wait_for_url takes for a failure (net::ERR_ABORTED)
    expect(page).to_have_url(re.compile(r"/d/[^/]+/(lien|etape/)"))
    with app.app_context():
        full = Diagnostic.query.filter_by(questionnaire_key="adoc").join(
            Diagnostic.organisation).filter_by(name=f"Martin Logistics {viewport['width']}")
        assert full.count() == 1
    full_id = _public_id(page.url)
    page.goto(f"{base}/d/{full_id}/")
    assert page.locator(".prefilled[id^=carried-]").count() >= 1
    assert "Answer carried over from your A.D.O.C. quick check" in page.inner_text("main")
    # the review shows the answers, « Finish » above the list
    page.goto(f"{base}/d/{full_id}/revue")
    assert page.locator("h1").inner_text() == "Check your answers"
    assert page.locator("dl.check-answers .check-row").count() >= 5
    top = page.locator("form.complete-top button").bounding_box()
    first_row = page.locator("dl.check-answers").first.bounding_box()
    assert top["y"] < first_row["y"]
    if viewport is PHONE:
        assert top["y"] + top["height"] < 2 * viewport["height"]
    assert serious(page) == []
    # a second click from the flash results opens the same one again
    page.goto(f"{base}/d/{flash_id}/resultats")
    assert page.locator("section.invitation button").inner_text() == "Resume the full pathway"
    follow(page, "section.invitation button")
    assert _public_id(page.url) == full_id
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390", "1280"])
def test_a_follow_up_keeps_owners_and_dates(site: tuple[str, Flask], browser: Any,
                                            viewport: dict[str, int]) -> None:
    base, app = site
    email = f"club{viewport['width']}@example.org"
    user(app, email, "participant")
    context = browser.new_context(locale="fr-FR", viewport=viewport)
    page = context.new_page()
    page.goto(base + "/connexion")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(base + "/commencer")
    page.fill("#name", "Les Randonneurs de l'Aa")
    page.check("input[name=kind][value=association]")
    follow(page, "button.primary")
    first_id = _public_id(page.url)
    with app.app_context():
        q = questionnaire()
        diagnostic = Diagnostic.query.filter_by(public_id=first_id).one()
        answers = check_answers(q, CLUB)
        journey.save_answers(diagnostic, answers, set(), progress(q, answers).percent)
        journey.complete(diagnostic, q)
        action = diagnostic.latest_snapshot().results["fr"]["roadmap"][0]["id"]
        plans.save(diagnostic, action, plans.Edit("en_cours", "Claire, trésorière",
                                                  date(2027, 3, 31), "Voir la mairie", {}))
    page.goto(f"{base}/d/{first_id}/resultats")
    page.click("section.follow-up button[type=submit]")
    page.wait_for_url("**/lien**")
    follow_id = _public_id(page.url)
    assert follow_id != first_id
    page.goto(f"{base}/d/{follow_id}/")
    for _ in range(40):  # every pre-filled answer confirmed as shown
        if "/etape/" not in page.url:
            break
        follow(page, "button[value=next]")
    assert page.url.endswith("/revue")
    follow(page, "form.complete-bottom button.primary")
    assert page.url.endswith("/resultats")
    followed = page.locator(f"#plan-{action}")
    assert "Claire, trésorière" in followed.inner_text()
    assert "31 mars 2027" in followed.inner_text()
    # its PDF, and the first one's, as downloaded: no page but the cover and a section's last
    # under a third full; page 3 starts a section (the progress, or the contents and the plan)
    for public_id in (follow_id, first_id):
        pdf = page.request.get(f"{base}/d/{public_id}/feuille-de-route.pdf")
        assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
        found, starts = fills(pdf.body()), section_starts(pdf.body())
        assert [(n, round(fill, 2)) for n, fill in enumerate(found, start=1)
                if fill < 1 / 3 and n != 1 and n + 1 not in starts and n != len(found)] == []
        assert 3 in starts
    # no participant or account page scrolls sideways at 320 px
    paths = ["/", f"/d/{follow_id}/resultats", f"/d/{follow_id}/historique",
             f"/d/{follow_id}/revue", f"/d/{first_id}/supprimer", f"/d/{follow_id}/lien",
             "/mon-compte", "/reprendre"]
    assert _sideways(page, base, paths) == []
    context.close()
