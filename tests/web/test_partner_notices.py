"""The partner is told (issue 25, item 5): when a partner code it offered is confirmed, or when a
link ends (ended by the other side, or the other side's diagnostic deleted), its results page
says so once, and an e-mail goes to the address it kept for notices when e-mail is configured.
The side that acted is told nothing; a deleted partner is never named."""

from __future__ import annotations

from flask import Flask

from parcours.infra.extensions import db
from parcours.models import Diagnostic, PartnerNotice
from parcours.services.erasure import delete_diagnostic

from ..conftest import csrf_token
from .mailbox import Inbox, parts, wait, with_mail
from .test_alliances import ASSOCIATION, COMPANY, Side, link, pair, plain  # noqa: F401

LINKED = f"{COMPANY} a saisi et confirmé votre code partenaire"
ENDED = f"{COMPANY} a mis fin au lien entre vos deux diagnostics"
GONE = "Un lien avec un partenaire a pris fin"


def _results(side: Side) -> str:
    return plain(side.client.get(f"/d/{side.public_id}/resultats").get_data(as_text=True))


def _keep_address(app: Flask, side: Side, address: str) -> None:
    with app.app_context():
        Diagnostic.query.filter_by(public_id=side.public_id).one().notify_email = address
        db.session.commit()


def _end(side: Side, public_id: str) -> None:
    page = side.client.get(f"/alliance/{public_id}").get_data(as_text=True)
    response = side.client.post(f"/alliance/{public_id}/fin",
                                data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302


def test_the_partner_reads_once_that_its_code_was_confirmed_then_that_the_link_ended(
        app: Flask, pair: tuple[Side, Side]) -> None:  # noqa: F811
    association, company = pair
    public_id = link(association, company)  # the association offered, the company confirmed
    page = _results(association)
    assert LINKED in page and f"/alliance/{public_id}" in page.split(LINKED)[1][:400]
    assert LINKED not in _results(association)  # told once
    assert "a saisi et confirmé" not in _results(company)  # who acted is not told
    _end(company, public_id)
    page = _results(association)
    assert ENDED in page and "n'est plus visible" in page
    assert ENDED not in _results(association)
    assert "a mis fin au lien" not in _results(company)


def test_a_partner_whose_diagnostic_is_deleted_ends_the_link_without_being_named(
        app: Flask, pair: tuple[Side, Side]) -> None:  # noqa: F811
    association, company = pair
    link(association, company)
    _results(association)  # the confirmation read
    with app.app_context():
        delete_diagnostic(Diagnostic.query.filter_by(public_id=company.public_id).one())
        assert all(row.partner_id is None for row in PartnerNotice.query.all())
    page = _results(association)
    assert GONE in page and COMPANY not in page


def test_an_e_mail_tells_the_partner_when_e_mail_is_configured(
        app: Flask, pair: tuple[Side, Side], inbox: tuple[Inbox, int]) -> None:  # noqa: F811
    server, port = inbox
    with_mail(app, port)
    association, company = pair
    _keep_address(app, association, "asso@example.org")
    _keep_address(app, company, "boulangerie@example.org")
    public_id = link(association, company)
    wait(app)
    _end(company, public_id)
    wait(app)
    received = [(to, message) for to, message in server.messages]
    assert [to for to, _ in received] == [["asso@example.org"], ["asso@example.org"]]
    (_, linked), (_, ended) = received
    assert "Votre partenaire a lié son diagnostic au vôtre" in str(linked["Subject"])
    assert "Un lien avec un partenaire a pris fin" in str(ended["Subject"])
    for message, words in ((linked, "a saisi et confirmé le code partenaire"),
                           (ended, "a mis fin au lien")):
        text, html = parts(message)
        assert f"{COMPANY} {words}" in text.replace("\n", " ")
        assert ASSOCIATION in text and "https://parcours.example.org/" in text
        assert COMPANY in html


def test_without_e_mail_nothing_is_queued(app: Flask, pair: tuple[Side, Side]) -> None:  # noqa: F811
    association, company = pair
    _keep_address(app, association, "asso@example.org")
    link(association, company)
    with app.app_context():
        from parcours.models import Mail
        assert Mail.query.count() == 0
