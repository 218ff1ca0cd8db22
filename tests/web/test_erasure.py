"""A participant deletes a diagnostic or its account (issue 16, item 1): nothing of it is left
behind, no row, no byte of the database file, no file in the store, no prepared export; and only
its participant may do it."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from parcours.infra.extensions import db
from parcours.journey import services as journey
from parcours.journey.navigation import pages
from parcours.journey.services import current_secrets
from parcours.models import Cohort, Diagnostic, Job, RenderedPdf, Snapshot, User
from parcours.services import cohorts as membership
from parcours.services.erasure import delete_diagnostic
from parcours.services.questionnaires import questionnaire_of
from parcours.trainer import services as trainer_services

from ..conftest import csrf_token
from .participant import Participant, example
from .people import PASSWORD, cohort, diagnostic, login, user

NAME = "Zébulon Coopérative 4417"  # a name found nowhere else, to look for in the files
COMMENT = "Remarque-sentinelle-9931 sur la gouvernance"


def references(app: Flask, diagnostic_id: int, organisation_id: int,
               snapshot_ids: list[int]) -> dict[str, int]:
    """Rows of any table that are, or refer to, the diagnostic, its organisation or its
    snapshots, found by their columns: a table added later is looked at too."""
    refers = {"diagnostic_id": [diagnostic_id], "organisation_id": [organisation_id],
              "snapshot_id": snapshot_ids, "latest_snapshot_id": snapshot_ids}
    itself = {"diagnostic": [diagnostic_id], "organisation": [organisation_id],
              "snapshot": snapshot_ids}
    found = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            wanted = [(table.c[c], v) for c, v in refers.items() if c in table.c]
            wanted += [(table.c.id, itself[table.name])] if table.name in itself else []
            count = sum(db.session.scalar(select(func.count()).select_from(table)
                                          .where(column.in_(values))) or 0
                        for column, values in wanted if values)
            if count:
                found[table.name] = count
    return found


def ids_of(app: Flask, public_id: str) -> tuple[int, int, list[int]]:
    with app.app_context():
        d = Diagnostic.query.filter_by(public_id=public_id).one()
        snapshots = list(db.session.scalars(select(Snapshot.id)
                                            .where(Snapshot.diagnostic_id == d.id)))
        return d.id, d.organisation_id, snapshots


def files_holding(folder: Path, *needles: str) -> list[str]:
    """Files under `folder` whose bytes contain one of `needles` (UTF-8)."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.name}: {n}" for n in needles if n.encode("utf-8") in data]
    return found


def export_files(store: Path) -> list[str]:
    return [p.as_posix() for p in store.rglob("*.zip")]


def _completed_participant(app: Flask, client: FlaskClient, group: str | None) -> Participant:
    """A participant of `client` who answered and completed, in the cohort `group`."""
    participant = Participant(client)
    participant.start(name=NAME, kind="entreprise")
    data = example("entreprise_moyenne.json")
    with app.app_context():
        from parcours.services.questionnaires import questionnaire
        q = questionnaire()
        kinds = {qid: question.type for qid, question in q.questions.items()}
    participant.answer_all(data["answers"], kinds)
    participant.complete()
    if group:
        with app.app_context():
            d = Diagnostic.query.filter_by(public_id=participant.public_id).one()
            membership.join(d, Cohort.query.filter_by(public_id=group).one())
    return participant


def _trainer(app: Flask, email: str = "formatrice@example.org") -> tuple[FlaskClient, str]:
    user(app, email)
    group = cohort(app, email)
    trainer = app.test_client()
    login(trainer, email)
    return trainer, group


def _comment(app: Flask, public_id: str, email: str, text: str) -> None:
    with app.app_context():
        d = Diagnostic.query.filter_by(public_id=public_id).one()
        author = User.query.filter_by(email=email).one()
        trainer_services.add_comment(d, author, None, text)


