"""`flask --app app parcours mail-status` and `mail-retry`: what the outbox holds, for an admin."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..models import MAIL_FAILED, MAIL_QUEUED, MAIL_SENT
from . import outbox


@click.command("mail-status")
@click.option("--all", "everything", is_flag=True, help="List sent messages too.")
@with_appcontext
def mail_status(everything: bool) -> None:
    """E-mail: how many messages are queued, sent and failed; the failed and queued ones."""
    if not outbox.enabled():
        click.echo("e-mail is not configured (PARCOURS_SMTP_URL): nothing is sent")
    counts = outbox.counts()
    click.echo("  ".join(f"{status}: {counts.get(status, 0)}"
                         for status in (MAIL_QUEUED, MAIL_SENT, MAIL_FAILED)))
    statuses = (MAIL_FAILED, MAIL_QUEUED, MAIL_SENT) if everything else (MAIL_FAILED, MAIL_QUEUED)
    for mail in outbox.listing(statuses):
        click.echo(f"{mail.id}\t{mail.status}\t{mail.kind}\t{mail.recipient}\t"
                   f"attempts={mail.attempts}\t{mail.created_at:%Y-%m-%d %H:%M}\t"
                   f"{mail.last_error or ''}")


@click.command("mail-retry")
@with_appcontext
def mail_retry() -> None:
    """Send again the failed messages, and those left queued for over an hour."""
    if not outbox.enabled():
        raise click.ClickException("e-mail is not configured (PARCOURS_SMTP_URL)")
    count = outbox.retry()
    current_app.extensions["parcours_jobs"].wait()  # in this process: before the command ends
    click.echo(f"{count} message(s) queued again")
