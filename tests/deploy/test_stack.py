"""The production stack as one (issue 28, items 2 and 3): deploy/'s units and settings started on
this machine, driven over HTTP like people do, then backed up and restored as deploy/README.md
says."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import time
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from pypdf import PdfReader
from sqlalchemy import create_engine, make_url, text

from parcours import create_app
from parcours.infra import storage
from parcours.infra.extensions import db
from parcours.services.questionnaires import questionnaire

from ..conftest import csrf_token, hidden_fields
from ..web.participant import example, form_fields
from ..web.people import PASSWORD
from .conftest import ADDRESS, EXAMPLES, TRAINER, Stack, drop_database, new_bucket
from .stack import wait_for

pytestmark = pytest.mark.deploy


def browser(stack: Stack, address: str = ADDRESS) -> requests.Session:
    """A browser behind nginx: its address in X-Forwarded-For."""
    session = requests.Session()
    session.headers["X-Forwarded-For"] = address
    return session


def post(session: requests.Session, stack: Stack, path: str, fields: dict) -> requests.Response:
    """A form sent; the redirect it answers with is not followed."""
    return session.post(urljoin(stack.url, path), data=fields, allow_redirects=False, timeout=60)


def get(session: requests.Session, stack: Stack, path: str) -> requests.Response:
    return session.get(urljoin(stack.url, path), timeout=60)


def pids(stack: Stack, marker: str) -> set[str]:
    """The gunicorn workers that answered the requests whose line holds `marker`."""
    lines = stack.web.log.read_text(encoding="utf-8", errors="replace").splitlines()
    return {line.split()[0] for line in lines if marker in line and line.startswith("pid=")}


def job_row(stack: Stack, public_id: str) -> dict:
    with stack.app.app_context():
        row = db.session.execute(text("SELECT status, done, total, report FROM job "
                                      "WHERE public_id = :id"), {"id": public_id}).one()
        db.session.rollback()
        return dict(row._mapping)


def logged_in_trainer(stack: Stack) -> requests.Session:
    session = browser(stack)
    page = get(session, stack, "/connexion").text
    answer = post(session, stack, "/connexion", {"csrf_token": csrf_token(page),
                                                 "email": TRAINER, "password": PASSWORD})
    assert answer.status_code == 302, answer.text[:500]
    return session


def test_a_participant_goes_from_start_to_a_pdf_rendered_by_a_worker(stack: Stack) -> None:
    session = browser(stack)
    page = get(session, stack, "/commencer").text
    answer = post(session, stack, "/commencer", {"csrf_token": csrf_token(page),
                                                 "name": "Les Jardins du Port",
                                                 "kind": "association"})
    assert answer.status_code == 302, answer.text[:500]
    public_id = answer.headers["Location"].split("/d/")[1].split("/")[0]
    url = get(session, stack, f"/d/{public_id}/").url
    data = example("association_jeune.json")["answers"]
    with stack.app.app_context():
        kinds = {qid: q.type for qid, q in questionnaire().questions.items()}
    pages = 0
    while "/etape/" in url:
        html = get(session, stack, url).text
        found = re.search(r'name="questions" type="hidden" value="([^"]*)"', html)
        ids = found.group(1).split(",") if found and found.group(1) else []
        answer = post(session, stack, url, {**hidden_fields(html), "action": "next",
                                            **form_fields(ids, data, kinds)})
        assert answer.status_code == 302, answer.text[:1000]
        url, pages = urljoin(stack.url, answer.headers["Location"]), pages + 1
        assert pages < 40, "the journey does not end"
    review = get(session, stack, f"/d/{public_id}/revue").text
    answer = post(session, stack, f"/d/{public_id}/terminer", {"csrf_token": csrf_token(review)})
    assert answer.status_code == 302
    assert "Les Jardins du Port" in get(session, stack, answer.headers["Location"]).text

    # the PDF is rendered by an RQ worker (the completion queued it), then offered
    from rq import Queue
    from rq.job import Job as RqJob

    finished = Queue(stack.queue, connection=stack.redis()).finished_job_registry

    def rendered() -> bool:
        return any(RqJob.fetch(i, connection=stack.redis()).args[0] == "prerender_pdf"
                   for i in finished.get_job_ids())

    wait_for("the PDF rendered by an RQ worker", rendered, 120, stack.workers_alive, every=0.5)
    assert get(session, stack, f"/d/{public_id}/feuille-de-route/etat").json()["ready"]
    pdf = get(session, stack, f"/d/{public_id}/feuille-de-route.pdf")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) >= 2
    assert "Les Jardins du Port" in "".join(p.extract_text() for p in reader.pages)
    # ...kept in the S3 bucket, not in the database
    import boto3

    s3 = boto3.client("s3", endpoint_url=stack.env["AWS_ENDPOINT_URL"], region_name="eu-west-3",
                      aws_access_key_id="test", aws_secret_access_key="test")
    objects = s3.list_objects_v2(Bucket=stack.bucket, Prefix="files/pdf/")["Contents"]
    bodies = [s3.get_object(Bucket=stack.bucket, Key=o["Key"])["Body"].read() for o in objects]
    assert pdf.content in bodies
    # the participant's session held on every request, whichever worker answered
    assert len(pids(stack, f"/d/{public_id}/")) >= 2


def test_a_trainer_session_and_the_rate_limits_hold_across_workers(stack: Stack) -> None:
    trainer = logged_in_trainer(stack)
    cookies = trainer.cookies.get_dict()
    marker = uuid.uuid4().hex

    def dashboard(number: int) -> int:
        # a new connection each time, many at once: several workers answer
        answer = requests.get(f"{stack.url}/formateur/?probe={marker}-{number}",
                              cookies=cookies, headers={"X-Forwarded-For": ADDRESS},
                              allow_redirects=False, timeout=60)
        return answer.status_code if "Groupe A" in answer.text else -answer.status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(dashboard, range(24)))
    assert statuses == [200] * 24
    assert len(pids(stack, marker)) >= 2, "one worker answered every request"

    # 10 failed logins a minute per address (web/security.py, LOGIN_LIMIT), counted in Redis
    address = f"192.0.2.{uuid.uuid4().int % 250 + 1}"
    guest = browser(stack, address)
    token = csrf_token(get(guest, stack, "/connexion").text)
    guest_cookies = guest.cookies.get_dict()

    def login(number: int) -> int:
        return requests.post(f"{stack.url}/connexion?try={marker}-{number}", data={
            "csrf_token": token, "email": f"x{number}@example.org", "password": "faux"},
            cookies=guest_cookies, headers={"X-Forwarded-For": address},
            allow_redirects=False, timeout=60).status_code

    with ThreadPoolExecutor(8) as pool:
        tries = list(pool.map(login, range(24)))
    assert sum(status != 429 for status in tries) == 10, tries
    assert len(pids(stack, f"try={marker}")) >= 2, "one worker answered every try"


def start_export(stack: Stack, trainer: requests.Session, group: str) -> str:
    page = get(trainer, stack, f"/formateur/groupes/{group}").text
    answer = post(trainer, stack, f"/formateur/groupes/{group}/export",
                  {"csrf_token": csrf_token(page)})
    assert answer.status_code == 302, answer.text[:500]
    return answer.headers["Location"].rstrip("/").split("/")[-1]


def mid_export(stack: Stack, job: str) -> dict:
    """Wait until the export has rendered some of its PDFs, not all: its state then."""
    wait_for("the export under way", lambda: job_row(stack, job)["done"] >= 1, 120,
             stack.workers_alive, every=0.2)
    row = job_row(stack, job)
    assert row["status"] == "running" and row["done"] < row["total"], row
    return row


def finished_zip(stack: Stack, trainer: requests.Session, job: str) -> zipfile.ZipFile:
    """The export's ZIP once done, its PDFs read back."""
    wait_for("the export done", lambda: job_row(stack, job)["status"] not in (
        "queued", "running"), 120, stack.workers_alive, every=0.5)
    assert job_row(stack, job)["status"] == "done", job_row(stack, job)
    assert "Télécharger le ZIP" in get(trainer, stack, f"/formateur/exports/{job}").text
    answer = get(trainer, stack, f"/formateur/exports/{job}/telecharger")
    assert answer.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    names = archive.namelist()
    assert "scores.csv" in names and "erreurs.txt" not in names
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert len(pdfs) == len(EXAMPLES)
    for name in pdfs:
        assert PdfReader(io.BytesIO(archive.read(name))).pages
    return archive


