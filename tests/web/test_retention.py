"""`flask parcours purge` (issue 16, item 2): what the policy says has expired goes, the dry run
counts exactly that, a second run finds nothing, and two runs at once share the work."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select, update

from parcours.config import Config
from parcours.infra.extensions import db
from parcours.infra.storage import store as file_store
from parcours.journey import services as journey
from parcours.models import (
    AccessLog,
    Cohort,
    Diagnostic,
    Job,
    Mail,
    Organisation,
    PasswordReset,
    User,
    utcnow,
)
from parcours.services import cohorts as membership
from parcours.services import retention
from parcours.services.questionnaires import questionnaire
from parcours.services.retention import Policy, months_before, purge

from .people import cohort, diagnostic, user

NOW = datetime.now(UTC)
LABELS = ("diagnostics in progress", "completed diagnostics", "organisations without",
          "cohort exports", "access-log entries", "e-mails", "expired password links")


@pytest.mark.parametrize(("moment", "months", "expected"), [
    (datetime(2026, 3, 31, tzinfo=UTC), 1, datetime(2026, 2, 28, tzinfo=UTC)),
    (datetime(2028, 3, 31, tzinfo=UTC), 1, datetime(2028, 2, 29, tzinfo=UTC)),
    (datetime(2026, 1, 15, tzinfo=UTC), 12, datetime(2025, 1, 15, tzinfo=UTC)),
    (datetime(2026, 1, 31, tzinfo=UTC), 13, datetime(2024, 12, 31, tzinfo=UTC)),
    (datetime(2026, 11, 28, tzinfo=UTC), 36, datetime(2023, 11, 28, tzinfo=UTC)),
])
def test_months_are_calendar_months(moment: datetime, months: int, expected: datetime) -> None:
    assert months_before(moment, months) == expected


def test_the_policy_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    defaults = Config(tmp_path, "secret")
    assert (defaults.RETAIN_IN_PROGRESS_MONTHS, defaults.RETAIN_COMPLETED_MONTHS,
            defaults.RETAIN_EXPORTS_DAYS, defaults.RETAIN_ACCESS_LOG_MONTHS,
            defaults.RETAIN_MAIL_MONTHS) == (12, 36, 7, 12, 12)
    monkeypatch.setenv("PARCOURS_RETAIN_COMPLETED_MONTHS", "60")
    monkeypatch.setenv("PARCOURS_RETAIN_EXPORTS_DAYS", "0")
    monkeypatch.setenv("PARCOURS_RETAIN_MAIL_MONTHS", "3")
    changed = Config(tmp_path, "secret")
    assert (changed.RETAIN_COMPLETED_MONTHS, changed.RETAIN_EXPORTS_DAYS,
            changed.RETAIN_MAIL_MONTHS) == (60, 0, 3)


def _age(app: Flask, public_id: str, days: int) -> None:
    """The participant's last activity, `days` ago."""
    with app.app_context():
        db.session.execute(update(Diagnostic).where(Diagnostic.public_id == public_id)
                           .values(updated_at=NOW - timedelta(days=days)))
        db.session.commit()


def _job(app: Flask, group: str, days: int, status: str = "done") -> int:
    with app.app_context():
        cohort_id = Cohort.query.filter_by(public_id=group).one().id
        job = Job(kind="cohort_export", cohort_id=cohort_id, status=status, report={},
                  created_at=NOW - timedelta(days=days))
        db.session.add(job)
        db.session.flush()
        put = file_store().put(f"exports/{job.public_id}.zip", b"PK zip", "application/zip")
        job.result_key, job.result_size, job.result_sha256 = put.key, put.size, put.sha256
        db.session.commit()
        return job.id


def _access(app: Flask, public_id: str, days: int) -> None:
    """A trainer opened the diagnostic `days` ago (the access log)."""
    with app.app_context():
        found = Diagnostic.query.filter_by(public_id=public_id).one()
        db.session.add(AccessLog(at=NOW - timedelta(days=days), actor_email="f@example.org",
                                 actor_role="trainer", diagnostic_id=found.id,
                                 action="results_viewed"))
        db.session.commit()


def _mail(app: Flask, days: int) -> None:
    """A message of the outbox, written `days` ago."""
    with app.app_context():
        db.session.add(Mail(kind="resume_link", recipient="c…@example.org", status="sent",
                            created_at=NOW - timedelta(days=days)))
        db.session.commit()


def _password_link(app: Flask, email: str, expires_in_hours: int) -> None:
    with app.app_context():
        account = User.query.filter_by(email=email).one()
        db.session.add(PasswordReset(user_id=account.id, token_hash=f"{expires_in_hours:064d}",
                                     expires_at=utcnow() + timedelta(hours=expires_in_hours)))
        db.session.commit()


