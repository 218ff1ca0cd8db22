"""Two partners face to face (issue 18): an association and a company exchange a partner code,
confirm, and read their joint page and its PDF; who else may see it; ending the link."""

from __future__ import annotations

import html as markup
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select

from parcours import create_app
from parcours.engine import check_answers, joint, score
from parcours.infra.extensions import db
from parcours.journey import services as journey
from parcours.journey.navigation import progress
from parcours.models import AccessLog, Alliance, Cohort, Diagnostic, PartnerCode
from parcours.services import cohorts as membership
from parcours.services.questionnaires import engine_answers, questionnaire

from ..conftest import _config, csrf_token
from ..reports.pdftext import flat, text
from .participant import example
from .people import cohort, login, user

ASSOCIATION, COMPANY = "Les Amis du Quartier", "Boulangerie Martin"
SECTIONS = ("Vos profils côte à côte", "Là où l'un peut épauler l'autre",
            "Là où vos visions divergent", "Vos prochaines étapes communes")


@dataclass
class Side:
    client: FlaskClient
    public_id: str


def plain(page: str) -> str:
    """A page's text as read: entities decoded, non-breaking spaces as spaces."""
    return markup.unescape(page).replace("\xa0", " ").replace("\u202f", " ")


def completed(app: Flask, name: str, example_name: str, key: str | None = None,
              complete: bool = True) -> Side:
    """A diagnostic answered like an example file, completed, opened in its own browser."""
    with app.app_context():
        q = questionnaire(key)
        data = example(example_name)["answers"]
        if key is not None:
            data = {qid: v for qid, v in data.items() if qid in q.questions}
        started = journey.start(q, name, data["profil_type"], "fr")
        checked = check_answers(q, data)
        journey.save_answers(started.diagnostic, checked, set(), progress(q, checked).percent)
        if complete:
            journey.complete(started.diagnostic, q)
        public_id, token = started.diagnostic.public_id, started.token
    client = app.test_client()
    assert client.get(f"/reprendre/{token}").status_code == 302
    return Side(client, public_id)


def ask_code(side: Side) -> str:
    """The partner code shown after ticking the consent box on the results page."""
    results = side.client.get(f"/d/{side.public_id}/resultats").get_data(as_text=True)
    assert "Préparer une alliance avec un partenaire" in results
    page = side.client.post(f"/d/{side.public_id}/alliance/code",
                            data={"csrf_token": csrf_token(results), "consent": "1"})
    assert page.status_code == 200
    return re.search(r'id="partner-code">([A-Z0-9-]+)<', page.get_data(as_text=True)).group(1)


def enter(side: Side, code: str) -> tuple[int, str]:
    form = side.client.get(f"/d/{side.public_id}/alliance")
    response = side.client.post(f"/d/{side.public_id}/alliance", data={
        "csrf_token": csrf_token(form.get_data(as_text=True)), "code": code})
    return response.status_code, plain(response.get_data(as_text=True))


