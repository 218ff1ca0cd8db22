"""Questions revealed on submit, in a real browser (issue 27, item 4): on a phone and on a
desktop, the page comes back with the new question under « Nouvelles questions ci-dessous »,
focused and in view, the answers kept, no error summary and nothing wider than the screen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..shapes import CHAINE, questionnaires_dir
from .conftest import follow, serve
from .test_browser import serious

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("PARCOURS_SHOTS")  # a folder: keep screenshots there to look at


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("e2e-chaine")
    yield from serve(folder, QUESTIONNAIRES_DIR=str(
        questionnaires_dir(folder / "questionnaires", CHAINE)))


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_a_revealed_question_is_shown_focused_in_view(live_server: str, browser: Any,
                                                      width: int) -> None:
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(live_server + "/commencer")
    page.fill("#name", "Les Jardins du Marais")
    follow(page, "button.primary")
    follow(page, "a.button.primary")
    page.fill("#c_note-input", "Une remarque")
    page.check("input[name=c1][value=yes]")
    response_status = []
    page.on("response", lambda r: response_status.append(r.status)
            if r.request.method == "POST" else None)
    follow(page, "button[value=next]")
    assert response_status == [200]
    assert "/etape/chaine_section" in page.url
    assert page.locator("#error-summary").count() == 0
    marker = page.locator("#new-questions")
    assert marker.inner_text() == "Nouvelles questions ci-dessous"
    assert page.evaluate("document.activeElement.id") == "new-questions"
    box, height = marker.bounding_box(), page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] < height, box  # scrolled into view
    assert page.locator("#q-c2").is_visible()
    assert page.is_checked("input[name=c1][value=yes]")
    assert page.input_value("#c_note-input") == "Une remarque"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert serious(page) == []
    shot(page, f"revealed-{width}")
    # the next answer reveals the next question, again with no error
    page.check("input[name=c2][value=tous]")
    follow(page, "button[value=next]")
    assert response_status == [200, 200]
    assert page.evaluate("document.activeElement.id") == "new-questions"
    assert page.locator(".new-question #q-c3").count() == 1
    context.close()
