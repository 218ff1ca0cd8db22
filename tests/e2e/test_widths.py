"""Every participant and trainer page at 320, 390 and 1280 px, in French and English: nothing
scrolls sideways, and axe-core finds no serious or critical violation (issue 12)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from parcours.auth import reset
from parcours.engine import check_answers
from parcours.infra.extensions import db
from parcours.journey import services as journey
from parcours.journey.navigation import progress
from parcours.models import Cohort, Diagnostic, Job, User
from parcours.services import plans
from parcours.services.cohorts import join
from parcours.services.questionnaires import questionnaire
from parcours.web.security import limiter

from ..web.people import PASSWORD, cohort, user
from .conftest import serve_app
from .test_browser import serious

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = (320, 390, 1280)
EXAMPLE = json.loads((ROOT / "questionnaires/adoc/examples/association_jeune.json").read_text())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Flask]]:
    """The app on a real HTTP server, with a trainer, a cohort and a fresh database."""
    for url, app in serve_app(tmp_path_factory.mktemp("widths"), PDF_PRERENDER=False,
                              ARGON2_TIME_COST=1, ARGON2_MEMORY_KIB=1024):
        user(app, "formatrice@example.org")
        user(app, "admin@example.org", "admin")
        cohort(app, "formatrice@example.org", "Promotion printemps")
        yield url, app


def _answer_everything(app: Flask, public_id: str, complete: bool) -> None:
    with app.app_context():
        q = questionnaire()
        diagnostic = Diagnostic.query.filter_by(public_id=public_id).one()
        answers = check_answers(q, EXAMPLE["answers"])
        journey.save_answers(diagnostic, answers, set(), progress(q, answers).percent)
        if complete:
            journey.complete(diagnostic, q)
            join(diagnostic, Cohort.query.one())  # so that the trainer's pages show it
            # issue 17: an action of the plan followed up, with a long owner and note
            first = diagnostic.latest_snapshot().results["fr"]["roadmap"][0]["id"]
            plans.save(diagnostic, first, plans.Edit(
                "en_cours", "Commission « Jardins partagés et biodiversité » " * 2,
                date(2027, 3, 31), "Une note assez longue pour aller à la ligne " * 8, {}))


def _participant_pages(base: str, app: Flask, page: Any) -> list[str]:
    """Start a diagnostic as a person would, then the pages of its life."""
    page.goto(f"{base}/commencer")
    page.fill("#name", "Association des Jardins Partagés du Quartier Saint-Exupéry")
    page.check("#kind-1")
    page.click("button.primary")
    page.wait_for_url("**/lien**")
    public_id = page.url.split("/d/")[1].split("/")[0]
    urls = [f"{base}/", f"{base}/commencer", page.url, f"{base}/d/{public_id}/etape/"
            "profil_organisation_section", f"{base}/reprendre", f"{base}/rejoindre",
            f"{base}/connexion", f"{base}/inscription", f"{base}/mot-de-passe-oublie"]
    _answer_everything(app, public_id, complete=False)
    urls.append(f"{base}/d/{public_id}/revue")
    urls.append(f"{base}/d/{public_id}/etape/gestion_methodes_section")
    _answer_everything(app, public_id, complete=True)
    urls.append(f"{base}/d/{public_id}/resultats")
    # issue 16: the privacy page, deleting a diagnostic (its page lists what goes), and who
    # opened it
    urls += [f"{base}/confidentialite", f"{base}/d/{public_id}/supprimer",
             f"{base}/d/{public_id}/acces"]
    # issue 17: the history, with an earlier diagnostic of the organisation so that its chart
    # is drawn (its resume link grants it to this browser)
    page.goto(f"{base}/reprendre/{_earlier_diagnostic(app, public_id)}")
    urls.append(f"{base}/d/{public_id}/historique")
    # issue 17, items 2 and 3: a pre-filled follow-up to confirm, and a completed one compared
    pending, done = _follow_ups(app, public_id)
    for token in (pending, done):
        page.goto(f"{base}/reprendre/{token}")
    pending_id, done_id = (page_id for page_id in _public_ids(app, (pending, done)))
    urls += [f"{base}/d/{pending_id}/etape/gestion_methodes_section",
             f"{base}/d/{pending_id}/revue", f"{base}/d/{pending_id}/a-confirmer",
             f"{base}/d/{done_id}/resultats"]
    return urls


def _follow_ups(app: Flask, public_id: str) -> tuple[str, str]:
    """Two follow-ups of the diagnostic, pre-filled: one left to confirm, one completed with
    its answers confirmed; their resume tokens."""
    with app.app_context():
        q = questionnaire()
        previous = Diagnostic.query.filter_by(public_id=public_id).one()
        pending = journey.follow_up(previous, q, "fr", prefill=True)
        done = journey.follow_up(previous, q, "fr", prefill=True)
        answers = check_answers(q, EXAMPLE["answers"])
        journey.save_answers(done.diagnostic, answers, set(), progress(q, answers).percent)
        journey.complete(done.diagnostic, q)
        return pending.token, done.token


def _public_ids(app: Flask, tokens: tuple[str, ...]) -> list[str]:
    with app.app_context():
        return [found.public_id for found in (journey.find_by_token(t) for t in tokens)
                if found is not None]


def _earlier_diagnostic(app: Flask, public_id: str) -> str:
    """A completed diagnostic of the same organisation, a month earlier; its resume token."""
    with app.app_context():
        q = questionnaire()
        later = Diagnostic.query.filter_by(public_id=public_id).one()
        answers = json.loads((ROOT / "questionnaires/adoc/examples/collectivite.json")
                             .read_text())["answers"]
        started = journey.start(q, later.organisation.name, answers["profil_type"], "fr")
        earlier = started.diagnostic
        checked = check_answers(q, answers)
        journey.save_answers(earlier, checked, set(), progress(q, checked).percent)
        journey.complete(earlier, q)
        earlier.organisation_id = later.organisation_id
        earlier.completed_at = later.completed_at - timedelta(days=30)
        join(earlier, Cohort.query.one())  # the trainer's history shows it too
        db.session.commit()
        return started.token


def _trainer_pages(base: str, page: Any) -> list[str]:
    page.goto(f"{base}/connexion")
    page.fill("input[name=email]", "formatrice@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.goto(f"{base}/formateur/")
    group = page.locator("a[href*='/formateur/groupes/']").first.get_attribute("href")
    dashboard = f"{base}{group}"
    urls = [f"{base}/formateur/", dashboard, f"{dashboard}/synthese", f"{dashboard}?q=zzz",
            f"{base}/mon-compte"]
    page.goto(dashboard)
    review = page.locator("a[href*='/participants/']")
    if review.count():
        urls.append(f"{base}{review.first.get_attribute('href')}")
        urls.append(f"{base}{review.first.get_attribute('href')}/historique")  # issue 17
        urls.append(f"{base}{review.first.get_attribute('href')}/retirer")  # issue 31
    return urls


def _admin_pages(base: str, app: Flask, page: Any) -> list[str]:
    """The admin's pages (logged in as the admin), and the page of a one-time password link."""
    page.goto(f"{base}/connexion")
    page.fill("input[name=email]", "admin@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    with app.test_request_context(base_url=base):
        trainer = User.query.filter_by(email="formatrice@example.org").one()
        trainer_id = trainer.public_id
        link = reset.issue(trainer)
    return [f"{base}/admin/", f"{base}/admin/comptes/nouveau", f"{base}/admin/journal",
            f"{base}/admin/comptes/{trainer_id}/groupes", link]


# The smallest text a person sees, SVG text as drawn (its font size times the drawing's scale).
SMALLEST_TEXT = """() => {
  let smallest = [1e9, ""];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.closest(".visually-hidden")) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) size *= Math.abs(el.getScreenCTM().a);
    const what = el.tagName + " " + el.textContent.trim().slice(0, 40);
    if (size < smallest[0]) smallest = [size, what];
  }
  return smallest;
}"""


def _check(page: Any, url: str, failures: list[str]) -> None:
    # loaded once, then laid out again at each width (the server does not know the width, and
    # no script of ours draws for one): a third of the page loads
    for number, width in enumerate(WIDTHS):
        page.set_viewport_size({"width": width, "height": 800})
        if number == 0:
            page.goto(url)
            # the plan's forms, opened (a participant edits its plan on a phone too), and on the
            # trainer's review the options a participant did not choose (issue 31)
            page.evaluate("document.querySelectorAll('details.plan-edit, details.others')"
                          ".forEach(d => d.open = true)")
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            failures.append(f"{url} at {width} px: {wide} px wide")
        size, where = page.evaluate(SMALLEST_TEXT)
        if size < 12:
            failures.append(f"{url} at {width} px: text of {size:.1f} px ({where})")
        if width in (390, 1280):
            failures.extend(f"{url} at {width} px: {v}" for v in serious(page))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_page_scrolls_sideways_or_fails_axe(site: tuple[str, Flask], browser: Any,
                                                lang: str) -> None:
    base, app = site
    failures: list[str] = []
    participant = browser.new_context(locale="fr-FR" if lang == "fr" else "en-GB")
    page = participant.new_page()
    urls = _participant_pages(base, app, page)
    # the trainer's dashboard lists the participant once it joined the cohort
    for url in urls:
        _check(page, url, failures)
    participant.close()
    trainer = browser.new_context(locale="fr-FR" if lang == "fr" else "en-GB")
    page = trainer.new_page()
    for url in _trainer_pages(base, page):
        _check(page, url, failures)
    trainer.close()
    admin = browser.new_context(locale="fr-FR" if lang == "fr" else "en-GB")
    page = admin.new_page()
    for url in _admin_pages(base, app, page):
        _check(page, url, failures)
    admin.close()
    assert not failures, "\n".join(failures)


def test_an_exports_progress_updates_in_place(site: tuple[str, Flask], browser: Any) -> None:
    # issue 19: no meta refresh; the status region changes and the page is not reloaded
    base, app = site
    with app.app_context():
        group = Cohort.query.first()
        job = Job(kind="cohort_export", cohort_id=group.id, status="running", total=4, done=1,
                  report={})
        db.session.add(job)
        db.session.commit()
        job_id = job.public_id
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(f"{base}/connexion")
    page.fill("input[name=email]", "formatrice@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.goto(f"{base}/formateur/exports/{job_id}")
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    assert "1 sur 4" in page.locator("[role=status]").inner_text()
    page.evaluate("window.stillHere = true")
    with app.app_context():
        found = Job.query.filter_by(public_id=job_id).one()
        found.done = 3
        db.session.commit()
    page.locator("[role=status]", has_text="3 sur 4").wait_for(timeout=10_000)
    assert page.evaluate("window.stillHere") is True  # updated in place, not reloaded
    failures: list[str] = []
    _check(page, page.url, failures)  # the export page at every width, like the others
    assert not failures, "\n".join(failures)
    context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_e_mail_forms_at_every_width(site: tuple[str, Flask], browser: Any,
                                         lang: str) -> None:
    # issue 16: with e-mail configured, the link page's form (empty, in error, then with an
    # address kept) and the results page's « ne plus me prévenir »
    base, app = site
    saved = {key: app.config.get(key) for key in
             ("MAIL_SMTP_URL", "MAIL_FROM", "PUBLIC_URL", "MAIL_RETRY_DELAYS")}
    app.config.update(MAIL_SMTP_URL="smtp://127.0.0.1:9", MAIL_FROM="parcours@example.org",
                      PUBLIC_URL=base, MAIL_RETRY_DELAYS=(0,))  # nothing listens: it fails
    failures: list[str] = []
    with app.app_context():
        limiter.reset()  # two sends a language, from one address: under a minute
    context = browser.new_context(locale="fr-FR" if lang == "fr" else "en-GB")
    page = context.new_page()
    try:
        page.goto(f"{base}/commencer")
        page.fill("#name", "Association des Jardins Partagés du Quartier Saint-Exupéry")
        page.check("#kind-1")
        page.click("button.primary")
        page.wait_for_url("**/lien**")
        link = page.url.split("?")[0]
        public_id = link.split("/d/")[1].split("/")[0]
        _check(page, link, failures)
        page.fill("#email", "pas une adresse")
        page.click(".mail-box button[type=submit]")
        assert page.locator("#error-summary").count() == 1
        failures.extend(f"{link} in error: {v}" for v in serious(page))
        page.fill("#email", "claire@example.org")
        page.check("#keep")
        page.click(".mail-box button[type=submit]")
        page.wait_for_url(link)
        assert page.locator(".notify-box").count() == 1
        _check(page, link, failures)
        _answer_everything(app, public_id, complete=True)
        _check(page, f"{base}/d/{public_id}/resultats", failures)
        _check(page, f"{base}/mot-de-passe-oublie", failures)  # with its form, now
    finally:
        context.close()
        app.extensions["parcours_jobs"].wait()
        app.config.update(saved)
    assert not failures, "\n".join(failures)