def _export(app: Flask, trainer: FlaskClient, group: str) -> str:
    page = trainer.get(f"/formateur/groupes/{group}").get_data(as_text=True)
    url = trainer.post(f"/formateur/groupes/{group}/export",
                       data={"csrf_token": csrf_token(page)}).headers["Location"]
    app.extensions["parcours_jobs"].wait()
    return url


def test_deleting_a_diagnostic_leaves_nothing_behind(app: Flask, client: FlaskClient,
                                                     database_url: str, tmp_path: Path) -> None:
    trainer, group = _trainer(app)
    participant = _completed_participant(app, client, group)
    staying = diagnostic(app, "Reste Là", group, "association_jeune.json")
    _comment(app, participant.public_id, "formatrice@example.org", COMMENT)
    pdf = f"/d/{participant.public_id}/feuille-de-route.pdf"
    assert client.get(pdf).status_code == 200  # rendered and stored
    assert client.get(pdf).status_code == 200  # read back from the store
    export = _export(app, trainer, group)
    assert trainer.get(export + "/telecharger").status_code == 200
    diagnostic_id, organisation_id, snapshots = ids_of(app, participant.public_id)
    store = tmp_path / "files"  # the `app` fixture's store: both PDFs, the ZIP that holds them
    assert sorted(p.parts[len(store.parts)] for p in store.rglob("*") if p.is_file()) == [
        "exports", "pdf", "pdf"]
    assert references(app, diagnostic_id, organisation_id, snapshots)  # the check sees rows

    sentinels = (NAME, "zebulon cooperative 4417", COMMENT)
    folder = Path(database_url.removeprefix("sqlite:///")).parent
    if database_url.startswith("sqlite"):  # write the WAL back: the database file holds them
        with app.app_context():
            raw = db.engine.raw_connection()
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.close()
        holding = files_holding(folder, *sentinels)  # the store's folder is in there too
        assert [h for h in holding if h.startswith("test.db:")] == [
            f"test.db: {s}" for s in sentinels]
        assert [h for h in holding if not h.startswith("test.db:")] == [
            f"{Path(k).name}: {NAME}" for k in export_files(store)]  # its scores.csv
    page = client.get(f"/d/{participant.public_id}/supprimer")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    shown = html.unescape(page.get_data(as_text=True))
    answers = len(example("entreprise_moyenne.json")["answers"])
    for expected in (f"{answers} réponses", "un résultat enregistré", "un PDF prêt à télécharger",
                     "un commentaire de votre formateur", "votre place dans le groupe",
                     "un export de ce groupe"):
        assert expected in shown, expected
    # no token, no deletion
    assert client.post(f"/d/{participant.public_id}/supprimer").status_code == 400
    done = client.post(f"/d/{participant.public_id}/supprimer",
                       data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert done.status_code == 302 and done.headers["Location"] == "/"
    home = html.unescape(client.get("/").get_data(as_text=True))
    assert f"Le diagnostic de «\u00a0{NAME}\u00a0» a été supprimé" in home

    assert references(app, diagnostic_id, organisation_id, snapshots) == {}
    with app.app_context():  # what is left in the store is the staying diagnostic's PDF
        left = [(k, d) for k, d in db.session.execute(
            select(RenderedPdf.object_key, Diagnostic.public_id).join(Diagnostic))]
    assert [d for _, d in left] == [staying]  # tests/storage: no byte of it left, on S3 too
    assert [p.relative_to(store).as_posix() for p in store.rglob("*") if p.is_file()] == [
        k for k, _ in left]
    with app.app_context():
        job = Job.query.one()
        assert job.status == membership.WITHDRAWN and job.result_key is None
        assert Diagnostic.query.filter_by(public_id=staying).one().cohort_id is not None
    assert trainer.get(export + "/telecharger").status_code == 404
    # the browser's grant is gone, and so is every way in
    for url in (f"/d/{participant.public_id}/resultats", pdf,
                f"/d/{participant.public_id}/mes-donnees.zip", participant.resume_url):
        assert client.get(url).status_code == 404, url
    assert client.post("/reprendre", data={
        "csrf_token": csrf_token(client.get("/reprendre").get_data(as_text=True)),
        "code": participant.code}).status_code == 422
    if database_url.startswith("sqlite"):  # PostgreSQL's files are its own (VACUUM)
        assert files_holding(folder, *sentinels) == []


def test_an_in_progress_diagnostic_is_deleted_from_its_link_page(app: Flask,
                                                                 client: FlaskClient) -> None:
    participant = Participant(client)
    participant.start(name=NAME)
    link = client.get(f"/d/{participant.public_id}/lien").get_data(as_text=True)
    assert f"/d/{participant.public_id}/supprimer" in link
    assert f"/d/{participant.public_id}/mes-donnees.zip" in link
    diagnostic_id, organisation_id, snapshots = ids_of(app, participant.public_id)
    page = client.get(f"/d/{participant.public_id}/supprimer").get_data(as_text=True)
    assert "aucun résultat" in html.unescape(page)
    client.post(f"/d/{participant.public_id}/supprimer", data={"csrf_token": csrf_token(page)})
    assert references(app, diagnostic_id, organisation_id, snapshots) == {}


def test_an_organisation_another_diagnostic_uses_is_kept(app: Flask, client: FlaskClient) -> None:
    flash_run = Participant(client)
    flash_run.start(name=NAME)
    with app.app_context():  # the full parcours after the flash one shares its organisation
        from parcours.journey import services as journey
        from parcours.services.questionnaires import questionnaire
        source = Diagnostic.query.filter_by(public_id=flash_run.public_id).one()
        journey.carry_over(source, questionnaire(), "fr")
        organisation_id = source.organisation_id
    page = client.get(f"/d/{flash_run.public_id}/supprimer").get_data(as_text=True)
    client.post(f"/d/{flash_run.public_id}/supprimer", data={"csrf_token": csrf_token(page)})
    with app.app_context():
        assert Diagnostic.query.one().organisation_id == organisation_id
        assert Diagnostic.query.one().organisation.name == NAME


def test_only_the_participant_may_delete_or_download(app: Flask, client: FlaskClient) -> None:
    trainer, group = _trainer(app)
    participant = Participant(client)
    participant.start(name=NAME)
    with app.app_context():
        d = Diagnostic.query.filter_by(public_id=participant.public_id).one()
        membership.join(d, Cohort.query.filter_by(public_id=group).one())
    stranger = app.test_client()
    token = csrf_token(stranger.get("/reprendre").get_data(as_text=True))
    trainer_token = csrf_token(trainer.get("/formateur/").get_data(as_text=True))
    for someone, csrf in ((stranger, token), (trainer, trainer_token)):
        assert someone.get(f"/d/{participant.public_id}/supprimer").status_code == 404
        assert someone.post(f"/d/{participant.public_id}/supprimer",
                            data={"csrf_token": csrf}).status_code == 404
        assert someone.get(f"/d/{participant.public_id}/mes-donnees.zip").status_code == 404
    with app.app_context():
        assert Diagnostic.query.filter_by(public_id=participant.public_id).count() == 1


def _account_with_diagnostics(app: Flask, client: FlaskClient) -> tuple[Any, list[str]]:
    someone = user(app, "p@example.org", "participant")
    owned = [diagnostic(app, NAME), diagnostic(app, "Deuxième", complete=False)]
    with app.app_context():
        for public_id in owned:
            Diagnostic.query.filter_by(public_id=public_id).one().user_id = someone.id
        db.session.commit()
    login(client, "p@example.org")
    return someone, owned


def _delete_account(client: FlaskClient, **fields: str) -> Any:
    page = client.get("/mon-compte/supprimer").get_data(as_text=True)
    return client.post("/mon-compte/supprimer", data={"csrf_token": csrf_token(page), **fields})


def test_deleting_an_account_asks_the_password_and_a_choice(app: Flask,
                                                            client: FlaskClient) -> None:
    _account_with_diagnostics(app, client)
    page = html.unescape(client.get("/mon-compte/supprimer").get_data(as_text=True))
    assert NAME in page and "Deuxième" in page
    wrong = _delete_account(client, diagnostics="supprimer", password="pas le bon mot de passe")
    assert wrong.status_code == 422 and "Mot de passe incorrect." in wrong.get_data(as_text=True)
    no_choice = _delete_account(client, password=PASSWORD)
    assert no_choice.status_code == 422
    assert "Choisissez ce que deviennent vos diagnostics." in \
        html.unescape(no_choice.get_data(as_text=True))
    assert 'aria-invalid="true"' in wrong.get_data(as_text=True)
    with app.app_context():
        assert User.query.count() == 1 and Diagnostic.query.count() == 2


@pytest.mark.parametrize("choice", ["supprimer", "detacher"])
def test_deleting_an_account_deletes_or_detaches_its_diagnostics(app: Flask, client: FlaskClient,
                                                                 choice: str) -> None:
    someone, owned = _account_with_diagnostics(app, client)
    before = [ids_of(app, public_id) for public_id in owned]
    with app.app_context():
        tokens = [current_secrets(Diagnostic.query.filter_by(public_id=p).one())[0]
                  for p in owned]
    done = _delete_account(client, diagnostics=choice, password=PASSWORD)
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert "Votre compte a été supprimé" in html.unescape(client.get("/").get_data(as_text=True))
    with app.app_context():
        assert db.session.get(User, someone.id) is None
    assert client.get("/mon-compte").status_code == 302  # logged out
    for public_id in owned:  # this browser no longer opens them
        assert client.get(f"/d/{public_id}/").status_code == 404
    if choice == "supprimer":
        for ids in before:
            assert references(app, *ids) == {}
    else:
        with app.app_context():
            assert [d.user_id for d in Diagnostic.query.all()] == [None, None]
        stranger = app.test_client()
        for token in tokens:  # only the resume link opens them now
            assert stranger.get(f"/reprendre/{token}").status_code == 302


def test_trainers_do_not_delete_their_account_on_the_site(app: Flask) -> None:
    trainer, _ = _trainer(app)
    assert trainer.get("/mon-compte/supprimer").status_code == 404
    account = html.unescape(trainer.get("/mon-compte").get_data(as_text=True))
    assert "adressez-vous à un administrateur" in account
    assert re.search(r'href="/mon-compte/supprimer"', account) is None


def test_a_page_saved_while_its_diagnostic_is_deleted_elsewhere_is_a_404(
        app: Flask, client: FlaskClient) -> None:
    person = Participant(client)
    person.start()
    with app.test_request_context():
        found = db.session.scalar(select(Diagnostic).where(
            Diagnostic.public_id == person.public_id))
        q = questionnaire_of(found)
        page = pages(q)[0]
        found.answer_rows()  # the page was read, then the diagnostic goes (another tab)
        with app.app_context():
            delete_diagnostic(db.session.get(Diagnostic, found.id))
        with pytest.raises(NotFound):
            journey.save_page(found, q, page, MultiDict({"profil_taille": "micro"}), "fr")


def test_a_diagnostic_started_while_logged_in_is_the_accounts_and_goes_with_it(
        app: Flask, client: FlaskClient) -> None:
    """Issue 30, M4: started while logged in, a diagnostic belongs to the account from the
    start: listed on the account's deletion page, deleted with the account."""
    someone = user(app, "p@example.org", "participant")
    login(client, "p@example.org")
    person = Participant(client)
    public_id = person.start("Started While Logged In")
    ids = ids_of(app, public_id)
    with app.app_context():
        assert Diagnostic.query.filter_by(public_id=public_id).one().user_id == someone.id
    page = html.unescape(client.get("/mon-compte/supprimer").get_data(as_text=True))
    assert "Started While Logged In" in page and "Il contient un diagnostic" in page
    done = _delete_account(client, diagnostics="supprimer", password=PASSWORD)
    assert done.status_code == 302
    assert references(app, *ids) == {}
    with app.app_context():
        assert Diagnostic.query.filter_by(public_id=public_id).first() is None