def confirm(side: Side, code: str) -> str:
    """`side` enters a partner's code as a person types it, and confirms: the alliance's id."""
    status, page = enter(side, code.lower().replace("-", " "))
    assert status == 200, page
    response = side.client.post(f"/d/{side.public_id}/alliance/confirmer", data={
        "csrf_token": csrf_token(page), "code": code, "consent": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


def link(first: Side, second: Side) -> str:
    """`first` gives its code, `second` enters and confirms it."""
    return confirm(second, ask_code(first))


@pytest.fixture
def pair(app: Flask) -> tuple[Side, Side]:
    return (completed(app, ASSOCIATION, "association_jeune.json"),
            completed(app, COMPANY, "entreprise_moyenne.json"))


def test_an_association_and_a_company_read_their_joint_page_and_pdf(
        app: Flask, pair: tuple[Side, Side]) -> None:
    association, company = pair
    code = ask_code(association)
    status, page = enter(company, code)
    assert status == 200
    assert ASSOCIATION in page and "association" in page  # whose code it is, its kind
    assert "Votre partenaire verra" in page
    public_id = confirm(company, code)
    for side in pair:
        page = side.client.get(f"/alliance/{public_id}")
        assert page.status_code == 200
        html = plain(page.get_data(as_text=True))
        assert f"{ASSOCIATION} et {COMPANY} : regards croisés" in html
        for title in SECTIONS:
            assert title in html
        assert 'class="radar' in html and "<table" in html
        results = side.client.get(f"/d/{side.public_id}/resultats").get_data(as_text=True)
        assert "Voir la page commune" in results and "Mettre fin au lien" in results
    pdf = association.client.get(f"/alliance/{public_id}/regards-croises.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    words = flat(text(pdf.data)).replace("\xa0", " ").replace("’", "'")
    steps = joint_steps(app, association.public_id, company.public_id)
    assert steps  # the questionnaire has joint recommendations, with a fallback
    for expected in (ASSOCIATION, COMPANY, *SECTIONS, *steps):
        assert flat(expected) in words, expected


def joint_steps(app: Flask, first: str, second: str) -> list[str]:
    """The titles of the joint steps the engine picks for these two."""
    with app.app_context():
        q = questionnaire()
        found = [score(q, engine_answers(q, Diagnostic.query.filter_by(public_id=public_id)
                                         .one().latest_snapshot().answers))
                 for public_id in (first, second)]
        titles = [s["title"] for s in joint.pair_dict(q, joint.pair(q, *found), "fr")["steps"]]
        return titles


@pytest.mark.parametrize("case", ["unknown", "expired", "used", "own", "other_questionnaire",
                                  "reopened", "already_linked"])
def test_a_code_that_links_nothing_says_why(app: Flask, pair: tuple[Side, Side],
                                            case: str) -> None:
    association, company = pair
    code = ask_code(association)
    expected = {"unknown": "n'ouvre aucun diagnostic", "expired": "n'ouvre aucun diagnostic",
                "used": "n'ouvre aucun diagnostic", "own": "votre propre diagnostic",
                "other_questionnaire": "un autre questionnaire",
                "reopened": "n'est plus terminé", "already_linked": "déjà liés"}[case]
    who = company
    if case == "unknown":
        code = "ABCD-EFGH"
    elif case == "expired":
        with app.app_context():
            db.session.execute(db.text("UPDATE partner_code SET expires_at = :past"),
                               {"past": "2020-01-01 00:00:00+00:00"})
            db.session.commit()
    elif case == "used":
        confirm(completed(app, "Un tiers", "collectivite.json"), code)
    elif case == "own":
        who = association
    elif case == "other_questionnaire":
        who = completed(app, "Flash SARL", "entreprise_moyenne.json", key="flash")
    elif case == "reopened":
        with app.app_context():
            journey.reopen(Diagnostic.query.filter_by(public_id=association.public_id).one())
    elif case == "already_linked":
        link(association, company)
        code = ask_code(association)
    status, page = enter(who, code)
    assert status == 422
    assert expected in plain(page)


def test_a_diagnostic_not_completed_offers_and_takes_no_code(app: Flask) -> None:
    side = completed(app, ASSOCIATION, "association_jeune.json", complete=False)
    assert side.client.get(f"/d/{side.public_id}/alliance").status_code == 404
    page = side.client.get(f"/d/{side.public_id}/revue").get_data(as_text=True)
    response = side.client.post(f"/d/{side.public_id}/alliance/code",
                                data={"csrf_token": csrf_token(page), "consent": "1"})
    assert response.status_code == 404


def test_guessing_codes_is_rate_limited(app: Flask, pair: tuple[Side, Side]) -> None:
    statuses = [enter(pair[1], f"WRONG{n:03d}")[0] for n in range(12)]
    assert statuses[:10] == [422] * 10 and statuses[-1] == 429


def test_who_sees_the_joint_page(app: Flask, pair: tuple[Side, Side]) -> None:
    association, company = pair
    public_id = link(association, company)
    pages = (f"/alliance/{public_id}", f"/alliance/{public_id}/regards-croises.pdf")
    stranger = app.test_client()
    assert [stranger.get(url).status_code for url in pages] == [404, 404]
    # a trainer who follows only the association does not see it; with both, it does
    user(app, "t@example.org")
    group = cohort(app, "t@example.org")
    with app.app_context():
        joined = Cohort.query.filter_by(public_id=group).one()
        membership.join(Diagnostic.query.filter_by(public_id=association.public_id).one(),
                        joined)
    trainer = app.test_client()
    login(trainer, "t@example.org")
    trainer_pages = (f"/formateur/alliances/{public_id}",
                     f"/formateur/alliances/{public_id}/regards-croises.pdf")
    assert [trainer.get(url).status_code for url in trainer_pages] == [404, 404]
    review = f"/formateur/groupes/{group}/participants/{association.public_id}"
    assert "Voir la page commune" not in trainer.get(review).get_data(as_text=True)
    with app.app_context():
        joined = Cohort.query.filter_by(public_id=group).one()
        membership.join(Diagnostic.query.filter_by(public_id=company.public_id).one(), joined)
    assert f"/formateur/alliances/{public_id}" in trainer.get(review).get_data(as_text=True)
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(AccessLog))
    page = trainer.get(trainer_pages[0])
    assert page.status_code == 200 and COMPANY in page.get_data(as_text=True)
    with app.app_context():  # one row for each partner's diagnostic
        assert db.session.scalar(select(func.count()).select_from(AccessLog)) == before + 2
    # either side ends the link: nobody sees the page any more
    html = company.client.get(pages[0]).get_data(as_text=True)
    ended = company.client.post(f"/alliance/{public_id}/fin",
                                data={"csrf_token": csrf_token(html)})
    assert ended.status_code == 302
    for client in (association.client, company.client):
        assert [client.get(url).status_code for url in pages] == [404, 404]
    assert trainer.get(trainer_pages[0]).status_code == 404


def test_the_migration_adds_both_tables_and_a_deleted_diagnostic_takes_its_links(
        tmp_path: Path) -> None:
    app = create_app(_config(f"sqlite:///{tmp_path / 'old.db'}"))
    with app.app_context():
        upgrade(revision="c3e8a51f92d4")
        upgrade()
        tables = {row[0] for row in db.session.execute(db.text(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))}
        assert {"partner_code", "alliance"} <= tables
        db.session.remove()
        downgrade(revision="c3e8a51f92d4")
        tables = {row[0] for row in db.session.execute(db.text(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))}
        assert not {"partner_code", "alliance"} & tables
        db.session.remove()
        db.engine.dispose()


def test_deleting_either_diagnostic_ends_its_links(app: Flask, pair: tuple[Side, Side]) -> None:
    public_id = link(*pair)
    with app.app_context():
        db.session.delete(Diagnostic.query.filter_by(public_id=pair[1].public_id).one())
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Alliance)) == 0
        assert db.session.scalar(select(func.count()).select_from(PartnerCode)) == 1
    assert pair[0].client.get(f"/alliance/{public_id}").status_code == 404


