"""Two partners face to face in Chromium (issue 18): the association asks for a partner code,
the company enters and confirms it, both read the joint page, at 390 and 1280 px wide, with no
serious accessibility problem and no sideways scrolling. Screenshots go to PARCOURS_SHOTS if set."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from parcours.engine import check_answers
from parcours.journey import services as journey
from parcours.journey.navigation import progress
from parcours.services.questionnaires import questionnaire

from .conftest import serve_app
from .test_browser import serious

pytestmark = pytest.mark.e2e

EXAMPLES = Path(__file__).resolve().parents[2] / "questionnaires/adoc/examples"
SHOTS = os.environ.get("PARCOURS_SHOTS")  # a folder for the screenshots (/work/tmp/shots)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Flask]]:
    yield from serve_app(tmp_path_factory.mktemp("alliance"), PDF_PRERENDER=False)


def completed(app: Flask, name: str, example: str) -> str:
    """A diagnostic answered like an example file, completed; its resume token."""
    answers = json.loads((EXAMPLES / example).read_text(encoding="utf-8"))["answers"]
    with app.app_context():
        q = questionnaire()
        started = journey.start(q, name, answers["profil_type"], "fr")
        checked = check_answers(q, answers)
        journey.save_answers(started.diagnostic, checked, set(), progress(q, checked).percent)
        journey.complete(started.diagnostic, q)
        return started.token


def results_of(page: Any, base: str, token: str) -> str:
    page.goto(f"{base}/reprendre/{token}")
    public_id = page.url.split("/d/")[1].split("/")[0]
    page.goto(f"{base}/d/{public_id}/resultats")
    return public_id


def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/joint-{name}.png", full_page=True)


PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


@pytest.mark.parametrize(("on_phone", "on_laptop"), [("association", "company"),
                                                     ("company", "association")])
def test_two_partners_link_their_diagnostics_and_read_the_joint_page(
        site: tuple[str, Flask], browser: Any, on_phone: str, on_laptop: str) -> None:
    """Issue 26's third journey, each partner at 390 and at 1280 px in turn."""
    base, app = site
    widths = {on_phone: PHONE, on_laptop: LAPTOP}
    association = browser.new_context(locale="fr-FR", viewport=widths["association"])
    company = browser.new_context(locale="fr-FR", viewport=widths["company"])
    first, second = association.new_page(), company.new_page()
    results_of(first, base, completed(app, "Les Amis du Quartier", "association_jeune.json"))
    box = first.locator("section.alliance-box")
    assert "Votre partenaire verra" in box.inner_text()
    # the box unticked: an error summary like every other form, not a browser bubble
    box.locator("button[type=submit]").last.click()
    first.wait_for_selector("#error-summary")
    assert first.locator("#error-summary a[href='#alliance-consent']").count() == 1
    assert serious(first) == []
    box = first.locator("section.alliance-box")
    box.locator("#alliance-consent").check()
    box.locator("button[type=submit]").last.click()
    code = first.inner_text("#partner-code")
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    shot(first, f"code-{widths['association']['width']}")
    results_of(second, base, completed(app, "Boulangerie Martin", "entreprise_moyenne.json"))
    second.click("text=Saisir le code de votre partenaire")
    second.fill("input[name=code]", code.lower())
    second.click("button.primary")
    assert "Les Amis du Quartier" in second.inner_text("h1")
    assert serious(second) == []
    shot(second, f"confirm-{widths['company']['width']}")
    second.check("#consent")
    second.click("button.primary")
    second.wait_for_url("**/alliance/**")
    joint_url = second.url
    assert "regards croisés" in second.inner_text("h1")
    assert serious(second) == []
    shot(second, f"page-{widths['company']['width']}")
    pdf = second.request.get(joint_url + "/regards-croises.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    if SHOTS:
        Path(SHOTS, "joint.pdf").write_bytes(pdf.body())
    assert second.evaluate("document.documentElement.scrollWidth") <= widths["company"]["width"]
    first.goto(joint_url)
    assert "Boulangerie Martin" in first.inner_text("main")
    assert first.evaluate("document.documentElement.scrollWidth") <= widths["association"][
        "width"]
    assert serious(first) == []
    shot(first, f"page-{widths['association']['width']}")
    association.close()
    company.close()
