"""The privacy page (issue 16, item 3), linked from every page and from the consent texts, and
consent records that keep the text's version and time, which the trainer reads."""

from __future__ import annotations

import html

from flask import Flask
from flask.testing import FlaskClient

from parcours.models import Cohort, Diagnostic
from parcours.services import cohorts as membership
from parcours.services.cohorts import CONSENT_VERSION

from ..conftest import csrf_token
from .participant import Participant
from .people import cohort, diagnostic, login, user
from .test_cohorts import join_token


def _text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


def test_the_privacy_page_says_what_who_how_long_and_whom_to_ask(
        app: Flask, client: FlaskClient) -> None:
    page = _text(client, "/confidentialite")
    for words in ("le nom et le type de l'organisation", "empreinte du mot de passe",
                  "adresse IP", "Le formateur d'un groupe que vous avez accepté de rejoindre",
                  "Les administrateurs du site", "depuis 12 mois est supprimé",
                  "depuis 36 mois est supprimé", "supprimés après 7 jours",
                  "Télécharger toutes mes données (ZIP)", "Supprimer ce diagnostic",
                  "Supprimer mon compte", "consentement", "intérêt légitime",
                  f"version en vigueur\u00a0: {CONSENT_VERSION}",
                  "Adressez-vous à l'organisation qui vous a proposé ce diagnostic",
                  "ne sont transmises à aucun autre service"):
        assert words in page, words
    client.get("/lang/en")
    english = _text(client, "/confidentialite")
    assert "Privacy and personal data" in english and "12 months" in english


def test_the_contact_hosting_and_periods_come_from_the_settings(
        app: Flask, client: FlaskClient) -> None:
    app.config.update(PRIVACY_CONTACT="dpo@example.org", RETAIN_COMPLETED_MONTHS=0,
                      RETAIN_IN_PROGRESS_MONTHS=6, PRIVACY_HOSTING="Hébergé par Exemple SAS, "
                      "Roubaix (France).")
    page = _text(client, "/confidentialite")
    assert '<a href="mailto:dpo@example.org">dpo@example.org</a>' in page
    assert "Hébergé par Exemple SAS, Roubaix (France)." in page
    assert "depuis 6 mois est supprimé" in page
    assert "Un diagnostic terminé est conservé sans limite de durée" in page
    assert "Adressez-vous à l'organisation" not in page


def test_every_page_and_the_consent_texts_link_to_it(app: Flask, client: FlaskClient) -> None:
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    participant = Participant(client)
    participant.start()
    for url in ("/", "/reprendre", "/connexion", f"/d/{participant.public_id}/lien",
                "/confidentialite"):
        assert 'href="/confidentialite"' in _text(client, url), url
    missing = client.get("/d/nothing-here/resultats")
    assert missing.status_code == 404 and 'href="/confidentialite"' in missing.get_data(True)
    token, _ = join_token(app, group)
    client.get(f"/rejoindre/{token}")
    for url in ("/rejoindre/confirmer", "/commencer"):
        page = _text(client, url)
        consent = page[page.index('class="consent"'):]
        assert 'href="/confidentialite"' in consent[:2000], url
        assert f"texte d'accord, version {CONSENT_VERSION}" in consent, url


def test_a_consent_keeps_its_version_and_time_and_the_trainer_sees_them(
        app: Flask, client: FlaskClient) -> None:
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    token, _ = join_token(app, group)
    client.get(f"/rejoindre/{token}")
    participant = Participant(client)
    participant.start(consent="1")  # started from the cohort's link, box ticked
    joined_later = diagnostic(app, "Rejoint ensuite", group)
    with app.app_context():
        for public_id in (participant.public_id, joined_later):
            found = Diagnostic.query.filter_by(public_id=public_id).one()
            assert found.consent_version == CONSENT_VERSION and found.consented_at is not None
    trainer = app.test_client()
    login(trainer, "f@example.org")
    review = _text(trainer, f"/formateur/groupes/{group}/participants/{participant.public_id}")
    assert "A consenti le " in review
    assert f"à vous montrer ce diagnostic (texte d'accord, version {CONSENT_VERSION})" in review
    results = client.get(f"/d/{participant.public_id}/lien").get_data(as_text=True)
    client.post(f"/d/{participant.public_id}/groupe/quitter",
                data={"csrf_token": csrf_token(results)})
    with app.app_context():
        left = Diagnostic.query.filter_by(public_id=participant.public_id).one()
        assert left.consent_version is None and left.consented_at is None
        membership.join(left, Cohort.query.filter_by(public_id=group).one())  # again
        assert left.consent_version == CONSENT_VERSION
