"""Coming back (issue 26, item 1): resume lands where the participant stopped, the outline says
which pages are done, the home page lists the browser's diagnostics, the link page leads with
what to do, and a diagnostic started from another is reachable from the other's link."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from parcours.engine import load
from parcours.journey.navigation import pages

from ..conftest import csrf_token, hidden_fields
from .participant import EXAMPLES, Participant, example, form_fields

ADOC = load(EXAMPLES.parent)
KINDS = {qid: q.type for qid, q in ADOC.questions.items()}
ANSWERS = example("association_jeune.json")["answers"]
PAGES = pages(ADOC)


def _save(person: Participant, number: int, action: str = "next",
          leave: frozenset[str] = frozenset()) -> str:
    """Answer page `number` (1-based) as the example does, but for `leave`; where it leads."""
    url = f"/d/{person.public_id}/etape/{PAGES[number - 1].section.id}"
    html, ids = person.page(url)
    given = {qid: value for qid, value in ANSWERS.items() if qid not in leave}
    response = person.client.post(url, data={**hidden_fields(html), "action": action,
                                             **form_fields(ids, given, KINDS)})
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    return str(response.headers["Location"])


def _resume_elsewhere(app: Flask, person: Participant) -> tuple[FlaskClient, str, str]:
    """Another browser comes back with the code: where it lands, and that page."""
    other = app.test_client()
    page = other.get("/reprendre").get_data(as_text=True)
    response = other.post("/reprendre", data={"csrf_token": csrf_token(page),
                                              "code": person.code})
    assert response.status_code == 302
    target = other.get(response.headers["Location"])
    assert target.status_code == 302
    location = target.headers["Location"]
    return other, location, other.get(location).get_data(as_text=True)


def test_resume_lands_on_the_page_after_the_last_one_saved(app: Flask,
                                                            client: FlaskClient) -> None:
    person = Participant(client)
    person.start()
    for number in range(1, 7):  # page 6's optional remark left blank: not « where you stopped »
        _save(person, number, "later" if number == 6 else "next")
    _other, location, html = _resume_elsewhere(app, person)
    assert location.endswith(f"/etape/{PAGES[6].section.id}")
    assert "Vous reprenez là où vous vous étiez arrêté" in html


def test_resume_lands_on_the_page_left_half_answered(app: Flask, client: FlaskClient) -> None:
    person = Participant(client)
    person.start()
    for number in range(1, 4):
        _save(person, number)
    _save(person, 4, "later", leave=frozenset({"vision_partage_ecrit"}))
    _other, location, _html = _resume_elsewhere(app, person)
    assert location.endswith(f"/etape/{PAGES[3].section.id}")


def test_going_back_to_an_earlier_page_resumes_after_it(app: Flask, client: FlaskClient) -> None:
    """The page saved last is page 3, all answered: the next page left to answer after it is
    6 (pages 4 and 5 are answered), not the first one."""
    person = Participant(client)
    person.start()
    for number in (1, 2, 3, 4, 5):
        _save(person, number)
    _save(person, 3, "later")
    _other, location, _html = _resume_elsewhere(app, person)
    assert location.endswith(f"/etape/{PAGES[5].section.id}")


def test_the_outline_marks_each_page_done_partly_done_or_to_do(client: FlaskClient) -> None:
    person = Participant(client)
    person.start()
    _save(person, 1)
    _save(person, 2, leave=frozenset({"profil_objectif", "profil_role"}))
    html, _ids = person.page(f"/d/{person.public_id}/etape/{PAGES[2].section.id}")
    outline = html[html.index('class="outline"'):]
    states = re.findall(r'<li class="state-(\w+)">', outline)
    assert states[:4] == ["done", "partly", "to_do", "to_do"]
    assert "(fait)" in outline and "(en partie)" in outline and "(à faire)" in outline


def test_the_home_page_lists_the_diagnostics_of_this_browser(app: Flask,
                                                              client: FlaskClient) -> None:
    person = Participant(client)
    person.start("Club de judo de Saint-Omer")
    home = client.get("/").get_data(as_text=True)
    assert "Vos diagnostics dans ce navigateur" in home
    assert "Club de judo de Saint-Omer" in home
    assert f'href="/d/{person.public_id}/"' in home
    elsewhere = app.test_client().get("/").get_data(as_text=True)
    assert "Vos diagnostics dans ce navigateur" not in elsewhere
    assert "Club de judo" not in elsewhere


def test_the_link_page_leads_with_start_then_resume(client: FlaskClient) -> None:
    person = Participant(client)
    person.start()
    link = client.get(f"/d/{person.public_id}/lien?new=1").get_data(as_text=True)
    assert "Commencer le questionnaire" in link and "Reprendre le questionnaire" not in link
    assert link.index("Commencer le questionnaire") < link.index("Votre code de reprise")
    assert link.index("Votre code de reprise") < link.index("Créer un nouveau lien")
    _save(person, 1, "later")
    link = client.get(f"/d/{person.public_id}/lien").get_data(as_text=True)
    assert "Reprendre le questionnaire" in link and "Commencer le questionnaire" not in link
    assert "Lien perdu, ou partagé par erreur\u00a0?" in link


def test_a_follow_up_is_reachable_from_the_previous_diagnostic_s_code(
        app: Flask, client: FlaskClient) -> None:
    person = Participant(client)
    person.start()
    person.answer_all(ANSWERS, KINDS)
    results = person.complete()
    response = client.post(f"/d/{person.public_id}/refaire",
                           data={"csrf_token": csrf_token(results), "mode": "prefill"})
    assert response.status_code == 302
    follow_up = response.headers["Location"].split("/d/")[1].split("/")[0]
    link = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ceux de votre diagnostic du" in link  # which code opens what
    # another browser, with the first diagnostic's code only, reaches the follow-up
    other, location, results = _resume_elsewhere_completed(app, person)
    assert "Reprendre le nouveau diagnostic" in results
    response = other.post(f"/d/{person.public_id}/suivant",
                          data={"csrf_token": csrf_token(results)})
    assert response.headers["Location"].endswith(f"/d/{follow_up}/")
    assert other.get(f"/d/{follow_up}/lien").status_code == 200


def _resume_elsewhere_completed(app: Flask,
                                person: Participant) -> tuple[FlaskClient, str, str]:
    other = app.test_client()
    page = other.get("/reprendre").get_data(as_text=True)
    response = other.post("/reprendre", data={"csrf_token": csrf_token(page),
                                              "code": person.code})
    location = other.get(response.headers["Location"]).headers["Location"]
    return other, location, other.get(location).get_data(as_text=True)


def test_a_renewed_follow_up_is_not_opened_by_the_previous_code(app: Flask,
                                                                client: FlaskClient) -> None:
    person = Participant(client)
    person.start()
    person.answer_all(ANSWERS, KINDS)
    results = person.complete()
    response = client.post(f"/d/{person.public_id}/refaire",
                           data={"csrf_token": csrf_token(results), "mode": "blank"})
    follow_up = response.headers["Location"].split("/d/")[1].split("/")[0]
    link = client.get(f"/d/{follow_up}/lien").get_data(as_text=True)
    client.post(f"/d/{follow_up}/lien", data={"csrf_token": csrf_token(link)})  # renewed
    other, _location, results = _resume_elsewhere_completed(app, person)
    response = other.post(f"/d/{person.public_id}/suivant",
                          data={"csrf_token": csrf_token(results)}, follow_redirects=True)
    assert "son lien a été renouvelé depuis" in response.get_data(as_text=True)
    assert other.get(f"/d/{follow_up}/lien").status_code == 404
