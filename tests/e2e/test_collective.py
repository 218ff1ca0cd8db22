"""A collective diagnostic in Chromium (issue 18): the initiator answers the profile and makes
it collective; five browsers answer through the role links (three « Bénévoles », one
« Salariés », one « Direction »); the host's results show the alignment section, and the roles
with a single respondent no figure. Screenshots at 390 and 1280 px go to PARCOURS_SHOTS when set."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import follow
from .test_browser import answer_page, serious

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
# a folder for the screenshots when set (PARCOURS_SHOTS=/tmp/shots), as in the other e2e tests
SHOTS = Path(os.environ["PARCOURS_SHOTS"]) if os.environ.get("PARCOURS_SHOTS") else None


def _answers(name: str) -> dict[str, Any]:
    path = ROOT / "questionnaires/adoc/examples" / name
    return dict(json.loads(path.read_text(encoding="utf-8"))["answers"])


HOST = _answers("association_jeune.json")
# a small association, four roles invited, seven respondents: the initiator (Direction), three
# « Bénévoles », three « Salariés »; nobody of « Adhérents » has answered yet
RESPONDENTS = [("Bénévoles", _answers("association_jeune.json")),
               ("Bénévoles", _answers("collectivite.json")),
               ("Bénévoles", _answers("entreprise_moyenne.json")),
               ("Salariés", _answers("collectivite.json")),
               ("Salariés", _answers("entreprise_moyenne.json")),
               ("Salariés", _answers("collectivite.json"))]


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
    follow(page, "text=Commencer le questionnaire")
    while "/etape/profil" in page.url:
        answer_page(page, HOST)
        page.click("button[value=next]")
    return public_id


def _number(text: str) -> float | None:
    text = text.strip().replace(",", ".")
    return None if text in ("", "—") else float(text.split()[0])


def test_seven_respondents_of_four_roles_make_a_collective_diagnostic(
        live_server: str, browser: Any) -> None:
    base = live_server
    initiator = browser.new_context(locale="fr-FR")
    page = initiator.new_page()
    host = _start_host(page, base)
    page.goto(f"{base}/d/{host}/lien")
    follow(page, "text=Rendre ce diagnostic collectif")
    assert page.url.endswith("/collectif")
    for role in ("direction", "benevoles", "salaries", "adherents"):
        page.check(f"#role-{role}")
    page.select_option("#own_role", "direction")
    page.click("button:has-text('Rendre le diagnostic collectif')")
    assert "Réponses terminées : 0." in page.inner_text("main").replace("\u00a0", " ")
    assert "Publier les résultats" not in page.inner_text("main")
    assert serious(page) == []
    assert _fits(page)
    _shoot(page, "links")
    links = {page.inner_text(f"label[for=link-{n}]"): page.input_value(f"#link-{n}")
             for n in range(1, 5)}
    assert set(links) == {"Direction", "Bénévoles", "Salariés", "Adhérents"}
    # the initiator's browser cannot answer as a second person (issue 30, H1)
    page.goto(links["Bénévoles"])
    assert "Une personne, une réponse" in page.inner_text("main").replace("\u00a0", " ")
    # its own answers, as « Direction »
    page.goto(f"{base}/d/{host}/collectif")
    page.click("text=Répondre moi-même")
    _walk(page, HOST)
    follow(page, "form.complete-form button.primary")
    assert page.url.endswith("/merci")

    for number, (role, answers) in enumerate(RESPONDENTS):
        context = browser.new_context(locale="fr-FR")
        person = context.new_page()
        person.goto(links[role])
        assert "vous invite à répondre" in person.inner_text("main")
        assert "publiés par tours" in person.inner_text("main")  # what is shown, and when
        if number == 0:
            assert serious(person) == []
            assert _fits(person)
            _shoot(person, "invitation")
        person.check("#consent")
        person.click("button:has-text('Commencer')")
        person.wait_for_url("**/lien**")
        follow(person, "text=Commencer le questionnaire")
        assert "/etape/profil" not in person.url  # the profile is the host's
        _walk(person, answers)
        assert person.url.endswith("/revue")
        follow(person, "form.complete-form button.primary")
        assert person.url.endswith("/merci")
        assert "Merci pour vos réponses" in person.inner_text("main")
        context.close()

    page.goto(f"{base}/d/{host}/collectif")
    assert "Réponses terminées : 6–10." in page.inner_text("main").replace("\u00a0", " ")
    follow(page, "button:has-text('Publier les résultats (tour 1)')")
    assert page.url.endswith("/resultats")
    # the section leads: right after the level and the first actions
    assert page.evaluate("document.querySelector('section.first-actions')"
                         ".nextElementSibling.classList.contains('alignment')")
    section = page.locator("section.alignment")
    assert "Où vous vous rejoignez, où vous divergez" in section.inner_text()
    people = "Résultat collectif de 7 personnes (rôles : Direction, Bénévoles, Salariés)"
    assert people in section.inner_text().replace("\u00a0", " ")
    # one statistic: each dimension's group score is its median, within its band
    names, values = page.locator(".dim-name"), page.locator(".dim-value")
    scores = {re.sub(r"^\d+\.\s*", "", names.nth(n).inner_text()):
              _number(values.nth(n).inner_text()) for n in range(names.count())}
    rows = section.locator(".spread-table tbody tr")
    assert rows.count() == len(scores) > 0
    for n in range(rows.count()):
        title = rows.nth(n).locator("th").inner_text()
        low, median, high = (_number(rows.nth(n).locator("td").nth(k).inner_text())
                             for k in range(3))
        assert median == scores[title]
        if median is not None:
            assert low is not None and high is not None and low <= median <= high, title
    assert page.inner_text("main").count("Résultat d'ensemble (médiane)") == 1
    assert "Médiane" not in page.inner_text("main")  # one « médiane », the group's
    # roles side by side: the two with three answers, the others said once
    header = [section.locator(".roles-table thead th").nth(n).inner_text()
              for n in range(section.locator(".roles-table thead th").count())]
    assert [h.split(" (")[0] for h in header] == ["Dimension", "Bénévoles", "Salariés"]
    waiting = section.locator(".roles-waiting").inner_text()
    assert "Direction (encore 2)" in waiting and "Adhérents" not in waiting
    assert section.locator("ol.divergences > li").count() == 5
    assert serious(page) == []
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("getComputedStyle(document.querySelector('.roles-table tbody tr'))"
                             ".display") == "block"  # a card per dimension
        assert page.evaluate(f"document.documentElement.scrollWidth <= {width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.evaluate("getComputedStyle(document.querySelector('.roles-table tbody tr'))"
                         ".display") == "table-row"
    _shoot(page, "results")
    if SHOTS is not None:
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            section.screenshot(path=str(SHOTS / f"collective-alignment-{width}.png"))
    # the PDF says whose result it is on its cover and on its summary
    from pypdf import PdfReader
    pdf = page.request.get(f"{base}/d/{host}/feuille-de-route.pdf")
    assert pdf.status == 200
    reader = PdfReader(io.BytesIO(pdf.body()))
    cover, summary = (" ".join(reader.pages[k].extract_text().split()) for k in (0, 1))
    assert people in cover.replace("\u00a0", " ") and people in summary.replace("\u00a0", " ")
    initiator.close()
