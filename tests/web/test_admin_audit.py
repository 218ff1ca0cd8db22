"""Issue 30, M5: every admin action goes to an audit log that no admin can edit, shown in
« Journal des consultations »; a one-time link an admin issues for someone else's account is
recorded with both names and survives its use. Issue 31, item 5: a hand-over asks first, is
logged, and is told to the new trainer and to the participants; comments keep their author."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from parcours.infra.extensions import db

from ..conftest import csrf_token
from .people import cohort, login, user
from .test_clean_cohort import _join


@pytest.fixture
def world(app: Flask) -> SimpleNamespace:
    """An admin « Root », a trainer « Claire » with a cohort, a trainer « Paul »."""
    admin = user(app, "root@example.org", "admin")
    claire = user(app, "claire@example.org")
    paul = user(app, "paul@example.org")
    with app.app_context():
        from parcours.models import User
        from parcours.trainer.services import set_display_name
        set_display_name(db.session.get(User, claire.id), "Claire Dupont")
        set_display_name(db.session.get(User, paul.id), "Paul Martin")
    group = cohort(app, "claire@example.org", "Promotion automne")
    browsers = {}
    for name, email in (("admin", "root@example.org"), ("claire", "claire@example.org")):
        browsers[name] = app.test_client()
        login(browsers[name], email)
    return SimpleNamespace(admin=admin, claire=claire, paul=paul, cohort=group,
                           browsers=browsers)


def post(client: FlaskClient, url: str, data: dict | None = None):
    token = csrf_token(client.get("/connexion").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **(data or {})})


def journal(client: FlaskClient, query: str = "") -> str:
    page = client.get(f"/admin/journal{query}")
    assert page.status_code == 200
    return page.get_data(as_text=True).replace("&#39;", "'")


def test_a_link_an_admin_issues_for_a_trainer_stays_in_the_journal_after_its_use(
        app: Flask, world: SimpleNamespace) -> None:
    """M5: before, the link's row (the only record of who issued it) was deleted on use, and
    the journal showed nothing: an admin could act as the trainer without trace."""
    admin = world.browsers["admin"]
    shown = post(admin, f"/admin/comptes/{world.claire.public_id}/lien").get_data(as_text=True)
    url = re.search(r'id="reset-url" value="([^"]+)"', shown).group(1)
    path = url.split("localhost", 1)[1]
    taker = app.test_client()  # the admin, in another browser, uses the link itself
    form = taker.get(path).get_data(as_text=True)
    chosen = "une phrase que seul root connait"
    done = taker.post(path, data={"csrf_token": csrf_token(form), "password": chosen,
                                  "confirm": chosen})
    assert done.status_code == 302
    assert login(taker, "claire@example.org", chosen).status_code == 302
    page = journal(admin)
    assert "root@example.org a créé un lien de mot de passe pour le compte de " \
           "Claire Dupont (claire@example.org)." in page
    assert "Le mot de passe de Claire Dupont (claire@example.org) a été choisi avec le lien " \
           "créé par root@example.org." in page
    # by trainer: the rows that name Claire, as actor or as the account acted upon
    assert "choisi avec le lien" in journal(admin, f"?formateur={world.claire.public_id}")


def test_every_admin_action_is_in_the_audit_log_with_its_names(
        app: Flask, world: SimpleNamespace) -> None:
    admin = world.browsers["admin"]
    post(admin, "/admin/comptes/nouveau", {"email": "anne@example.org", "role": "trainer",
                                           "display_name": "Anne"})
    post(admin, f"/admin/comptes/{world.paul.public_id}/desactiver")
    post(admin, f"/admin/comptes/{world.paul.public_id}/reactiver")
    post(admin, f"/admin/comptes/{world.claire.public_id}/groupes",
         {"target": world.paul.public_id, "cohorts": world.cohort, "confirm": "1"})
    page = journal(admin)
    for sentence in (
            "root@example.org a créé le compte de Anne (anne@example.org) (formateur).",
            "root@example.org a créé un lien de mot de passe pour le compte de Anne",
            "root@example.org a désactivé le compte de Paul Martin (paul@example.org).",
            "root@example.org a réactivé le compte de Paul Martin (paul@example.org).",
            "root@example.org a confié des groupes de Claire Dupont (claire@example.org) à "
            "Paul Martin (paul@example.org) : Promotion automne."):
        assert sentence in page, sentence
    # newest first
    assert page.index("a confié des groupes") < page.index("a créé le compte de Anne")


def test_the_command_line_is_in_the_audit_log_too(app: Flask, world: SimpleNamespace) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["parcours", "disable-user", "paul@example.org"])
    assert result.exit_code == 0, result.output
    assert "La ligne de commande (sur le serveur) a désactivé le compte de Paul Martin" in \
        journal(world.browsers["admin"])


@pytest.mark.parametrize("statement", [
    "UPDATE admin_audit SET actor_email = 'someone@example.org'",
    "DELETE FROM admin_audit",
])
def test_the_audit_log_cannot_be_edited_nor_deleted(app: Flask, world: SimpleNamespace,
                                                   statement: str) -> None:
    post(world.browsers["admin"], f"/admin/comptes/{world.paul.public_id}/desactiver")
    with app.app_context():
        count = db.session.scalar(text("SELECT count(*) FROM admin_audit"))
        assert count >= 1
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
        assert db.session.scalar(text("SELECT count(*) FROM admin_audit")) == count
        assert db.session.scalar(text(
            "SELECT actor_email FROM admin_audit WHERE action = 'disabled'")) == \
            "root@example.org"


def test_no_admin_route_edits_or_deletes_the_audit_log() -> None:
    """Only services/audit.py writes the table, and only by adding rows."""
    from pathlib import Path
    root = Path(__file__).resolve().parents[2] / "parcours"
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "AdminAudit" in source and path.name not in ("audit.py", "operations.py",
                                                          "__init__.py"):
            pytest.fail(f"{path} touches AdminAudit: only services/audit.py may")
    audit = (root / "services" / "audit.py").read_text(encoding="utf-8")
    assert "update(" not in audit and "delete(" not in audit


def test_a_handover_asks_is_logged_and_is_told_to_the_new_trainer_and_participants(
        app: Flask, world: SimpleNamespace) -> None:
    # a participant joined Claire's cohort (from its browser), and Claire commented on it
    participant = app.test_client()
    public_id = _join(app, participant, world.cohort).public_id
    claire = world.browsers["claire"]
    review = f"/formateur/groupes/{world.cohort}/participants/{public_id}"
    form = claire.get(review).get_data(as_text=True)
    claire.post(review, data={"csrf_token": csrf_token(form), "stage": "",
                              "text": "Un beau travail sur la vision."})
    before = participant.get(f"/d/{public_id}/lien").get_data(as_text=True)
    assert "ce groupe est suivi par" not in before
    admin = world.browsers["admin"]
    url = f"/admin/comptes/{world.claire.public_id}/groupes"
    asked = post(admin, url, {"target": world.paul.public_id, "cohorts": world.cohort})
    text_asked = asked.get_data(as_text=True).replace("&#39;", "'")
    assert asked.status_code == 200 and "Confier ces groupes à paul@example.org ?" in text_asked
    assert "Promotion automne" in text_asked and "Claire Dupont ne les verra plus" in text_asked
    done = post(admin, url, {"target": world.paul.public_id, "cohorts": world.cohort,
                             "confirm": "1"})
    assert done.status_code == 302
    paul = app.test_client()
    login(paul, "paul@example.org")
    dashboard = paul.get(f"/formateur/groupes/{world.cohort}").get_data(as_text=True)
    assert "Ses participants avaient donné leur accord à Claire Dupont" in dashboard
    # the previous trainer's comment keeps its author on the new trainer's review page
    page = paul.get(review).get_data(as_text=True)
    assert "Un beau travail sur la vision." in page and "— Claire Dupont" in page
    # the participant's pages say it
    told = participant.get(f"/d/{public_id}/lien").get_data(as_text=True).replace("&#39;", "'")
    assert "ce groupe est suivi par Paul Martin\u00a0: vous aviez donné votre accord à " \
           "Claire Dupont" in told
    with app.app_context():
        from parcours.models import Diagnostic
        from parcours.services.cohorts import news
        d = Diagnostic.query.filter_by(public_id=public_id).one()
        handover = news(d).handover
        assert handover is not None and handover.from_name == "Claire Dupont"
        assert handover.to_name == "Paul Martin"
