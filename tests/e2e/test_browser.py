"""The whole parcours in a real browser: answer, stop, resume from the link, results; axe-core."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import follow

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "questionnaires" / "adoc" / "examples" / "entreprise_moyenne.json"


def answer_page(page: Any, answers: dict[str, Any]) -> None:
    """Tick and type the answers of the questions this page shows, as a person would."""
    for qid in page.input_value("input[name=questions]").split(","):
        if qid not in answers:
            continue
        value = answers[qid]
        if isinstance(value, list):
            for item in value:
                page.check(f"input[name={qid}][value={item}]")
        elif value in ("dont_know", "not_applicable") and page.locator(
                f"input[name={qid}__special]").count():
            page.check(f"input[name={qid}__special][value={value}]")
        elif page.locator(f"input[type=radio][name={qid}]").count():
            page.check(f"input[type=radio][name={qid}][value={value}]")
        else:
            page.fill(f"[name={qid}]", str(value).replace(".", ","))


def serious(page: Any) -> list[str]:
    """axe-core violations of serious or critical impact on the page."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in violations
            if v["impact"] in ("serious", "critical")]


def test_the_whole_parcours_with_a_pause_and_a_resume(live_server: str, browser: Any) -> None:
    answers = json.loads(EXAMPLE.read_text(encoding="utf-8"))["answers"]
    first = browser.new_context(locale="fr-FR")
    page = first.new_page()
    page.goto(live_server + "/")
    assert serious(page) == []
    page.click("a.button.primary")
    page.fill("#name", "Propreté Services Ouest")
    page.check("input[name=kind][value=entreprise]")
    page.click("button.primary")
    resume_url = page.input_value("#resume-url")
    page.click("a.button.primary")
    for _ in range(5):  # the profile and the first pages of the vision stage
        answer_page(page, answers)
        follow(page, "button[value=next]")
    assert "/etape/" in page.url
    assert serious(page) == []
    answer_page(page, answers)
    page.click("button[value=later]")
    assert page.input_value("#resume-url") == resume_url
    first.close()

    second = browser.new_context(locale="fr-FR")
    page = second.new_page()
    page.goto(resume_url)
    assert "/etape/" in page.url  # back where the participant stopped
    for _ in range(30):
        if "/etape/" not in page.url:
            break
        answer_page(page, answers)
        follow(page, "button[value=next]")
    assert page.url.endswith("/revue")
    review = page.inner_text("main")
    assert "Vous avez répondu à toutes les questions" in review, review[200:900]
    follow(page, "form.complete-form button.primary")
    assert page.url.endswith("/resultats")
    assert page.locator(".level-name").inner_text().startswith("Structuration")
    assert page.locator("svg.radar").count() == 1
    assert page.locator("table.scores-table tbody tr").count() == 13
    # the plan is sized to the organisation: a company of 10 to 249 employees gets six actions
    assert answers["profil_taille"] == "petite"
    assert page.locator("ol.roadmap li.reco").count() == 6
    assert "Parce que" in page.locator("ol.roadmap").first.inner_text()
    assert serious(page) == []
    second.close()


def test_english_pages_and_keyboard_only(live_server: str, browser: Any) -> None:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(live_server + "/commencer")
    assert page.locator("html").get_attribute("lang") == "en"
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.fill("#name", "Ville de Test")
    page.check("input[name=kind][value=collectivite]")
    page.keyboard.press("Enter")
    follow(page, "a.button.primary")
    assert "Stage 1 of 4" in page.content()
    context.close()


def test_phone_width_has_no_horizontal_scroll(live_server: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server + "/commencer")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    context.close()
