"""A questionnaire of another shape in a real browser: from the home page, which offers A.D.O.C.
and the Boussole numérique (tests/questionnaires/numerique) but not the invalid folder beside
them, through the Boussole's five pages to its results."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from parcours.engine import check_answers, evaluate, load

from ..shapes import ADOC, INVALID, NUMERIQUE, numerique_example, questionnaires_dir
from .conftest import follow, serve
from .test_browser import answer_page, serious

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app serving A.D.O.C., the Boussole and an invalid folder, on a real HTTP server."""
    folder = tmp_path_factory.mktemp("e2e-shapes")
    served = questionnaires_dir(folder / "questionnaires", ADOC, NUMERIQUE, INVALID)
    yield from serve(folder, QUESTIONNAIRES_DIR=str(served))


def test_the_boussole_from_the_home_page_to_its_results(live_server: str, browser: Any) -> None:
    answers = numerique_example()["answers"]
    q = load(NUMERIQUE)
    _, road = evaluate(q, check_answers(q, answers))
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(live_server + "/")
    cards = page.locator(".questionnaire-card h2").all_inner_texts()
    assert cards == ["Parcours A.D.O.C.", "Diagnostic numérique des associations"]
    assert serious(page) == []
    page.click("a[href='/commencer/numerique']")
    assert page.locator("input[name=kind]").count() == 0  # it asks no organisation kind
    page.fill("#name", "Jardins partagés du Marais")
    page.click("button.primary")
    page.click("a.button.primary")
    pages = 0
    while "/etape/" in page.url and pages < 10:
        answer_page(page, answers)
        page.click("button[value=next]")
        pages += 1
    assert pages == 5 and page.url.endswith("/revue")
    assert "Vous avez répondu à toutes les questions" in page.inner_text("main")
    follow(page, "form.complete-form button.primary")
    assert page.url.endswith("/resultats")
    assert page.locator(".level-name").inner_text().startswith("En progression")
    assert page.locator("svg.radar").count() == 1
    assert page.locator("table.scores-table tbody tr").count() == 6  # its six dimensions
    plan = page.locator("ol.roadmap li.reco")
    assert plan.count() == len(road.main)
    assert plan.first.inner_text().find(road.main[0].recommendation.title.fr) >= 0
    assert serious(page) == []
    context.close()
