"""A collective diagnostic in Chromium (issue 18): the initiator answers the profile and makes
it collective; five browsers answer through the role links (three « Bénévoles », one
« Salariés », one « Direction »); the host's results show the alignment section, and the roles
with a single respondent no figure. Screenshots at 390 and 1280 px go to SHOTS when it exists."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from .test_browser import answer_page, serious

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
# a folder for the screenshots when set (SHOTS=/tmp/shots), as in test_alliance.py
SHOTS = Path(os.environ["SHOTS"]) if os.environ.get("SHOTS") else None


def _answers(name: str) -> dict[str, Any]:
    path = ROOT / "questionnaires/adoc/examples" / name
    return dict(json.loads(path.read_text(encoding="utf-8"))["answers"])


HOST = _answers("association_jeune.json")
RESPONDENTS = [("Bénévoles", _answers("association_jeune.json")),
               ("Bénévoles", _answers("collectivite.json")),
               ("Bénévoles", _answers("entreprise_moyenne.json")),
               ("Salariés", _answers("collectivite.json")),
               ("Direction", _answers("association_jeune.json"))]


def _shoot(page: Any, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(SHOTS / f"collective-{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def _fits(page: Any) -> bool:
    """No sideways scrolling at 320 px (tables scroll inside their own region)."""
    page.set_viewport_size({"width": 320, "height": 800})
    fits = page.evaluate("document.documentElement.scrollWidth <= 320")
    page.set_viewport_size({"width": 1280, "height": 900})
    return bool(fits)


def _walk(page: Any, answers: dict[str, Any]) -> None:
    """Answer every page shown until the review."""
    for _ in range(40):
        if "/etape/" not in page.url:
            return
        answer_page(page, answers)
        page.click("button[value=next]")
    raise AssertionError("the journey does not end")


def _start_host(page: Any, base: str) -> str:
    page.goto(f"{base}/commencer")
    page.fill("#name", "La Ruche Solidaire")
    page.check("input[name=kind][value=association]")
    page.click("form button[type=submit]")
    page.wait_for_url("**/lien**")
    public_id = page.url.split("/d/")[1].split("/")[0]
    page.click("text=Commencer le questionnaire")
    while "/etape/profil" in page.url:
        answer_page(page, HOST)
        page.click("button[value=next]")
    return public_id


def test_five_respondents_make_a_collective_diagnostic(live_server: str, browser: Any) -> None:
    base = live_server
    initiator = browser.new_context(locale="fr-FR")
    page = initiator.new_page()
    host = _start_host(page, base)
    page.goto(f"{base}/d/{host}/lien")
    page.click("text=Rendre ce diagnostic collectif")
    assert page.url.endswith("/collectif")
    for role in ("direction", "benevoles", "salaries"):
        page.check(f"#role-{role}")
    page.select_option("#own_role", "direction")
    page.click("button:has-text('Rendre le diagnostic collectif')")
    assert "Aucune réponse terminée pour l'instant." in page.inner_text("main")
    assert serious(page) == []
    assert _fits(page)
    _shoot(page, "links")
    links = {page.inner_text(f"label[for=link-{n}]"): page.input_value(f"#link-{n}")
             for n in range(1, 4)}
    assert set(links) == {"Direction", "Bénévoles", "Salariés"}

    for number, (role, answers) in enumerate(RESPONDENTS):
        context = browser.new_context(locale="fr-FR")
        person = context.new_page()
        person.goto(links[role])
        assert "vous invite à répondre" in person.inner_text("main")
        if number == 0:
            assert serious(person) == []
            assert _fits(person)
            _shoot(person, "invitation")
        person.check("#consent")
        person.click("button:has-text('Commencer')")
        person.wait_for_url("**/lien**")
        person.click("text=Commencer le questionnaire")
        assert "/etape/profil" not in person.url  # the profile is the host's
        _walk(person, answers)
        assert person.url.endswith("/revue")
        person.click("form.complete-form button.primary")
        assert person.url.endswith("/merci")
        assert "Merci pour vos réponses" in person.inner_text("main")
        context.close()

    page.goto(f"{base}/d/{host}/resultats")
    assert page.url.endswith("/resultats")
    section = page.locator("section.alignment")
    assert "Où vous vous rejoignez, où vous divergez" in section.inner_text()
    assert "Résultats d'ensemble de 5" in section.inner_text()
    header = [page.locator(".roles-table thead th").nth(n).inner_text()
              for n in range(page.locator(".roles-table thead th").count())]
    assert any(h.startswith("Bénévoles") for h in header)
    column = {h.split(" (")[0]: n for n, h in enumerate(header)}
    first_row = page.locator(".roles-table tbody tr").first
    cells = first_row.locator("th, td")
    assert "moins de trois réponses" in cells.nth(column["Salariés"]).inner_text()
    assert "moins de trois réponses" in cells.nth(column["Direction"]).inner_text()
    assert "moins de trois" not in cells.nth(column["Bénévoles"]).inner_text()
    assert section.locator("ol.divergences > li").count() == 5
    assert section.locator("svg path.band").count() == 1
    assert serious(page) == []
    assert _fits(page)
    _shoot(page, "results")
    if SHOTS is not None:
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            section.screenshot(path=str(SHOTS / f"collective-alignment-{width}.png"))
    initiator.close()
