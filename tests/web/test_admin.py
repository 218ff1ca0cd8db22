"""The admin pages: who may open them, accounts created, disabled and enabled, cohorts handed
over, the whole access log; bad input gives a message, never a 500."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient

from parcours.admin import services
from parcours.infra.extensions import db
from parcours.models import Cohort, User

from ..conftest import csrf_token
from .people import cohort, diagnostic, login, user

ACTORS = ("anonymous", "participant", "trainer", "admin")
# route: (method, path, form data, what the admin gets)
ROUTES = {
    "accounts": ("GET", "/admin/", {}, 200),
    "new_form": ("GET", "/admin/comptes/nouveau", {}, 200),
    "create": ("POST", "/admin/comptes/nouveau",
               {"email": "nouvelle@example.org", "role": "trainer"}, 200),
    "link": ("POST", "/admin/comptes/{trainer}/lien", {}, 200),
    "disable": ("POST", "/admin/comptes/{trainer}/desactiver", {}, 302),
    "enable": ("POST", "/admin/comptes/{trainer}/reactiver", {}, 302),
    "reassign_form": ("GET", "/admin/comptes/{trainer}/groupes", {}, 200),
    "reassign": ("POST", "/admin/comptes/{trainer}/groupes",
                 {"target": "{other}", "cohorts": "{cohort}", "confirm": "1"}, 302),
    "journal": ("GET", "/admin/journal", {}, 200),
}


@pytest.fixture
def world(app: Flask) -> SimpleNamespace:
    """An admin, two trainers (the first with two cohorts), a participant; and their browsers."""
    admin = user(app, "root@example.org", "admin")
    trainer = user(app, "claire@example.org")
    other = user(app, "paul@example.org")
    user(app, "participant@example.org", "participant")
    first = cohort(app, "claire@example.org", "Promotion automne")
    second = cohort(app, "claire@example.org", "Promotion hiver")
    browsers = {}
    for name, email in (("admin", "root@example.org"), ("trainer", "claire@example.org"),
                        ("participant", "participant@example.org")):
        browsers[name] = app.test_client()
        login(browsers[name], email)
    browsers["anonymous"] = app.test_client()
    return SimpleNamespace(admin=admin, trainer=trainer, other=other, cohorts=(first, second),
                           browsers=browsers)


def token_of(client: FlaskClient) -> str:
    return csrf_token(client.get("/connexion").get_data(as_text=True))


def post(client: FlaskClient, url: str, data: dict | None = None, token: bool = True):
    form = {"csrf_token": token_of(client)} if token else {}
    return client.post(url, data={**form, **(data or {})})


def _fill(value: str, world: SimpleNamespace) -> str:
    return value.format(trainer=world.trainer.public_id, other=world.other.public_id,
                        cohort=world.cohorts[0])


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("route", list(ROUTES))
def test_only_admins_open_the_admin_pages(app: Flask, world: SimpleNamespace, actor: str,
                                          route: str) -> None:
    method, path, data, admin_status = ROUTES[route]
    client = world.browsers[actor]
    url = _fill(path, world)
    if method == "GET":
        response = client.get(url)
    else:
        response = post(client, url, {k: _fill(v, world) for k, v in data.items()})
    if actor == "anonymous":
        assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    elif actor == "admin":
        assert response.status_code == admin_status, response.get_data(as_text=True)[:500]
    else:  # as the trainer's pages do for participants: we do not confirm the page exists
        assert response.status_code == 404
    if actor != "admin":  # and nothing changed
        with app.app_context():
            assert User.query.filter_by(email="nouvelle@example.org").first() is None
            assert User.query.filter_by(email="claire@example.org").one().is_active
            assert Cohort.query.filter_by(trainer_id=world.trainer.id).count() == 2


@pytest.mark.parametrize("route", [r for r in ROUTES if ROUTES[r][0] == "POST"])
def test_every_post_needs_its_csrf_token(app: Flask, world: SimpleNamespace, route: str) -> None:
    _, path, data, _ = ROUTES[route]
    response = post(world.browsers["admin"], _fill(path, world),
                    {k: _fill(v, world) for k, v in data.items()}, token=False)
    assert response.status_code == 400
    with app.app_context():
        assert User.query.filter_by(email="nouvelle@example.org").first() is None
        assert User.query.filter_by(email="claire@example.org").one().is_active
        assert Cohort.query.filter_by(trainer_id=world.trainer.id).count() == 2


def test_the_list_shows_trainers_and_admins_with_their_cohorts(
        app: Flask, world: SimpleNamespace) -> None:
    page = world.browsers["admin"].get("/admin/").get_data(as_text=True)
    for email in ("root@example.org", "claire@example.org", "paul@example.org"):
        assert email in page
    assert "participant@example.org" not in page  # participants are not managed here
    claire = page[page.index("claire@example.org"):page.index("paul@example.org")]
    assert 'data-label="Groupes">2</td>' in claire and "Formateur" in claire and "Actif" in claire
    assert "Jamais" not in claire  # she logged in (the fixture)
    assert "Administration" in world.browsers["admin"].get("/formateur/").get_data(as_text=True)
    assert "/admin/" not in world.browsers["trainer"].get("/formateur/").get_data(as_text=True)


def test_a_new_trainer_chooses_a_password_through_the_link_shown(
        app: Flask, world: SimpleNamespace) -> None:
    admin = world.browsers["admin"]
    response = post(admin, "/admin/comptes/nouveau", {
        "email": " Nouvelle@Example.org ", "display_name": "  Anne   Martin ", "role": "trainer"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Compte créé pour nouvelle@example.org" in page
    assert response.headers["Cache-Control"] == "no-store"
    url = re.search(r'id="reset-url" value="([^"]+)"', page).group(1)
    assert "/mot-de-passe/" in url
    with app.app_context():
        made = User.query.filter_by(email="nouvelle@example.org").one()
        assert (made.role, made.display_name) == ("trainer", "Anne Martin")
    # no password yet: nothing logs in, not even the dummy hash's own text
    newcomer = app.test_client()
    for attempt in ("", "not a real password, only here to spend the same time"):
        assert login(newcomer, "nouvelle@example.org", attempt).status_code == 422
    path = url.split("localhost", 1)[1]
    form = newcomer.get(path)
    assert form.status_code == 200 and "nouvelle@example.org" in form.get_data(as_text=True)
    weak = newcomer.post(path, data={"csrf_token": csrf_token(form.get_data(as_text=True)),
                                     "password": "azerty123456", "confirm": "azerty123456"})
    assert weak.status_code == 422 and "trop courant" in weak.get_data(as_text=True)
    good = "une phrase assez longue pour Anne"
    done = newcomer.post(path, data={"csrf_token": csrf_token(form.get_data(as_text=True)),
                                     "password": good, "confirm": good})
    assert done.status_code == 302 and done.headers["Location"].endswith("/connexion")
    assert login(newcomer, "nouvelle@example.org", good).status_code == 302
    assert newcomer.get("/formateur/").status_code == 200
    assert app.test_client().get(path).status_code == 404  # used: it works once
    listed = admin.get("/admin/").get_data(as_text=True)
    assert "Anne Martin" in listed


@pytest.mark.parametrize(("email", "message"), [
    ("claire@example.org", "Un compte existe déjà avec cette adresse e-mail."),
    ("CLAIRE@example.org ", "Un compte existe déjà avec cette adresse e-mail."),
    ("participant@example.org", "Un compte existe déjà avec cette adresse e-mail."),
    ("pas-une-adresse", "Cette adresse e-mail n'est pas valide."),
    ("a@b\r\nBcc: x@example.org", "Cette adresse e-mail n'est pas valide."),
    ("x" * 250 + "@example.org", "Cette adresse e-mail n'est pas valide."),
    ("", "Indiquez l'adresse e-mail de la personne."),
])
def test_a_bad_or_taken_address_is_refused_with_a_message(
        app: Flask, world: SimpleNamespace, email: str, message: str) -> None:
    response = post(world.browsers["admin"], "/admin/comptes/nouveau",
                    {"email": email, "role": "trainer"})
    page = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 422
    assert message in page and "error-summary" in page
    with app.app_context():
        assert User.query.count() == 4


@pytest.mark.parametrize("role", ["participant", "boss", ""])
def test_only_trainer_or_admin_roles_are_created(app: Flask, world: SimpleNamespace,
                                                 role: str) -> None:
    response = post(world.browsers["admin"], "/admin/comptes/nouveau",
                    {"email": "x@example.org", "role": role})
    assert response.status_code == 422
    with app.app_context():
        assert User.query.filter_by(email="x@example.org").first() is None


def test_an_admin_account_can_be_created(app: Flask, world: SimpleNamespace) -> None:
    post(world.browsers["admin"], "/admin/comptes/nouveau",
         {"email": "deux@example.org", "role": "admin"})
    with app.app_context():
        assert User.query.filter_by(email="deux@example.org").one().role == "admin"


def test_disabling_ends_the_sessions_and_enabling_lets_back_in(
        app: Flask, world: SimpleNamespace) -> None:
    trainer = world.browsers["trainer"]
    assert trainer.get("/formateur/").status_code == 200
    response = post(world.browsers["admin"], f"/admin/comptes/{world.trainer.public_id}/desactiver")
    assert response.status_code == 302
    listed = world.browsers["admin"].get("/admin/").get_data(as_text=True)
    assert "Compte de claire@example.org désactivé" in listed and "Désactivé le" in listed
    ended = trainer.get("/formateur/")
    assert ended.status_code == 302 and "/connexion" in ended.headers["Location"]
    assert login(app.test_client(), "claire@example.org").status_code == 422
    post(world.browsers["admin"], f"/admin/comptes/{world.trainer.public_id}/reactiver")
    again = app.test_client()
    assert login(again, "claire@example.org").status_code == 302
    assert again.get("/formateur/").status_code == 200


def test_an_admin_cannot_disable_itself_nor_the_last_admin(
        app: Flask, world: SimpleNamespace) -> None:
    admin = world.browsers["admin"]
    response = post(admin, f"/admin/comptes/{world.admin.public_id}/desactiver")
    assert response.status_code == 302
    page = admin.get("/admin/").get_data(as_text=True)
    assert "Vous ne pouvez pas désactiver votre propre compte." in page
    assert admin.get("/admin/").status_code == 200  # still logged in, still admin
    second = user(app, "second@example.org", "admin")
    with app.app_context():
        root = db.session.get(User, world.admin.id)
        other = db.session.get(User, second.id)
        services.disable(root, other)  # two admins: one may go
        with pytest.raises(services.AdminError) as refused:
            services.disable(other, root)  # the only one who can still log in
        assert refused.value.code == "last_admin"
        assert db.session.get(User, world.admin.id).is_active


@pytest.mark.parametrize("action", ["desactiver", "reactiver", "lien"])
@pytest.mark.parametrize("who", ["nobody", "participant", "x" * 5000])
def test_an_unknown_account_gives_a_message(app: Flask, world: SimpleNamespace, action: str,
                                            who: str) -> None:
    if who == "participant":
        with app.app_context():
            who = User.query.filter_by(email="participant@example.org").one().public_id
    admin = world.browsers["admin"]
    response = post(admin, f"/admin/comptes/{who}/{action}")
    assert response.status_code == 302
    assert "Ce compte n&#39;existe pas" in admin.get("/admin/").get_data(as_text=True)
    assert admin.get(f"/admin/comptes/{who}/groupes").status_code == 404
    with app.app_context():
        assert User.query.filter_by(email="participant@example.org").one().is_active


def test_cohorts_are_handed_to_another_trainer_all_or_some(
        app: Flask, world: SimpleNamespace) -> None:
    admin = world.browsers["admin"]
    url = f"/admin/comptes/{world.trainer.public_id}/groupes"
    page = admin.get(url).get_data(as_text=True)
    assert page.count('type="checkbox" name="cohorts"') == 2 and page.count("checked") == 2
    assert "paul@example.org" in page and 'value="' + world.trainer.public_id not in page
    first, second = world.cohorts
    diagnostic(app, "Les Amis du Quartier", first)
    asked = post(admin, url, {"target": world.other.public_id, "cohorts": first})
    assert asked.status_code == 200  # a confirmation first: nothing has moved yet
    assert "Oui, confier ces groupes" in asked.get_data(as_text=True)
    with app.app_context():
        assert Cohort.query.filter_by(trainer_id=world.trainer.id).count() == 2
    response = post(admin, url, {"target": world.other.public_id, "cohorts": first,
                                 "confirm": "1"})
    assert response.status_code == 302
    assert "Un groupe confié à paul@example.org." in admin.get("/admin/").get_data(as_text=True)
    paul = app.test_client()
    login(paul, "paul@example.org")
    assert "Les Amis du Quartier" in paul.get(f"/formateur/groupes/{first}").get_data(
        as_text=True)
    assert paul.get(f"/formateur/groupes/{second}").status_code == 404
    assert world.browsers["trainer"].get(f"/formateur/groupes/{first}").status_code == 404
    post(admin, url, {"target": world.other.public_id, "cohorts": [second], "confirm": "1"})
    with app.app_context():
        assert Cohort.query.filter_by(trainer_id=world.other.id).count() == 2


@pytest.mark.parametrize(("data", "message"), [
    ({"target": "{other}"}, "Cochez au moins un groupe."),
    ({"cohorts": "{cohort}"}, "Choisissez à qui confier les groupes."),
    ({"target": "nobody", "cohorts": "{cohort}"}, "Choisissez un formateur de la liste."),
    ({"target": "{trainer}", "cohorts": "{cohort}"}, "Choisissez un formateur de la liste."),
    ({"target": "{participant}", "cohorts": "{cohort}"}, "Choisissez un formateur de la liste."),
    ({"target": "{disabled}", "cohorts": "{cohort}"}, "Choisissez un formateur de la liste."),
])
def test_a_bad_handover_is_refused_with_a_message(app: Flask, world: SimpleNamespace,
                                                  data: dict, message: str) -> None:
    gone = user(app, "parti@example.org")
    with app.app_context():
        from parcours.auth.services import disable_user
        disable_user(db.session.get(User, gone.id))
        participant = User.query.filter_by(email="participant@example.org").one().public_id
    filled = {k: v.format(other=world.other.public_id, trainer=world.trainer.public_id,
                          cohort=world.cohorts[0], participant=participant,
                          disabled=gone.public_id) for k, v in data.items()}
    response = post(world.browsers["admin"], f"/admin/comptes/{world.trainer.public_id}/groupes",
                    filled)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert Cohort.query.filter_by(trainer_id=world.trainer.id).count() == 2


def test_a_cohort_of_someone_else_is_not_moved(app: Flask, world: SimpleNamespace) -> None:
    theirs = cohort(app, "paul@example.org", "Le groupe de Paul")
    response = post(world.browsers["admin"], f"/admin/comptes/{world.trainer.public_id}/groupes",
                    {"target": world.admin.public_id, "cohorts": theirs, "confirm": "1"})
    assert response.status_code == 302
    with app.app_context():
        assert Cohort.query.filter_by(public_id=theirs).one().trainer_id == world.other.id


def test_the_journal_lists_filters_and_pages_the_whole_log(
        app: Flask, world: SimpleNamespace) -> None:
    first, second = world.cohorts
    one = diagnostic(app, "Les Amis du Quartier", first)
    two = diagnostic(app, "Propreté Services", second)
    trainer = world.browsers["trainer"]
    trainer.get(f"/formateur/groupes/{first}/participants/{one}")
    trainer.get(f"/formateur/groupes/{second}/participants/{two}")
    world.browsers["admin"].get(f"/formateur/groupes/{second}/participants/{two}")
    admin = world.browsers["admin"]
    page = admin.get("/admin/journal").get_data(as_text=True)
    assert "3 consultations." in page
    assert page.index("root@example.org <") < page.index("Les Amis du Quartier")  # newest first
    by_trainer = admin.get(f"/admin/journal?formateur={world.trainer.public_id}")
    assert "2 consultations." in by_trainer.get_data(as_text=True)
    by_cohort = admin.get(f"/admin/journal?groupe={first}").get_data(as_text=True)
    assert "Une consultation." in by_cohort and "Propreté Services" not in by_cohort
    unknown = admin.get("/admin/journal?groupe=nope").get_data(as_text=True).replace("&#39;", "'")
    assert "n'existe pas" in unknown and "Aucune consultation." in unknown
    assert admin.get("/admin/journal?page=²").status_code == 400
    with app.app_context():
        from parcours.models import Diagnostic
        from parcours.services import access_log
        d = Diagnostic.query.filter_by(public_id=one).one()
        for _ in range(56):
            access_log.record(db.session.get(User, world.trainer.id),
                              access_log.PDF_DOWNLOADED, [d.id])
    paged = admin.get("/admin/journal").get_data(as_text=True)
    assert "Page 1 sur 2" in paged and "59 consultations." in paged
    assert "Page 2 sur 2" in admin.get("/admin/journal?page=2").get_data(as_text=True)
