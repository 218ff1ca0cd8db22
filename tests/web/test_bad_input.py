"""A corpus of bad input: each gets a clear message or a 4xx, never a 500, and nothing already
saved is lost or changed (the test reads the database before and after)."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient

from parcours.infra.extensions import db
from parcours.models import Answer, Diagnostic

from ..conftest import csrf_token, hidden_fields
from .participant import Participant

PAGE = "/d/{pid}/etape/modele_alliances_section"
TEXT_PAGE = "/d/{pid}/etape/gestion_communication_section"
# (case, page, fields posted, expected status, words the page must show)
CORPUS: list[tuple[str, str, dict[str, Any], int, str]] = [
    ("tampered_option", PAGE, {"modele_alliances_nature": "hacked"}, 422,
     "ne fait pas partie des choix"),
    ("option_of_another_question", PAGE, {"modele_alliances_nature": "strategie"}, 422,
     "ne fait pas partie des choix"),
    ("two_values_for_one_radio", PAGE, {"modele_alliances_nature": ["ponctuel", "alliance"]},
     422, "ne fait pas partie des choix"),
    ("unknown_question_id", PAGE, {"questions": "nope,modele_nombre_partenaires", "nope": "x"},
     302, ""),
    ("missing_fields", PAGE, {}, 302, ""),
    ("huge_number", PAGE, {"modele_nombre_partenaires": "1" * 40}, 422, "Indiquez un nombre"),
    ("negative_number", PAGE, {"modele_nombre_partenaires": "-3"}, 422, "entre 0 et"),
    ("number_with_words", PAGE, {"modele_nombre_partenaires": "12 partenaires"}, 422,
     "Indiquez un nombre"),
    ("infinity", PAGE, {"modele_nombre_partenaires": "inf"}, 422, "Indiquez un nombre"),
    ("decimal_for_whole", PAGE, {"modele_nombre_partenaires": "2,5"}, 422, "nombre entier"),
    ("number_and_dont_know", PAGE, {"modele_nombre_partenaires": "3",
                                    "modele_nombre_partenaires__special": "dont_know"}, 422,
     "ne peut pas être combinée"),
    ("special_not_offered", PAGE, {"modele_alliances_nature": "not_applicable"}, 422,
     "ne fait pas partie des choix"),
    ("overlong_text", TEXT_PAGE, {"gestion_commentaire": "a" * 2001}, 422, "trop longue"),
    ("exclusive_with_others", TEXT_PAGE, {"gestion_communication_canaux": ["aucun", "presse"]},
     422, "ne peut pas être combinée"),
    ("unknown_checkbox", TEXT_PAGE, {"gestion_communication_canaux": ["presse", "tv"]}, 422,
     "ne fait pas partie des choix"),
]
GUARDED = ("modele_alliances_nature", "modele_nombre_partenaires")


def stored(app: Flask, public_id: str) -> dict[str, Any]:
    with app.app_context():
        diagnostic = db.session.query(Diagnostic).filter_by(public_id=public_id).one()
        return {a.question_id: (a.value, a.revision) for a in
                db.session.query(Answer).filter_by(diagnostic_id=diagnostic.id)}


@pytest.fixture
def participant(app: Flask, client: FlaskClient) -> Participant:
    """A participant with a few answers saved on the page under attack."""
    participant = Participant(client)
    participant.start(kind="entreprise")
    url = PAGE.format(pid=participant.public_id)
    html, ids = participant.page(url)
    response = client.post(url, data={**hidden_fields(html),
                                      "modele_alliances_nature": "echange",
                                      "modele_nombre_partenaires": "4", "action": "next"})
    assert response.status_code == 302
    return participant


@pytest.mark.parametrize(("case", "page", "fields", "status", "words"), CORPUS,
                         ids=[c[0] for c in CORPUS])
def test_bad_answers_are_refused_clearly_and_lose_nothing(
        app: Flask, client: FlaskClient, participant: Participant, case: str, page: str,
        fields: dict[str, Any], status: int, words: str) -> None:
    url = page.format(pid=participant.public_id)
    html, ids = participant.page(url)
    before = stored(app, participant.public_id)
    data = {**hidden_fields(html), "action": "next", **fields}
    response = client.post(url, data=data)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert words in response.get_data(as_text=True).replace("&#39;", "'")
    after = stored(app, participant.public_id)
    for qid, (value, _) in before.items():
        if qid not in fields:  # what was not touched stays as it was
            assert after[qid][0] == value, qid
    if status != 302:  # a refused answer leaves the saved one as it was
        for qid in (k for k in fields if k in GUARDED):
            assert after.get(qid) == before.get(qid), qid


@pytest.mark.parametrize("raw", [
    b"csrf_token=x&questions=gestion_commentaire&gestion_commentaire=%FF%FE%80",
    b"csrf_token=x&questions=gestion_commentaire&gestion_commentaire=%E9t%E9",
    b"csrf_token=x&questions=%ZZ&gestion_commentaire=%",
    b"csrf_token=x&questions=gestion_commentaire&gestion_commentaire=a%00b%01c",
    b"\xff\xfe\x00garbage",
])
def test_broken_encodings_never_give_a_500(app: Flask, client: FlaskClient,
                                           participant: Participant, raw: bytes) -> None:
    url = TEXT_PAGE.format(pid=participant.public_id)
    html, _ = participant.page(url)
    token = csrf_token(html)
    body = raw.replace(b"csrf_token=x", f"csrf_token={token}".encode())
    before = stored(app, participant.public_id)
    response = client.post(url, data=body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500
    after = stored(app, participant.public_id)
    assert after.keys() >= before.keys()
    if "gestion_commentaire" in after:
        assert not any(ch in after["gestion_commentaire"][0] for ch in "\x00\x01")


def test_a_form_posted_to_another_page_changes_nothing_there(
        app: Flask, client: FlaskClient, participant: Participant) -> None:
    other = f"/d/{participant.public_id}/etape/vision_enjeux_section"
    html, _ = participant.page(other)
    before = stored(app, participant.public_id)
    response = client.post(other, data={
        **hidden_fields(html), "questions": "modele_alliances_nature",
        "modele_alliances_nature": "alliance", "action": "next"})
    assert response.status_code == 302
    assert stored(app, participant.public_id)["modele_alliances_nature"] == \
        before["modele_alliances_nature"]


@pytest.mark.parametrize("path", [
    "/reprendre/" + "A" * 5000, "/reprendre/%00%01", "/reprendre/../../etc/passwd",
    "/rejoindre/" + "x" * 3000, "/d/" + "z" * 500 + "/revue", "/d/%FF/resultats",
    "/formateur/groupes/nope", "/lang/xx?next=https://evil.example",
])
def test_odd_urls_get_a_clear_4xx(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert 300 <= response.status_code < 500


@pytest.mark.parametrize("code", ["", "A" * 50, "ZZZZ-ZZZZ", "'; DROP TABLE user; --", "%00"])
def test_wrong_codes_get_a_clear_message(client: FlaskClient, code: str) -> None:
    for path in ("/reprendre", "/rejoindre"):
        form = client.get(path).get_data(as_text=True)
        response = client.post(path, data={"csrf_token": csrf_token(form), "code": code})
        assert response.status_code == 422
        assert 'class="field-error"' in response.get_data(as_text=True)


def test_a_changed_questionnaire_version_keeps_what_still_fits(
        app: Flask, client: FlaskClient, participant: Participant) -> None:
    """An option renamed in a new version: the stored answer is kept in the database, left out
    of the score, and the page shows the question unanswered instead of failing."""
    with app.app_context():
        diagnostic = db.session.query(Diagnostic).filter_by(
            public_id=participant.public_id).one()
        row = db.session.query(Answer).filter_by(diagnostic_id=diagnostic.id,
                                                 question_id="modele_alliances_nature").one()
        row.value = "an_option_of_version_0_9"
        diagnostic.questionnaire_version = "0.9.0"
        db.session.commit()
    page = client.get(PAGE.format(pid=participant.public_id))
    assert page.status_code == 200
    results = participant.complete()
    assert "Votre niveau de maturité" in results
    assert stored(app, participant.public_id)["modele_alliances_nature"][0] == \
        "an_option_of_version_0_9"


# Issue 30, L5: every text field of every form gets odd values; never a 500. The forms are
# read from the pages as a browser would (every field sent back with its value), then one
# text field at a time is replaced.
ODD: dict[str, bytes | None] = {"nul": b"a\x00b", "lone_cr": b"a\rb", "lone_lf": b"a\nb",
                                "surrogate": b"a\xed\xa0\x80b", "file": None}
TEXT_TYPES = {"text", "email", "password", "search", "url", "tel", "textarea", "date",
              "number", None}
SKIPPED = ("supprimer", "deconnexion", "quitter", "rouvrir", "refaire", "desactiver",
           "/fin", "/lien/email", "collectif/email")


class _Forms(HTMLParser):
    """The POST forms of a page: (action, [(name, type, value)])."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str | None, str]]]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() == "post":
                self.forms.append((a.get("action") or "", []))
            else:
                self.forms.append(("", []))  # a GET form: its fields are queried, below
                self.forms[-1] = ("GET " + (a.get("action") or ""), [])
        elif not self.forms or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "image", "file"):
                return
            self.forms[-1][1].append((a["name"] or "", kind, a.get("value") or "x"))
        elif tag == "textarea":
            self.forms[-1][1].append((a["name"] or "", "textarea", "x"))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select is not None:
            self.forms[-1][1].append((self._select, "select", a.get("value") or ""))
            self._select = None


