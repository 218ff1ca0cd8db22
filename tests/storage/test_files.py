"""PDFs and export ZIPs live in the file store, on a folder and on a real S3 server, on SQLite and
PostgreSQL: the database keeps their key, size and hash and not a byte of them; downloads keep
their ETag, 304, access checks and access log; deleting, withdrawing and purging delete the
files too, until every byte left in the store belongs to a diagnostic that is still there."""

from __future__ import annotations

import hashlib
import io
import os
import time
import urllib.request
import zipfile
from datetime import timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import LargeBinary, inspect, select, text

from parcours.infra.extensions import db
from parcours.infra.storage import store as file_store
from parcours.infra.unit_of_work import transaction
from parcours.models import AccessLog, Cohort, Diagnostic, Job, RenderedPdf, utcnow
from parcours.services import cohorts as membership
from parcours.services import pdfstore
from parcours.services.erasure import erase
from parcours.services.retention import Policy, purge, sweep

from ..conftest import csrf_token, made_app
from ..web.participant import Participant
from ..web.people import cohort, diagnostic, login, user


def objects(app: Flask) -> dict[str, bytes]:
    """Every object of the app's store, read back."""
    with app.app_context():
        store = file_store()
        return {found.key: store.read(found.key) for found in store.listing()}


def rows(app: Flask) -> list[tuple[str | None, int, str | None]]:
    with app.app_context():
        return [tuple(r) for r in db.session.execute(  # type: ignore[misc]
            select(RenderedPdf.object_key, RenderedPdf.size, RenderedPdf.sha256))]


def completed(client: FlaskClient, name: str) -> Participant:
    participant = Participant(client)
    participant.start(name=name)
    participant.complete()
    return participant


def trainer_of(app: Flask) -> tuple[FlaskClient, str]:
    user(app, "formatrice@example.org")
    group = cohort(app, "formatrice@example.org")
    trainer = app.test_client()
    login(trainer, "formatrice@example.org")
    return trainer, group


def join(app: Flask, public_id: str, group: str) -> None:
    with app.app_context():
        membership.join(Diagnostic.query.filter_by(public_id=public_id).one(),
                        Cohort.query.filter_by(public_id=group).one())


def export(app: Flask, trainer: FlaskClient, group: str) -> str:
    page = trainer.get(f"/formateur/groupes/{group}").get_data(as_text=True)
    url = trainer.post(f"/formateur/groupes/{group}/export",
                       data={"csrf_token": csrf_token(page)}).headers["Location"]
    app.extensions["parcours_jobs"].wait()
    return url + "/telecharger"


