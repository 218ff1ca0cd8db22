"""A follow-up in Chromium (issue 17): from a completed diagnostic's results, « Refaire le
diagnostic » pre-filled; a page's answers confirmed (one changed), the unconfirmed ones listed;
the rest confirmed page by page; completed; the results show the progress."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from parcours.engine import check_answers
from parcours.journey import services as journey
from parcours.journey.navigation import progress
from parcours.services.questionnaires import questionnaire

from .conftest import follow, serve_app
from .test_browser import serious

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = json.loads((ROOT / "questionnaires/adoc/examples/association_jeune.json").read_text())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Flask]]:
    yield from serve_app(tmp_path_factory.mktemp("followup"), PDF_PRERENDER=False)


def completed(app: Flask) -> str:
    """A diagnostic answered like the young association's example, completed; its token."""
    with app.app_context():
        q = questionnaire()
        answers = EXAMPLE["answers"]
        started = journey.start(q, "Les Amis du Quartier", answers["profil_type"], "fr")
        checked = check_answers(q, answers)
        journey.save_answers(started.diagnostic, checked, set(), progress(q, checked).percent)
        journey.complete(started.diagnostic, q)
        return started.token


def test_a_follow_up_prefilled_confirmed_completed_and_compared(
        site: tuple[str, Flask], browser: Any) -> None:
    base, app = site
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(f"{base}/reprendre/{completed(app)}")
    page.goto(page.url.split("/d/")[0] + "/d/" + page.url.split("/d/")[1].split("/")[0]
              + "/resultats")
    assert "Vos progrès" not in page.inner_text("main")
    form = page.locator("section.follow-up form")
    assert form.locator("#mode-prefill").is_checked()
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/lien**")
    assert "Vos réponses précédentes sont reprises" in page.inner_text("main")
    second = page.url.split("/d/")[1].split("/")[0]
    page.goto(f"{base}/d/{second}/")
    assert "/etape/" in page.url
    # the first page shows the previous answers ticked, each with its notice
    notices = page.locator("p.prefilled")
    assert notices.count() > 0
    assert "Réponse reprise du diagnostic du" in notices.first.inner_text()
    assert serious(page) == []
    prefilled = [notices.nth(n).get_attribute("id").removeprefix("prefilled-")
                 for n in range(notices.count())]
    single = next(qid for qid in prefilled if page.locator(
        f"input[type=radio][name={qid}]:checked").count())
    assert page.locator(f"input[type=radio][name={single}][value={EXAMPLE['answers'][single]}]"
                        ).is_checked()
    # change one of them, keep the others: saving the page confirms them all
    choices = page.locator(f"input[type=radio][name={single}]:not(:checked)")
    choices.last.check()
    page.click("button[value=next]")
    page.goto(f"{base}/d/{second}/revue")
    assert "ne sont pas encore confirmées" in page.inner_text("main")
    follow(page, "text=Voir les réponses à confirmer")
    assert page.url.endswith("/a-confirmer")
    listing = page.inner_text("main")
    assert "Réponses à confirmer" in listing
    assert serious(page) == []
    # confirm the rest, page by page, as shown
    page.goto(f"{base}/d/{second}/")
    for _ in range(40):
        if "/etape/" not in page.url:
            break
        follow(page, "button[value=next]")
    assert page.url.endswith("/revue")
    assert "ne sont pas encore confirmées" not in page.inner_text("main")
    follow(page, "form.complete-form button.primary")
    assert page.url.endswith("/resultats")
    section = page.locator("section.progress-since")
    assert section.is_visible()
    text = section.inner_text()
    assert "Vos progrès depuis le" in text and "Score global" in text
    assert section.locator("table.progress-table tbody tr").count() > 0
    assert section.locator("svg").count() == 1
    assert serious(page) == []
    context.close()