def _world(app: Flask) -> dict[str, object]:
    """Diagnostics and exports of every age, and what the default policy should delete."""
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    old_draft = diagnostic(app, "Brouillon ancien", group, complete=False)
    _age(app, old_draft, 400)                       # 13 months: goes
    _age(app, diagnostic(app, "Brouillon récent", complete=False), 300)   # stays
    old_done = diagnostic(app, "Terminé ancien")
    _age(app, old_done, 1130)                       # 37 months: goes
    last_year = diagnostic(app, "Terminé il y a un an")
    _age(app, last_year, 400)                       # stays: completed
    _access(app, last_year, 400)                    # 13 months: goes
    _access(app, last_year, 300)                    # stays
    shared = diagnostic(app, "Partagée", complete=False)
    with app.app_context():  # a second diagnostic of the same organisation, still alive
        source = Diagnostic.query.filter_by(public_id=shared).one()
        journey.carry_over(source, questionnaire(), "fr")
    _age(app, shared, 500)                          # goes; its organisation stays
    fresh_export = _job(app, group, 2)              # withdrawn (the old draft was in it), kept
    old_export = _job(app, group, 8, status="failed")  # 8 days: goes
    _mail(app, 400)                                 # 13 months: goes
    _mail(app, 30)                                  # stays
    _password_link(app, "f@example.org", -1)        # expired an hour ago: goes
    _password_link(app, "f@example.org", 47)        # stays
    return {"group": group, "fresh_export": fresh_export, "old_export": old_export,
            "expected": {"diagnostics in progress": 2, "completed diagnostics": 1,
                         "organisations without": 2, "cohort exports": 1,
                         "access-log entries": 1, "e-mails": 1, "expired password links": 1}}


def _counts(output: str) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for label in LABELS:
        line = next(line for line in output.splitlines() if line.startswith(label))
        number = re.search(r": (\d+)$", line)
        found[label] = int(number.group(1)) if number else None
    return found


def _rows(app: Flask) -> tuple[int, int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count(Diagnostic.id))) or 0,
                db.session.scalar(select(func.count(Organisation.id))) or 0,
                db.session.scalar(select(func.count(Job.id))) or 0)


def test_dry_run_and_real_run_agree_and_a_second_run_deletes_nothing(
        app: Flask, runner: FlaskCliRunner) -> None:
    world = _world(app)
    before = _rows(app)
    dry = runner.invoke(args=["parcours", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.output.startswith("dry run: nothing is deleted")
    assert _rows(app) == before
    planned = _counts(dry.output)
    assert planned == world["expected"]
    assert "access-log entries older than 12 months: 1" in dry.output
    real = runner.invoke(args=["parcours", "purge"])
    assert real.exit_code == 0, real.output
    assert _counts(real.output) == planned
    assert "diagnostics in progress, untouched for 12 months: 2" in real.output
    with app.app_context():
        names = sorted(d.organisation.name for d in Diagnostic.query.all())
        assert names == ["Brouillon récent", "Partagée", "Terminé il y a un an"]
        assert db.session.get(Job, world["old_export"]) is None
        fresh = db.session.get(Job, world["fresh_export"])
        assert fresh.status == membership.WITHDRAWN and fresh.result_key is None
        kept = [row.at.replace(tzinfo=row.at.tzinfo or UTC) for row in AccessLog.query.all()]
        assert [moment > NOW - timedelta(days=301) for moment in kept] == [True]
    again = runner.invoke(args=["parcours", "purge"])
    assert set(_counts(again.output).values()) == {0}
    assert set(_counts(runner.invoke(args=["parcours", "purge", "--dry-run"]).output)
               .values()) == {0}


def test_a_retention_of_zero_keeps_forever(app: Flask, runner: FlaskCliRunner) -> None:
    _world(app)
    app.config.update(RETAIN_IN_PROGRESS_MONTHS=0, RETAIN_EXPORTS_DAYS=0)
    dry = _counts(runner.invoke(args=["parcours", "purge", "--dry-run"]).output)
    real = runner.invoke(args=["parcours", "purge"]).output
    assert "diagnostics in progress, untouched for 0 months: kept (retention 0)" in real
    assert _counts(real) == dry
    assert dry["diagnostics in progress"] is None and dry["cohort exports"] is None
    assert dry["completed diagnostics"] == 1 and dry["organisations without"] == 1


def test_two_runs_at_once_share_the_work(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    # every machine's cron at the same minute: both succeed, nothing is deleted twice
    monkeypatch.setattr(retention, "BATCH", 3)  # many short transactions, to interleave
    world = _world(app)
    more = [diagnostic(app, f"Oubli {n}", str(world["group"]), complete=False)
            for n in range(24)]
    for public_id in more:
        _age(app, public_id, 800)
    expected = dict(world["expected"])  # type: ignore[call-overload]
    expected["diagnostics in progress"] += len(more)
    expected["organisations without"] += len(more)
    start = threading.Barrier(2)
    results: list[list[retention.Outcome]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with app.app_context():
                policy = Policy.from_config(app.config)
                start.wait()
                results.append(purge(policy))
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == [] and len(results) == 2
    total = {label: sum(o.count or 0 for r in results for o in r if o.label.startswith(label))
             for label in expected}
    assert total == expected
    with app.app_context():
        assert Diagnostic.query.count() == 3
