"""Issue 31, items 4 and 5, in Chromium at 390 and 1280 px: a trainer removes a participant,
an admin hands a cohort over (with its confirmation), the journal filtered and grouped, the
accounts table with its actions in view at 1280 px and as cards at 390 px; nothing scrolls
sideways (320 px too for the journal) and axe-core finds nothing serious."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from parcours.infra.extensions import db
from parcours.models import User
from parcours.trainer.services import set_display_name

from ..web.people import PASSWORD, cohort, diagnostic, user
from .conftest import follow, serve_app
from .test_browser import serious

pytestmark = pytest.mark.e2e

LONG = "Association intercommunale pour la préservation des jardins partagés " \
       "et de la biodiversité urbaine du Grand Saint-Étienne"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Flask, dict]]:
    """An admin, two trainers (Claire with a cohort of four, Paul), on a real HTTP server."""
    for url, app in serve_app(tmp_path_factory.mktemp("clean"), PDF_PRERENDER=False,
                              ARGON2_TIME_COST=1, ARGON2_MEMORY_KIB=1024):
        user(app, "root@example.org", "admin")
        user(app, "claire@example.org")
        user(app, "paul@example.org")
        with app.app_context():
            for email, name in (("claire@example.org", "Claire Dupont"),
                                ("paul@example.org", "Paul Martin")):
                set_display_name(User.query.filter_by(email=email).one(), name)
            db.session.commit()
        group = cohort(app, "claire@example.org", "Atelier de décembre")
        ids = {name: diagnostic(app, name, group, complete=complete) for name, complete in (
            ("Les Amis du Quartier", True), ("Test à supprimer", False), (LONG, True),
            ("Réseau Entraide", True))}
        yield url, app, {"cohort": group, **ids}


def _login(browser: Any, base: str, email: str, width: int) -> Any:
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/connexion")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    follow(page, "form button[type=submit]")
    return page


def _shot(page: Any, name: str) -> None:
    """A full-page screenshot into PARCOURS_SHOTS, when set (to look at the pages)."""
    if os.environ.get("PARCOURS_SHOTS"):
        page.screenshot(path=str(Path(os.environ["PARCOURS_SHOTS"]) / f"{name}.png"),
                        full_page=True)


def _fits(page: Any, width: int) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    beyond = page.evaluate(f"""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > {width} + 1)
        .map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 5)""")
    assert wide <= width, f"{page.url} at {width} px: {wide} px wide ({beyond})"
    assert serious(page) == [], page.url


@pytest.mark.parametrize("width", [390, 1280])
def test_a_trainer_removes_a_participant(site: tuple[str, Flask, dict], browser: Any,
                                         width: int) -> None:
    base, app, ids = site
    group = ids["cohort"]
    name = "Test à supprimer"
    if width == 1280:  # the second run removes another row
        name = "Réseau Entraide"
    page = _login(browser, base, "claire@example.org", width)
    page.goto(f"{base}/formateur/groupes/{group}")
    _fits(page, width)  # the long name wraps inside its row
    page.click(f"text={name}")
    follow(page, "text=Retirer ce participant du groupe…")
    assert "Le participant garde" in page.content() and "Vous perdez" in page.content()
    _fits(page, width)
    _shot(page, f"remove-{width}")
    follow(page, "button:has-text('Retirer du groupe')")
    assert page.url.endswith(f"/formateur/groupes/{group}")
    assert f"« {name} » a été retiré du groupe." in page.content()
    assert page.locator(f"th[scope=row] >> text={name}").count() == 0
    page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_accounts_table_shows_its_actions(site: tuple[str, Flask, dict], browser: Any,
                                              width: int) -> None:
    base, _, _ = site
    page = _login(browser, base, "root@example.org", width)
    page.goto(f"{base}/admin/")
    _fits(page, width)
    _shot(page, f"accounts-{width}")
    display = page.evaluate("getComputedStyle(document.querySelector('table.accounts tbody tr'))"
                            ".display")
    assert display == ("block" if width == 390 else "table-row")  # cards on a phone
    for button in page.locator("table.accounts .admin-actions button, "
                               "table.accounts .admin-actions a").all():
        box = button.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, \
            button.inner_text()
    page.context.close()


def test_a_hand_over_asks_then_is_told_to_the_new_trainer(site: tuple[str, Flask, dict],
                                                          browser: Any) -> None:
    base, app, ids = site
    page = _login(browser, base, "root@example.org", 390)
    page.goto(f"{base}/admin/")
    page.click("a:has-text('Confier ses groupes')")
    page.select_option("select#target", label="Paul Martin (paul@example.org)")
    follow(page, "button:has-text('Confier les groupes cochés')")
    assert "Confier ces groupes à paul@example.org ?" in page.content()
    assert "Claire Dupont ne les verra plus" in page.content()
    _fits(page, 390)
    _shot(page, "handover-390")
    follow(page, "button:has-text('Oui, confier ces groupes')")
    assert "Un groupe confié à paul@example.org." in page.content()
    page.context.close()
    paul = _login(browser, base, "paul@example.org", 1280)
    paul.goto(f"{base}/formateur/groupes/{ids['cohort']}")
    assert "Ses participants avaient donné leur accord à Claire Dupont" in paul.content()
    _fits(paul, 1280)
    paul.context.close()


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_journal_filtered_and_grouped(site: tuple[str, Flask, dict], browser: Any,
                                          width: int) -> None:
    base, _, ids = site
    page = _login(browser, base, "root@example.org", width)
    for name in ("Les Amis du Quartier", LONG):  # an admin opens every cohort: logged too
        page.goto(f"{base}/formateur/groupes/{ids['cohort']}/participants/{ids[name]}")
    page.goto(f"{base}/admin/journal")
    page.fill("input#participant", "amis du quartier")
    follow(page, "button:has-text('Filtrer')")
    content = page.content()
    assert "a consulté" in content and "Les Amis du Quartier" in content
    assert "Grand Saint" not in content  # filtered by participant
    _fits(page, width)
    page.goto(f"{base}/admin/journal")
    assert "Actions des administrateurs" in page.content()
    assert "a créé le compte de claire@example.org" in page.content()
    _fits(page, width)
    _shot(page, f"journal-{width}")
    # each line leads to the participant's page
    page.locator("details.journal-line, .journal-groups details").first.evaluate(
        "d => d.open = true")
    follow(page.locator(".journal-groups details a").first)
    assert "/participants/" in page.url
    page.context.close()