def test_a_completion_keeps_its_pdf_in_the_store_and_not_a_byte_in_the_database(
        app: Flask, client: FlaskClient, database_url: str) -> None:
    participant = completed(client, "Les Amis du Quartier")
    url = f"/d/{participant.public_id}/feuille-de-route.pdf"
    first = client.get(url)
    assert first.status_code == 200 and first.data.startswith(b"%PDF")
    pdf = first.data
    [(key, size, sha256)] = rows(app)
    assert key and size == len(pdf) and sha256 == hashlib.sha256(pdf).hexdigest()
    assert objects(app) == {key: pdf}
    with app.app_context():  # no column of any table can hold bytes any more
        found = inspect(db.engine)
        # (SQLite's full-text index of organisation names keeps blocks of its own)
        binary = [(table, column["name"]) for table in found.get_table_names()
                  if not table.startswith("organisation_search")
                  for column in found.get_columns(table)
                  if isinstance(column["type"], LargeBinary)]
        if database_url.startswith("sqlite"):
            raw = db.engine.raw_connection()
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.close()
        else:
            binary += db.session.execute(text(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND data_type = 'bytea'")).all()
    assert binary == []
    if database_url.startswith("sqlite"):
        database = Path(database_url.removeprefix("sqlite:///")).read_bytes()
        middle = len(pdf) // 2
        assert pdf[middle:middle + 512] not in database
    # streamed from the store, with its length, its ETag and the 304
    again = client.get(url)
    assert again.status_code == 200 and again.data == pdf
    assert again.headers["Content-Length"] == str(len(pdf))
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == "no-store"
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert app.test_client().get(url).status_code == 404  # another browser: nothing
    assert len(rows(app)) == 1


def test_a_trainer_download_is_logged_and_may_be_a_signed_url(
        app: Flask, storage_url: str) -> None:
    trainer, group = trainer_of(app)
    public_id = diagnostic(app, "Propreté Services", group)
    app.config["STORAGE_REDIRECT_SECONDS"] = 60
    url = f"/formateur/groupes/{group}/participants/{public_id}/feuille-de-route.pdf"
    first = trainer.get(url)  # rendered now: sent at once
    assert first.status_code == 200 and first.data.startswith(b"%PDF")
    second = trainer.get(url)
    if storage_url.startswith("s3://"):
        assert second.status_code == 302 and second.headers["Cache-Control"] == "no-store"
        signed = second.headers["Location"]
        assert "Signature" in signed and "Expires=" in signed
        with urllib.request.urlopen(signed) as answer:  # noqa: S310 - the test's S3 server
            assert answer.read() == first.data
    else:  # a folder has no URL of its own: streamed
        assert second.status_code == 200 and second.data == first.data
    assert second.headers["ETag"] == first.headers["ETag"]
    assert trainer.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    with app.app_context():
        assert [r.action for r in AccessLog.query.order_by(AccessLog.id)] == [
            "pdf_downloaded"] * 3
    assert app.test_client().get(url).status_code == 302  # to the login page, no PDF


def test_an_export_zip_is_stored_streamed_logged_and_purged(app: Flask) -> None:
    trainer, group = trainer_of(app)
    diagnostic(app, "Propreté Services", group)
    download = export(app, trainer, group)
    with app.app_context():
        job = Job.query.one()
        key, size = job.result_key, job.result_size
    assert key is not None and key.startswith("exports/")
    got = trainer.get(download)
    assert got.status_code == 200 and got.headers["Content-Length"] == str(size)
    assert objects(app)[key] == got.data
    names = zipfile.ZipFile(io.BytesIO(got.data)).namelist()
    assert names == ["001-proprete-services.pdf", "scores.csv", "codebook.csv"]
    with app.app_context():
        assert [r.action for r in AccessLog.query] == ["export_downloaded"]
        outcomes = purge(Policy.from_config(app.config, now=utcnow() + timedelta(days=8)))
        assert any(o.label.startswith("cohort exports") and o.count == 1 for o in outcomes)
    assert key not in objects(app)
    assert trainer.get(download).status_code == 404


def test_deleting_a_diagnostic_leaves_no_byte_of_its_pdfs_in_the_store(
        app: Flask, client: FlaskClient, storage_url: str) -> None:
    trainer, group = trainer_of(app)
    leaving = completed(client, "Zébulon Coopérative 4417")
    join(app, leaving.public_id, group)
    staying = diagnostic(app, "Reste Là", group)
    pdfs = {}
    for public_id, lang in ((leaving.public_id, "fr"), (leaving.public_id, "en"),
                            (staying, "fr")):
        got = client.get(f"/d/{public_id}/feuille-de-route.pdf?lang={lang}") \
            if public_id == leaving.public_id else \
            trainer.get(f"/formateur/groupes/{group}/participants/{public_id}/feuille-de-route.pdf")
        assert got.status_code == 200
        pdfs[public_id, lang] = got.data
    download = export(app, trainer, group)
    assert trainer.get(download).status_code == 200
    before = objects(app)
    assert len(before) == 4  # three PDFs and the ZIP, which holds the leaving one's too
    assert pdfs[leaving.public_id, "fr"] in before.values()

    page = client.get(f"/d/{leaving.public_id}/supprimer").get_data(as_text=True)
    client.post(f"/d/{leaving.public_id}/supprimer", data={"csrf_token": csrf_token(page)})

    # every byte left in the store is the staying diagnostic's PDF, and nothing else
    assert list(objects(app).values()) == [pdfs[staying, "fr"]]
    assert [size for _, size, _ in rows(app)] == [len(pdfs[staying, "fr"])]
    if not storage_url.startswith("s3://"):  # no half-written or renamed file either
        files = [p for p in Path(storage_url).rglob("*") if p.is_file()]
        assert [p.read_bytes() for p in files] == [pdfs[staying, "fr"]]
    assert trainer.get(download).status_code == 404
    # and the purge, years later, leaves an empty store
    with app.app_context():
        purge(Policy.from_config(app.config, now=utcnow() + timedelta(days=40 * 31)))
    assert objects(app) == {}


def test_a_pdf_rendered_for_a_diagnostic_deleted_meanwhile_leaves_no_file(app: Flask) -> None:
    public_id = diagnostic(app, "Parti Entre-Temps")
    with app.app_context():
        gone = Diagnostic.query.filter_by(public_id=public_id).one().id
        with transaction():
            erase([gone])
        pdfstore.store(gone, "a" * 64, "fr", b"%PDF-1.7 rendered too late")
    assert objects(app) == {} and rows(app) == []


def test_the_purge_sweeps_files_no_row_points_to(app: Flask) -> None:
    public_id = diagnostic(app, "Les Amis du Quartier")
    with app.app_context():
        file_store().put("pdf/zz/stray.pdf", b"%PDF-1.7 left by a failed deletion",
                         "application/pdf")
        kept = Diagnostic.query.filter_by(public_id=public_id).one().id
        pdfstore.store(kept, "b" * 64, "fr", b"%PDF-1.7 a real one")
        later = utcnow() + timedelta(hours=2)
        now = Policy.from_config(app.config)
        assert purge(now)[-1].count == 0  # a file younger than an hour may be a row's to come
        dry = purge(Policy.from_config(app.config, now=later), dry_run=True)
        assert dry[-1].line() == "files in the store without a row: 1"
        assert "pdf/zz/stray.pdf" in objects(app)
        purge(Policy.from_config(app.config, now=later))
    assert list(objects(app).values()) == [b"%PDF-1.7 a real one"]


def test_a_pdf_whose_file_was_lost_is_rendered_again(app: Flask, client: FlaskClient) -> None:
    participant = completed(client, "Les Amis du Quartier")
    url = f"/d/{participant.public_id}/feuille-de-route.pdf"
    first = client.get(url)
    [(key, _, _)] = rows(app)
    with app.app_context():  # a store restored from an older backup, a file deleted by hand
        file_store().delete([key])
    again = client.get(url)
    assert again.status_code == 200 and again.data.startswith(b"%PDF")
    assert again.headers["ETag"] == first.headers["ETag"]
    [(new_key, size, _)] = rows(app)
    assert objects(app) == {new_key: again.data} and size == len(again.data)


def test_a_write_cut_short_leaves_only_a_temporary_that_the_sweep_deletes(
        database_url: str, tmp_path: Path) -> None:
    """A folder store writes a temporary, then renames it: a process killed in between (the
    storage migration, a render) leaves the temporary, which no row names. The purge's sweep
    deletes it once it is an hour old, and leaves a younger one alone (a write under way)."""
    with made_app(database_url, {"STORAGE_URL": str(tmp_path / "files")}) as app, \
            app.app_context():
        folder = tmp_path / "files" / "pdf" / "ab"
        folder.mkdir(parents=True)
        old, young = folder / ".part-k2j4h5g6", folder / ".part-a1b2_3d4"
        old.write_bytes(b"%PDF-1.7 cut short")
        young.write_bytes(b"%PDF-1.7 under way")
        hours_ago = time.time() - 2 * 3600
        os.utime(old, (hours_ago, hours_ago))
        assert sweep(utcnow()) == 1
        assert not old.exists() and young.exists()
