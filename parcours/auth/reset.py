"""One-time links to choose a password: an admin shows one to a new trainer or to someone who
forgot theirs (no mail server needed), and e-mail can send the same link when it is configured.

A link is `/mot-de-passe/<token>`, 256 random bits. The database keeps the token's SHA-256,
never the token; a link works once, until it expires (PASSWORD_RESET_HOURS, 48 by default), and
issuing a new one for the same account, disabling the account or using the link ends every
other link of that account.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from ..infra.extensions import db
from ..infra.unit_of_work import transaction
from ..models import PasswordReset, User, utcnow
from ..services import audit
from ..web.links import external_url
from .services import AccountError, check_password_strength, hash_password

TOKEN_BYTES = 32
MAX_TOKEN = 128  # longer is no token of ours: not even hashed


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite gives naive UTC


def issue_token(user: User, by: User | None = None) -> tuple[str, datetime]:
    """A new token for `user` and when it expires; the account's older links stop working.
    Issued by an admin (`by`), it is in the audit log, with both names, for good."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    expires = utcnow() + timedelta(hours=current_app.config.get("PASSWORD_RESET_HOURS", 48))
    user_id, by_id = user.id, by.id if by is not None else None
    with transaction():
        db.session.execute(delete(PasswordReset).where(PasswordReset.user_id == user_id))
        db.session.add(PasswordReset(user_id=user_id, token_hash=_digest(token),
                                     expires_at=expires, created_by=by_id))
        if by is not None:
            audit.record(audit.LINK_ISSUED, by, user, expires=expires.isoformat())
    return token, expires


def link(token: str) -> str:
    """The absolute address of a token's page, on PARCOURS_PUBLIC_URL (links.py)."""
    return external_url("auth.new_password", token=token)


def issue(user: User, by: User | None = None) -> str:
    """A new one-time link for `user` (issued by the admin `by`, if any): its absolute URL.
    Needs a request, or PARCOURS_PUBLIC_URL set, to build the URL."""
    token, _ = issue_token(user, by)
    return link(token)


def _live(token: str) -> PasswordReset | None:
    if not token or len(token) > MAX_TOKEN:
        return None
    found = db.session.scalar(select(PasswordReset).where(
        PasswordReset.token_hash == _digest(token)))
    if found is None or _aware(found.expires_at) <= utcnow():
        return None
    return found


def account_for(token: str) -> User | None:
    """The active account a live token opens, or None (unknown, used, expired, replaced)."""
    found = _live(token)
    user = db.session.get(User, found.user_id) if found is not None else None
    return user if user is not None and user.is_active else None


class ResetError(AccountError):
    """The link cannot be used (code "invalid_link"), or the password is refused (the codes of
    AccountError: "password_too_short", "password_weak"…)."""


def redeem(token: str, password: str) -> User:
    """Set the password of the token's account; the link (and any other of the account) stops
    working, and every session of the account ends. ResetError otherwise."""
    user = account_for(token)
    if user is None:
        raise ResetError("invalid_link")
    try:
        check_password_strength(password, user.email)
    except AccountError as err:
        raise ResetError(err.code) from None
    hashed = hash_password(password)  # a tenth of a second: not under the write lock
    digest, user_id = _digest(token), user.id
    with transaction():
        # read again under the lock: used by someone else meanwhile, it is gone
        found = db.session.scalar(select(PasswordReset).where(
            PasswordReset.token_hash == digest).with_for_update())
        if found is None or _aware(found.expires_at) <= utcnow():
            raise ResetError("invalid_link")
        account = db.session.get(User, user_id)
        if account is None or not account.is_active:
            raise ResetError("invalid_link")
        issuer = db.session.get(User, found.created_by) if found.created_by else None
        if issuer is not None and issuer.id != user_id:
            # the link's row goes below; what it said of who gave it stays in the audit log
            audit.record(audit.LINK_USED, issuer, account, issued_at=found.created_at.isoformat())
        db.session.execute(delete(PasswordReset).where(PasswordReset.user_id == user_id))
        account.password_hash = hashed
        account.session_version += 1
    return account