@pytest.mark.parametrize("deleted", [0, 1])
def test_deleting_either_side_deletes_every_joint_pdf_of_the_pair(
        app: Flask, pair: tuple[Side, Side], deleted: int) -> None:
    """Issue 30, M3: the joint PDF holds both names and scores, stored beside one side's
    roadmap; deleting either diagnostic leaves no joint PDF, stored or in memory."""
    from parcours.models import RenderedPdf
    from parcours.services import pdfstore
    from parcours.services.erasure import delete_diagnostic

    public_id = link(*pair)
    with app.app_context():
        before = set(db.session.scalars(select(RenderedPdf.key)))
    for side in pair:  # each reads it, in French and in English
        for lang in ("fr", "en"):
            side.client.get(f"/lang/{lang}")
            assert side.client.get(
                f"/alliance/{public_id}/regards-croises.pdf").status_code == 200
    with app.app_context():
        joint_keys = set(db.session.scalars(select(RenderedPdf.key))) - before
        assert joint_keys
        gone = Diagnostic.query.filter_by(public_id=pair[deleted].public_id).one()
        delete_diagnostic(gone)
        left = set(db.session.scalars(select(RenderedPdf.key)))
        assert not joint_keys & left
        assert all(pdfstore.cached(key) is None for key in joint_keys)
    assert pair[1 - deleted].client.get(f"/alliance/{public_id}").status_code == 404


def test_an_unticked_consent_box_gets_an_error_summary_not_a_browser_bubble(
        pair: tuple[Side, Side]) -> None:
    """Issue 26: no `required` left to the browser; the page comes back (422) with an error
    summary that links to the box, like every other form."""
    first, second = pair
    results = first.client.get(f"/d/{first.public_id}/resultats").get_data(as_text=True)
    assert 'name="consent" value="1" required' not in results
    response = first.client.post(f"/d/{first.public_id}/alliance/code",
                                 data={"csrf_token": csrf_token(results)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="error-summary"' in page and 'href="#alliance-consent"' in page
    assert 'aria-invalid="true"' in page and "partner-code" not in page
    code = ask_code(first)
    status, confirm_page = enter(second, code)
    assert status == 200 and "required" not in confirm_page.split('name="consent"')[1][:40]
    response = second.client.post(f"/d/{second.public_id}/alliance/confirmer", data={
        "csrf_token": csrf_token(confirm_page), "code": code})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="error-summary"' in page and 'href="#consent"' in page
    assert "Confirmer l" in page  # the same page, to tick the box and confirm
