"""The outbox: a message is a row queued in the transaction of what it tells (a completion, a
comment), and handed to the job system once that transaction commits, so that a rolled-back
write sends nothing and a slow SMTP server never slows a page. Each attempt writes the message
anew (compose.py), sends it outside any transaction, then records the outcome; a failure is
retried after the next of MAIL_RETRY_DELAYS, and after the last one the row is `failed`, logged,
and listed by `flask --app app parcours mail-status`."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from ..infra.extensions import db
from ..infra.jobs import defer, register
from ..infra.unit_of_work import transaction
from ..models import MAIL_FAILED, MAIL_QUEUED, MAIL_SENT, Diagnostic, Mail, utcnow
from . import compose, smtp

log = logging.getLogger(__name__)
JOB = "send_mail"
_PENDING = "parcours_mail_pending"  # ids queued in the session's open transaction
# The kinds of message; what each says is registered by a blueprint (compose.composer).
RESUME_LINK, ROADMAP_READY, NEW_COMMENT = "resume_link", "roadmap_ready", "comment"
PASSWORD_RESET = "password_reset"  # noqa: S105 - a kind of message, not a secret
INVITATION = "invitation"  # a role's link to a collective diagnostic (services/collective.py)
# an alliance partner confirmed the code offered, or a link ended (services/alliances.py)
PARTNER_LINKED, PARTNER_ENDED = "partner_linked", "partner_ended"
# what a participant's kept address is told
NOTICES = (ROADMAP_READY, NEW_COMMENT, PARTNER_LINKED, PARTNER_ENDED)


def enabled() -> bool:
    """Whether e-mail is configured (PARCOURS_SMTP_URL, with PARCOURS_PUBLIC_URL for links)."""
    config = current_app.config
    return bool(config.get("MAIL_SMTP_URL") and config.get("PUBLIC_URL")
                and config.get("MAIL_FROM"))


def checked_address(text: str) -> str | None:
    """An address as given, if it is one (email-validator's syntax, no DNS: the app needs no
    network), else None; `a@b\r\nBcc: x` is none."""
    text = text.strip()
    if not text or len(text) > 254:
        return None
    try:
        return str(validate_email(text, check_deliverability=False).normalized)
    except EmailNotValidError:
        return None


def masked(address: str) -> str:
    """What a sent message keeps of its recipient: « c…@example.org »."""
    local, _, domain = address.rpartition("@")
    return f"{local[:1]}…@{domain}" if local else "…"


def queue(kind: str, recipient: str, lang: str, *, diagnostic_id: int | None = None,
          user_id: int | None = None, invitation_id: int | None = None) -> Mail | None:
    """Queue a message of `kind` inside the caller's transaction; it is sent once that
    transaction commits. Nothing at all (None) when e-mail is not configured."""
    if not enabled():
        return None
    mail = Mail(kind=kind, recipient=recipient, lang=lang if lang in ("fr", "en") else "fr",
                diagnostic_id=diagnostic_id, user_id=user_id, invitation_id=invitation_id,
                status=MAIL_QUEUED)
    db.session.add(mail)
    db.session.flush()
    db.session.info.setdefault(_PENDING, []).append(mail.id)
    return mail


def notify(diagnostic: Diagnostic, kind: str, quiet_since: datetime | None = None) -> None:
    """Queue a notice of `kind` to the address a diagnostic's participant asked to be told at,
    if it left one (inside the caller's transaction); none when one of the same kind was
    queued after `quiet_since` (a trainer writing five comments sends one message)."""
    if not diagnostic.notify_email or not enabled():
        return
    if quiet_since is not None and recent(diagnostic.id, kind, quiet_since):
        return
    queue(kind, diagnostic.notify_email, diagnostic.lang, diagnostic_id=diagnostic.id)


@event.listens_for(Session, "after_commit")
def _send_committed(session: Session) -> None:
    for mail_id in session.info.pop(_PENDING, []):
        defer(JOB, mail_id)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _record(mail_id: int, error: str | None, give_up: bool = False) -> float | None:
    """Record an attempt; the delay before the next one, or None when there is none."""
    delays = current_app.config["MAIL_RETRY_DELAYS"]
    with transaction():
        mail = db.session.get(Mail, mail_id)
        if mail is None:
            return None
        mail.attempts += 1
        if error is None:
            mail.status, mail.sent_at, mail.last_error = MAIL_SENT, utcnow(), None
            mail.recipient = masked(mail.recipient)
            return None
        mail.last_error = error[:500]
        if give_up or mail.attempts >= len(delays):
            mail.status = MAIL_FAILED
            log.error("e-mail %s (%s) failed after %d attempt(s): %s", mail.id, mail.kind,
                      mail.attempts, mail.last_error)
            return None
        log.warning("e-mail %s (%s), attempt %d failed, retried in %s s: %s", mail.id,
                    mail.kind, mail.attempts, delays[mail.attempts], mail.last_error)
        return float(delays[mail.attempts])


@register(JOB)
def send(mail_id: int) -> None:
    """One attempt at sending a queued message (the job); the next one is scheduled on failure."""
    mail = db.session.get(Mail, mail_id)
    if mail is None or mail.status != MAIL_QUEUED:
        return
    give_up = False
    try:
        message = compose.render(mail)
        db.session.commit()  # end the read: no transaction stays open while the server answers
        smtp.send(smtp.parse_url(current_app.config["MAIL_SMTP_URL"]), message,
                  current_app.config["MAIL_TIMEOUT"])
        error = None
    except compose.CannotCompose as err:
        error, give_up = f"cannot compose: {err}", True
    except Exception as err:  # the server refused, timed out, TLS failed…: retried
        error = f"{type(err).__name__}: {err}"
    db.session.rollback()
    delay = _record(mail_id, error, give_up)
    if delay is not None:
        defer(JOB, mail_id, delay=delay)


def forget_queued(diagnostic_id: int, kinds: tuple[str, ...]) -> None:
    """Drop the messages of these kinds not yet sent about a diagnostic (inside the caller's
    transaction): its participant took its address back."""
    for mail in db.session.scalars(select(Mail).where(
            Mail.diagnostic_id == diagnostic_id, Mail.kind.in_(kinds),
            Mail.status == MAIL_QUEUED)):
        db.session.delete(mail)


def recent(diagnostic_id: int, kind: str, since: datetime) -> bool:
    """Whether a message of `kind` about a diagnostic was queued since then (not a failed one)."""
    return db.session.scalar(select(Mail.id).where(
        Mail.diagnostic_id == diagnostic_id, Mail.kind == kind, Mail.created_at >= since,
        Mail.status != MAIL_FAILED).limit(1)) is not None


def retry(stale_after: timedelta = timedelta(hours=1)) -> int:
    """Queue again every failed message, and every queued one older than `stale_after` (its
    process ended while it waited for a retry); how many. They are sent once this commits."""
    with transaction():
        again = list(db.session.scalars(select(Mail).where(
            (Mail.status == MAIL_FAILED) |
            ((Mail.status == MAIL_QUEUED) & (Mail.created_at < utcnow() - stale_after)))))
        for mail in again:
            mail.status, mail.attempts = MAIL_QUEUED, 0
            db.session.info.setdefault(_PENDING, []).append(mail.id)
    return len(again)


def listing(statuses: tuple[str, ...] = (MAIL_FAILED,), limit: int = 200) -> list[Mail]:
    """Messages in these states, newest first (the CLI's `mail-status`)."""
    return list(db.session.scalars(select(Mail).where(Mail.status.in_(statuses))
                                   .order_by(Mail.created_at.desc(), Mail.id.desc())
                                   .limit(limit)))


def counts() -> dict[str, int]:
    """How many messages are queued, sent and failed."""
    return {status: int(n) for status, n in db.session.execute(
        select(Mail.status, func.count()).group_by(Mail.status))}
