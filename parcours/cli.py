"""`flask --app app parcours …`: validate, score and export questionnaires, manage accounts and
purge expired data from the shell."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.engine import Connection

from .auth.services import AccountError, create_user, disable_user, find_user, set_password
from .engine import AnswersError, check, evaluate, find_questionnaires, read_answers, result_dict
from .engine.formats import FORMAT
from .engine.upgrade import UpgradeError, plan, write
from .infra.extensions import db
from .infra.storage import store as file_store
from .infra.unit_of_work import transaction
from .mail.commands import mail_retry, mail_status
from .reports import service
from .reports.context import report_context
from .reports.pdf import RenderError
from .services.commands import backup_command, restore_command, status_command
from .services.questionnaires import DEFAULT_KEY, all_questionnaires
from .services.retention import Policy, purge
from .services.storage_move import columns_left, move, to_move
from .trainer.services import set_display_name

parcours_cli = AppGroup("parcours", help="Questionnaires, scores and users.")
parcours_cli.add_command(mail_status)
parcours_cli.add_command(mail_retry)
for _command in (status_command, backup_command, restore_command):
    parcours_cli.add_command(_command)


@parcours_cli.command("validate")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
def validate(path: Path | None) -> None:
    """Check questionnaire folders: one line per problem, exit 1 on any error."""
    root = path or Path(current_app.config["QUESTIONNAIRES_DIR"])
    folders = find_questionnaires(root) or [root]
    failed = False
    for folder in folders:
        questionnaire, problems = check(folder)
        for problem in problems:
            click.echo(str(problem))
        if questionnaire is None:
            failed = True
        else:
            click.echo(f"{folder}: {questionnaire.key} {questionnaire.version} OK "
                       f"({len(questionnaire.questions)} questions, "
                       f"{len(questionnaire.dimensions)} dimensions, "
                       f"{len(questionnaire.recommendations)} recommendations)", err=True)
    if failed:
        raise SystemExit(1)


@parcours_cli.command("upgrade")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--check", "dry_run", is_flag=True,
              help="Say what would change and write nothing; exit 1 when an upgrade is needed.")
def upgrade_command(path: Path, dry_run: bool) -> None:
    """Rewrite questionnaire folders written for an older format in the current one, keeping
    comments and order (questionnaires/README.md, « Format changelog »)."""
    if not path.is_dir():
        raise click.ClickException(f"{path}: no such folder")
    folders = find_questionnaires(path) or [path]
    needed = failed = False
    for folder in folders:
        try:
            upgrade = plan(folder)
        except UpgradeError as err:
            for problem in err.problems:
                click.echo(str(problem), err=True)
            failed = True
            continue
        if not upgrade.needed:
            click.echo(f"{folder}: format {FORMAT}, nothing to change")
            continue
        needed = True
        for line in upgrade.summary():
            click.echo(line)
        files = ", ".join(sorted(p.name for p in upgrade.texts))
        if not upgrade.changes:
            files += f" (only to add `format: {FORMAT}`: nothing else changed since format " \
                f"{upgrade.since})"
        if dry_run:
            click.echo(f"{folder}: format {upgrade.since} → {FORMAT}: would rewrite {files}")
            continue
        write(upgrade)
        click.echo(f"{folder}: format {upgrade.since} → {FORMAT}: rewrote {files}")
        questionnaire, problems = check(folder)
        for problem in problems:
            click.echo(str(problem))
        failed |= questionnaire is None
    if failed or (dry_run and needed):
        raise SystemExit(1)


@parcours_cli.command("score")
@click.argument("answers_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["fr", "en"]), help="Language of the output.")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the PDF roadmap to this file.")
@click.option("--organisation", default=None, help="Organisation name shown in the PDF.")
def score_command(answers_file: Path, lang: str | None, pdf_path: Path | None,
                  organisation: str | None) -> None:
    """Score an answers file offline and print JSON (scores, levels, roadmap)."""
    try:
        data = json.loads(answers_file.read_text(encoding="utf-8"))
        parsed = read_answers(data, all_questionnaires())
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise click.ClickException(f"{answers_file}: not a JSON file ({err})") from None
    except AnswersError as err:
        for problem in err.problems:
            click.echo(f"{answers_file}: {problem}", err=True)
        raise SystemExit(1) from None
    questionnaire = all_questionnaires()[parsed.questionnaire]
    scores, road = evaluate(questionnaire, parsed.answers)
    result = result_dict(questionnaire, scores, road, lang or parsed.lang)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    if pdf_path is not None:
        name = organisation or answers_file.stem.replace("_", " ").capitalize()
        try:
            data = service.render(report_context(result, name, datetime.now(UTC)))
        except RenderError as err:
            raise click.ClickException(f"the PDF could not be rendered ({err})") from None
        finally:
            service.pool().close()
        pdf_path.write_bytes(data)
        click.echo(f"{pdf_path}: {len(data)} bytes", err=True)


@parcours_cli.command("export")
@click.argument("key", required=False, default=DEFAULT_KEY)
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def export(key: str, fmt: str) -> None:
    """Print a questionnaire as JSON, for tools, paper versions and integrations."""
    questionnaires = all_questionnaires()
    if key not in questionnaires:
        raise click.ClickException(f"unknown questionnaire {key!r} "
                                   f"(known: {', '.join(sorted(questionnaires))})")
    q = questionnaires[key]
    payload = {
        **q.index.model_dump(mode="json", exclude={"stages", "recommendations"}),
        "content_hash": q.content_hash,
        "stages": [stage.model_dump(mode="json") for stage in q.stages],
        "recommendations": [reco.model_dump(mode="json") for reco in q.recommendations],
    }
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


_ACCOUNT_ERRORS = {
    "email_taken": "an account with this e-mail already exists",
    "bad_email": "not an e-mail address",
    "password_too_short": "the password needs 12 characters or more (spaces at either end "
                          "do not count)",
    "password_too_long": "the password may have 1,000 characters at most",
    "password_weak": "this password is too common or too easy to guess: choose another one, "
                     "a sentence of a few words for instance",
}


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@parcours_cli.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(["participant", "trainer", "admin"]), default="trainer",
              show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(email: str, role: str, password_stdin: bool) -> None:
    """Create an account (trainers and admins are created here, not on the site)."""
    try:
        user = create_user(email, _read_password(password_stdin), role)
    except AccountError as err:
        raise click.ClickException(_ACCOUNT_ERRORS.get(err.code, err.code)) from None
    click.echo(f"created {user.role} {user.email}")


@parcours_cli.command("set-name")
@click.argument("email")
@click.argument("name")
def set_name_command(email: str, name: str) -> None:
    """Set the name participants read for a trainer (comments, consent text, PDF)."""
    user = find_user(email)
    if user is None:
        raise click.ClickException("no account with this e-mail")
    set_display_name(user, name)
    click.echo(f"{user.email} is shown as « {user.display_name or 'votre formateur'} »")


@parcours_cli.command("reset-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def reset_password_command(email: str, password_stdin: bool) -> None:
    """Set a new password for an account (no mail server needed)."""
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"no account for {email}")
    try:
        set_password(user, _read_password(password_stdin))
    except AccountError as err:
        raise click.ClickException(_ACCOUNT_ERRORS.get(err.code, err.code)) from None
    click.echo(f"password changed for {user.email}")


@parcours_cli.command("disable-user")
@click.argument("email")
def disable_user_command(email: str) -> None:
    """Disable an account: it can no longer log in, and every session of it ends."""
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"no account for {email}")
    disable_user(user)
    click.echo(f"disabled {user.email}")


@parcours_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; delete nothing.")
def purge_command(dry_run: bool) -> None:
    """Delete what the retention policy says has expired (docs/privacy.md, « Retention »):
    one line per kind of data with its count. Safe from cron on every machine at once."""
    outcomes = purge(Policy.from_config(current_app.config), dry_run=dry_run)
    if dry_run:
        click.echo("dry run: nothing is deleted; counts of what would be")
    for outcome in outcomes:
        click.echo(outcome.line())


@parcours_cli.group("storage")
def storage_cli() -> None:
    """The file store of PDFs and export ZIPs (docs/operator.md, « Files »)."""


@storage_cli.command("where")
def storage_where() -> None:
    """Print the store's kind and place (a folder's path, or s3://bucket/prefix/)."""
    found = file_store()
    click.echo(f"{found.kind} {found.where}")


@storage_cli.command("migrate")
@click.option("--batch", default=100, show_default=True, type=click.IntRange(1, 10_000),
              help="Rows per transaction.")
def storage_migrate(batch: int) -> None:
    """Move the PDFs and export ZIPs still kept in the database to the store, in batches,
    printing the progress; stopped or killed, run it again: it goes on where it was."""
    if not any(columns_left(db.session.connection())):
        click.echo("nothing to move: the database holds no PDF bytes (migration d4f6b8c0e2a4)")
        return
    total = to_move(db.session.connection())
    db.session.rollback()
    click.echo(f"{total} rows to move to {file_store().where}")

    @contextmanager
    def write() -> Iterator[Connection]:
        with transaction():
            yield db.session.connection()

    def read() -> Connection:
        db.session.rollback()  # a fresh read, no transaction left open between batches
        return db.session.connection()

    for moved in move(read, write, file_store(), batch):
        done = total - moved.left
        click.echo(f"moved {done}/{total} ({100 * done // max(total, 1)} %): {moved.pdfs} PDFs, "
                   f"{moved.zips} ZIPs, {moved.size / 2**20:.1f} MB")
    db.session.rollback()
    click.echo("done: the database holds no PDF bytes; now `flask db upgrade` drops the columns")
