"""The keyboard alone (issue 19): the start page from the first Tab to « Commencer », and a
question page in error whose summary links move the focus to the control to correct."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def focused(page: Any) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.tagName")


def test_the_start_page_and_a_page_in_error_with_the_keyboard(live_server: str,
                                                              browser: Any) -> None:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(f"{live_server}/commencer")
    seen = []
    for _ in range(25):  # Tab until the name field, as a keyboard user arrives on the page
        page.keyboard.press("Tab")
        seen.append(focused(page))
        if seen[-1] == "name":
            break
    assert seen[-1] == "name", seen
    page.keyboard.type("Association du clavier")
    page.keyboard.press("Tab")
    assert focused(page) == "kind-1"
    page.keyboard.press("Space")  # the first kind, then on to the button
    while focused(page) != "BUTTON":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/lien**")
    public_id = page.url.split("/d/")[1].split("/")[0]
    page.goto(f"{live_server}/d/{public_id}/etape/modele_alliances_section")
    page.fill("#modele_nombre_partenaires-input", "beaucoup")
    page.keyboard.press("Enter")  # submits the form from the number field
    page.wait_for_selector(".error-summary")
    assert page.title().startswith("Erreur\u00a0:")  # no-break space (issue 26)
    link = page.locator(".error-summary a").first
    link.focus()
    page.keyboard.press("Enter")
    assert focused(page) == "modele_nombre_partenaires-input"
    invalid = page.get_attribute("#modele_nombre_partenaires-input", "aria-invalid")
    assert invalid == "true"
    context.close()