ATTACKED: list[str] = []


def _body(fields: list[tuple[str, str | None, str]], target: str, odd: bytes) -> bytes:
    return urlencode([(name, odd if name == target else value.encode())
                      for name, _kind, value in fields]).encode()


def _attack(client: FlaskClient, page: str) -> list[str]:
    """Post every form of `page` with each odd value in each text field; what gave a 500."""
    failed = []
    parser = _Forms()
    parser.feed(client.get(page).get_data(as_text=True))
    for action, fields in parser.forms:
        target_url = action.removeprefix("GET ") or page
        if any(word in target_url for word in SKIPPED):
            continue
        for name, kind, _value in fields:
            if kind not in TEXT_TYPES or name == "csrf_token":
                continue
            for label, odd in ODD.items():
                if action.startswith("GET "):
                    if odd is None:
                        continue
                    response = client.get(target_url + "?" + urlencode(
                        [(n, odd if n == name else v.encode()) for n, _k, v in fields]))
                elif odd is None:
                    data: dict[str, Any] = {n: v for n, _k, v in fields if n != name}
                    data[name] = (io.BytesIO(b"not text"), "x.txt")
                    response = client.post(target_url, data=data,
                                           content_type="multipart/form-data")
                else:
                    response = client.post(
                        target_url, data=_body(fields, name, odd),
                        content_type="application/x-www-form-urlencoded")
                ATTACKED.append(target_url)
                if response.status_code >= 500:
                    failed.append(f"{target_url} {name} {label}: {response.status_code}")
    return failed


