"""Forms in error as assistive technology meets them (issue 19): the title says « Erreur : »,
a summary's links lead to a control that takes focus, controls in error carry aria-invalid,
and no id repeats on a page."""

from __future__ import annotations

import re
from collections import Counter

from flask import Flask
from flask.testing import FlaskClient

from ..conftest import csrf_token, hidden_fields
from .participant import Participant
from .people import cohort, diagnostic, login, user
from .test_cohorts import join_token

PAGE = "/d/{pid}/etape/modele_alliances_section"


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def ids(html: str) -> Counter[str]:
    return Counter(re.findall(r'\sid="([^"]+)"', html))


def test_a_question_page_in_error(app: Flask, client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start()
    url = PAGE.format(pid=participant.public_id)
    html, _ = participant.page(url)
    assert not title(html).startswith("Erreur")
    response = client.post(url, data={**hidden_fields(html), "action": "next",
                                       "modele_nombre_partenaires": "beaucoup",
                                       "modele_alliances_nature": "hacked"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and title(page).startswith("Erreur\u00a0:")
    targets = re.findall(r'<div class="error-summary".*?</div>', page, re.S)[0]
    links = re.findall(r'href="#([^"]+)"', targets)
    assert links == ["modele_nombre_partenaires-input", "modele_alliances_nature-1"]
    for target in links:  # an input, not a fieldset: it can take the focus
        control = re.search(rf'<(input|textarea)\b[^>]*\bid="{target}"[^>]*>', page).group(0)
        assert 'aria-invalid="true"' in control
    fine = re.search(r'<input\b[^>]*\bid="modele_alliances_strategie-1"[^>]*>', page).group(0)
    assert "aria-invalid" not in fine
    assert max(ids(page).values()) == 1


def test_the_resume_code_form_in_error_has_a_summary(client: FlaskClient) -> None:
    page = client.get("/reprendre").get_data(as_text=True)
    response = client.post("/reprendre", data={"csrf_token": csrf_token(page), "code": "ZZZZ"})
    html = response.get_data(as_text=True)
    assert response.status_code in (404, 422) and title(html).startswith("Erreur\u00a0:")
    assert 'class="error-summary"' in html and 'href="#code"' in html


def test_the_trainer_review_page_has_one_of_each_id_and_a_summary(
        app: Flask, client: FlaskClient) -> None:
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    participant = diagnostic(app, "Jardins", group, "association_jeune.json")
    login(client, "f@example.org")
    url = f"/formateur/groupes/{group}/participants/{participant}"
    page = client.get(url).get_data(as_text=True)
    client.post(url, data={"csrf_token": csrf_token(page), "text": "Bien.", "stage": ""})
    page = client.get(url).get_data(as_text=True)  # now with a comment and its delete form
    assert max(ids(page).values()) == 1, [i for i, n in ids(page).items() if n > 1]
    response = client.post(url, data={"csrf_token": csrf_token(page), "text": "",
                                      "stage": ""})
    html = response.get_data(as_text=True)
    assert title(html).startswith("Erreur :")
    assert 'class="error-summary"' in html and 'href="#text"' in html


def test_joining_with_several_diagnostics_repeats_no_id(app: Flask, client: FlaskClient) -> None:
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    for name in ("Un", "Deux"):
        Participant(client).start(name)
    token, _ = join_token(app, group)
    client.get(f"/rejoindre/{token}")
    page = client.get("/rejoindre/confirmer").get_data(as_text=True)
    assert page.count('name="consent"') == 2
    assert max(ids(page).values()) == 1, [i for i, n in ids(page).items() if n > 1]


def test_deleting_an_account_in_error(app: Flask, client: FlaskClient) -> None:
    # issue 16: the choice and the password, like every other form in error
    user(app, "p@example.org", "participant")
    login(client, "p@example.org")
    page = client.get("/mon-compte/supprimer").get_data(as_text=True)
    response = client.post("/mon-compte/supprimer", data={"csrf_token": csrf_token(page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and title(html).startswith("Erreur\u00a0:")
    summary = re.findall(r'<div class="error-summary".*?</div>', html, re.S)[0]
    links = re.findall(r'href="#([^"]+)"', summary)
    assert links == ["diagnostics", "password"]
    for target in links:
        control = re.search(rf'<input\b[^>]*\bid="{target}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in control
    assert max(ids(html).values()) == 1


def test_the_privacy_and_deletion_pages_repeat_no_id(app: Flask, client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start()
    for url in ("/confidentialite", f"/d/{participant.public_id}/supprimer",
                f"/d/{participant.public_id}/lien"):
        page = client.get(url).get_data(as_text=True)
        assert max(ids(page).values()) == 1, (url, [i for i, n in ids(page).items() if n > 1])