def worker_of(stack: Stack) -> int:
    """The index of the worker running a job now (as RQ records it)."""
    from rq import Queue, Worker

    def busy() -> list[int]:
        pids = {w.pid for w in Worker.all(queue=Queue(stack.queue, connection=stack.redis()))
                if w.get_current_job_id()}
        return [i for i, w in enumerate(stack.workers) if w.popen and w.pid in pids]

    wait_for("a busy worker", lambda: bool(busy()), 30)
    return busy()[0]


def test_an_export_finishes_when_its_worker_is_restarted(stack: Stack) -> None:
    """`systemctl restart parcours-worker@1` in the middle of an export: SIGTERM to the worker
    (KillMode=mixed), which finishes the job in hand, exits, and is started again."""
    trainer = logged_in_trainer(stack)
    job = start_export(stack, trainer, stack.cohorts[0])
    mid_export(stack, job)
    index = worker_of(stack)
    assert stack.workers[index].terminate(timeout=120) == 0, stack.workers[index].tail()
    assert job_row(stack, job)["status"] == "done"  # finished before it exited
    stack.workers[index].popen = None
    stack.start_worker()
    finished_zip(stack, trainer, job)


def test_an_export_finishes_when_its_worker_is_killed(stack: Stack) -> None:
    """SIGKILL to a worker, its work horse and its render process (a crash, the OOM killer):
    RQ finds the job abandoned and retries it on the other worker, which finishes it."""
    from rq import Queue
    from rq.registry import StartedJobRegistry

    trainer = logged_in_trainer(stack)
    job = start_export(stack, trainer, stack.cohorts[1])
    mid_export(stack, job)
    index = worker_of(stack)
    stack.workers[index].kill()
    time.sleep(1)
    row = job_row(stack, job)
    assert row["status"] == "running" and row["done"] < row["total"], row  # left half done
    # (systemd would start it again: not here, where its start would slow the other's work)
    # What the other worker's maintenance does (every --maintenance-interval) once the dead
    # worker's heartbeat is older than RQ's 90 s; here run now, its clock two minutes ahead
    queue = Queue(stack.queue, connection=stack.redis())
    StartedJobRegistry(queue=queue).cleanup(timestamp=time.time() + 120)
    finished_zip(stack, trainer, job)