def test_every_text_field_of_every_form_takes_odd_input_without_a_500(app: Flask) -> None:
    from parcours.journey import services as journey

    from .collective_people import host_with_profile, make_collective
    from .people import cohort, diagnostic, login, user

    failed: list[str] = []
    anonymous = app.test_client()
    for page in ("/", "/commencer", "/connexion", "/inscription", "/mot-de-passe-oublie",
                 "/reprendre", "/rejoindre"):
        failed += _attack(anonymous, page)
    person = Participant(app.test_client())
    person.start()
    for page in (TEXT_PAGE, "/d/{pid}/lien", "/d/{pid}/revue"):
        failed += _attack(person.client, page.format(pid=person.public_id))
    host = host_with_profile(app.test_client())
    make_collective(host.client, host.public_id)
    failed += _attack(host.client, f"/d/{host.public_id}/collectif")
    trained = user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    done = diagnostic(app, "Boulangerie", group)
    completed = diagnostic(app, "Les Amis", example_name="association_jeune.json")
    with app.app_context():
        token, _code = journey.current_secrets(db.session.query(Diagnostic).filter_by(
            public_id=completed).one())
    reader = app.test_client()
    reader.get(f"/reprendre/{token}")
    for page in ("resultats", "alliance", "lien", "historique"):
        failed += _attack(reader, f"/d/{completed}/{page}")
    with app.app_context():  # a participant of a cohort: its « named to the group » box
        token, _code = journey.current_secrets(db.session.query(Diagnostic).filter_by(
            public_id=done).one())
    member = app.test_client()
    member.get(f"/reprendre/{token}")
    failed += _attack(member, f"/d/{done}/resultats")
    trainer = app.test_client()
    login(trainer, "f@example.org")
    for page in ("/formateur/", f"/formateur/groupes/{group}",
                 f"/formateur/groupes/{group}/participants/{done}",
                 f"/formateur/groupes/{group}/synthese",
                 f"/formateur/groupes/{group}/participants/{done}/retirer"):
        failed += _attack(trainer, page)
    user(app, "admin@example.org", "admin")
    admin = app.test_client()
    login(admin, "admin@example.org")
    for page in ("/admin/comptes", "/admin/comptes/nouveau",
                 f"/admin/comptes/{trained.public_id}", "/admin/journal",
                 f"/admin/comptes/{trained.public_id}/groupes"):
        failed += _attack(admin, page)
    assert failed == [], "\n".join(failed)
    assert len(set(ATTACKED)) >= 15, sorted(set(ATTACKED))  # the forms were found