def test_a_postgresql_backup_restores_every_diagnostic_and_pdf(stack: Stack,
                                                                tmp_path: Path) -> None:
    """deploy/README.md's « Backups »: `flask parcours backup DEST` (pg_dump and the store)
    while the site runs; on a fresh database and store, `flask parcours restore DEST`. The two
    commands run in this process (the same click commands, with the stack's settings): two
    interpreters fewer to start; pg_dump, createdb and pg_restore are the real programs."""
    dest = tmp_path / "backup"
    done = stack.app.test_cli_runner().invoke(args=["parcours", "backup", str(dest)])
    assert done.exit_code == 0, done.output
    assert (dest / "parcours.dump").is_file() and "pg_dump --format=custom" in done.output

    server = make_url(stack.database_url)
    name = f"{server.database}_restored"
    stack.extra_databases.append(name)
    created = subprocess.run(["createdb", "-h", server.host or "127.0.0.1", "-p",
                              str(server.port or 5432), "-U", server.username or "postgres",
                              name], capture_output=True, text=True, timeout=60,
                             env={**os.environ, "PGPASSWORD": server.password or ""})
    assert created.returncode == 0, created.stderr
    fresh = {"DATABASE_URL": server.set(database=name).render_as_string(hide_password=False),
             "PARCOURS_STORAGE_URL": f"s3://{new_bucket(stack.env['AWS_ENDPOINT_URL'])}/files"}
    restored = create_app({"SECRET_KEY": stack.env["SECRET_KEY"],
                           "SQLALCHEMY_DATABASE_URI": fresh["DATABASE_URL"],
                           "STORAGE_URL": fresh["PARCOURS_STORAGE_URL"], "REDIS_URL": None})
    done = restored.test_cli_runner().invoke(args=["parcours", "restore", str(dest)])
    assert done.exit_code == 0, done.output
    assert "pg_restore --no-owner" in done.output and "restored:" in done.output

    def held(url: str) -> tuple[list, list, list]:
        engine = create_engine(url)
        with engine.connect() as connection:
            diagnostics = connection.execute(text(
                "SELECT public_id, status, global_score, level FROM diagnostic "
                "ORDER BY public_id")).all()
            pdfs = connection.execute(text(
                "SELECT key, object_key, sha256 FROM rendered_pdf ORDER BY key")).all()
            zips = connection.execute(text(
                "SELECT result_key, result_sha256 FROM job WHERE status = 'done' "
                "ORDER BY result_key")).all()
        engine.dispose()
        return diagnostics, pdfs, zips

    before, after = held(stack.database_url), held(fresh["DATABASE_URL"])
    assert after == before
    # the seeded diagnostics, and the PDFs and ZIPs the tests above made (run the module whole)
    assert len(before[0]) >= 6 and before[1] and before[2], before
    try:
        with restored.app_context():
            store = storage.store()
            for object_key, sha256 in [row[1:] for row in after[1]] + list(after[2]):
                assert hashlib.sha256(store.read(object_key)).hexdigest() == sha256
            db.engine.dispose()
    finally:
        restored.extensions["parcours_render_pool"].close()
        restored.extensions["parcours_export_pool"].close()
    drop_database(stack.database_url, name)
    stack.extra_databases.remove(name)
