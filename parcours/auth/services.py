"""Accounts: create, authenticate, reset; passwords hashed with argon2id."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..infra.database import scrub
from ..infra.extensions import db
from ..infra.unit_of_work import transaction
from ..models import ADMIN, PARTICIPANT, ROLES, TRAINER, Diagnostic, PasswordReset, User, utcnow
from ..services import audit
from ..services.erasure import Erased, erase
from . import passwords

MAX_EMAIL = 254


@cache
def _hasher_for(time_cost: int, memory_kib: int) -> tuple[PasswordHasher, str]:
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=4)
    # A fixed hash to verify against when the e-mail is unknown: same work, no timing oracle.
    return hasher, hasher.hash("not a real password, only here to spend the same time")


def _hasher() -> tuple[PasswordHasher, str]:
    """argon2id with the configured cost (RFC 9106's second profile by default: 64 MiB, t=3)."""
    return _hasher_for(current_app.config["ARGON2_TIME_COST"],
                       current_app.config["ARGON2_MEMORY_KIB"])


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def normalise_email(email: str) -> str:
    """The form of an e-mail address that accounts are found by."""
    return email.strip().lower()


def hash_password(password: str) -> str:
    """An argon2id hash (a tenth of a second of work: never inside a write transaction)."""
    return _hasher()[0].hash(password)


def valid_email(email: str) -> str:
    """The address as accounts store it, or AccountError("bad_email"): the syntax of RFC 5321
    and 5322 as email-validator checks it (no DNS look-up: the app needs no network), so that
    `@` or `a@b\r\nBcc: x` are not addresses."""
    email = normalise_email(email)
    if len(email) > MAX_EMAIL:
        raise AccountError("bad_email")
    try:
        return validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise AccountError("bad_email") from None


def check_password_strength(password: str, email: str = "") -> None:
    """AccountError unless the password meets the policy of auth/passwords.py."""
    problem = passwords.problem(password, email)
    if problem:
        raise AccountError(problem)


def find_user(email: str) -> User | None:
    """The account with this e-mail address, if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(email: str, password: str, role: str = PARTICIPANT,
                attach: Sequence[str] = ()) -> User:
    """A new account (AccountError when the address is taken or not valid, or the password is
    refused), to which the diagnostics `attach` (public ids) become attached, in the same
    transaction."""
    if role not in ROLES:
        raise AccountError("unknown_role")
    email = valid_email(email)
    check_password_strength(password, email)
    if find_user(email) is not None:
        raise AccountError("email_taken")
    user = User(email=email, password_hash=hash_password(password), role=role)
    try:
        with transaction():
            db.session.add(user)
            db.session.flush()  # its id, for the diagnostics
            attach_diagnostics(user, attach)
            if role in (TRAINER, ADMIN):  # only the command line makes these with a password
                audit.record(audit.ACCOUNT_CREATED, None, user, role=role)
    except IntegrityError:  # the same address registered at the same moment
        raise AccountError("email_taken") from None
    return user


def register(email: str, password: str) -> None:
    """A participant account for this address, unless it has one already; the caller cannot
    tell which, and neither can the clock: both ways hash the password once (argon2 is nearly
    all the time either takes). Nobody is logged in: the owner of the address logs in next,
    with the password they know. AccountError for a bad address or password only."""
    try:
        create_user(email, password)
    except AccountError as err:
        if err.code != "email_taken":
            raise
        hash_password(password)  # the work a new account would have cost


def authenticate(email: str, password: str, attach: Sequence[str] = ()) -> User | None:
    """The user whose e-mail and password these are, else None (in the same time either way);
    the diagnostics `attach` (public ids) become theirs, in the login's transaction."""
    user = find_user(email)
    hasher, dummy = _hasher()
    # an account made by an admin has no password until its one-time link is used: it is
    # checked against the dummy hash like an unknown address, and refused whatever matched
    usable = user is not None and user.password_hash.startswith("$argon2")
    try:
        hasher.verify(user.password_hash if user is not None and usable else dummy, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not usable or not user.is_active:
        return None
    rehashed = hash_password(password) if hasher.check_needs_rehash(user.password_hash) else None
    with transaction():
        if rehashed is not None:
            user.password_hash = rehashed
        user.last_login_at = utcnow()
        attach_diagnostics(user, attach)
    return user


def set_password(user: User, password: str) -> None:
    """A new password (admin reset from the command line); every session of the account ends.
    A trainer's or admin's is in the audit log (services/audit.py)."""
    check_password_strength(password)
    hashed = hash_password(password)
    with transaction():
        user.password_hash = hashed
        user.session_version += 1
        if user.role in (TRAINER, ADMIN):
            audit.record(audit.PASSWORD_SET, None, user)


def end_sessions(user: User) -> None:
    """End every session of the account, on every browser (logout)."""
    with transaction():
        user.session_version += 1


def disable_user(user: User, by: User | None = None) -> None:
    """The account can no longer log in, every session of it ends, and its one-time password
    links (auth/reset.py) stop working. In the audit log, done by the admin `by` (None: the
    command line)."""
    user_id = user.id
    with transaction():
        user.disabled_at = user.disabled_at or utcnow()
        user.session_version += 1
        db.session.execute(delete(PasswordReset).where(PasswordReset.user_id == user_id))
        audit.record(audit.DISABLED, by, user)


def enable_user(user: User, by: User | None = None) -> None:
    """A disabled account can log in again (with its password, or a new one-time link); in the
    audit log, done by the admin `by`."""
    with transaction():
        user.disabled_at = None
        audit.record(audit.ENABLED, by, user)


def create_staff(email: str, display_name: str, role: str, by: User | None = None) -> User:
    """A trainer or admin account with no password yet: the person chooses it through a
    one-time link (auth/reset.py). AccountError for a bad or taken address, or another role."""
    if role not in (TRAINER, ADMIN):
        raise AccountError("unknown_role")
    email = valid_email(email)
    if find_user(email) is not None:
        raise AccountError("email_taken")
    user = User(email=email, password_hash="", role=role,
                display_name=" ".join(display_name.split())[:120] or None)
    try:
        with transaction():
            db.session.add(user)
            db.session.flush()  # its id, for the audit log
            audit.record(audit.ACCOUNT_CREATED, by, user, role=role)
    except IntegrityError:  # the same address, at the same moment
        raise AccountError("email_taken") from None
    return user


def active_admins(excluding: int | None = None) -> int:
    """How many admin accounts can log in (leaving one out, if said)."""
    query = select(func.count()).select_from(User).where(User.role == ADMIN,
                                                         User.disabled_at.is_(None))
    if excluding is not None:
        query = query.where(User.id != excluding)
    return db.session.scalar(query) or 0


def user_for_session(session_id: str) -> User | None:
    """The user of a session id (`public_id.version`, User.get_id), if that session has not
    been ended (logout, password change, disabled account)."""
    public_id, _, version = session_id.rpartition(".")
    if not public_id or not version.isascii() or not version.isdigit():
        return None
    user = db.session.scalar(select(User).where(User.public_id == public_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def attachable(user: User, public_ids: Sequence[str]) -> list[Diagnostic]:
    """Of these diagnostics (opened in this browser), those that nobody's account holds yet,
    newest first: what logging in offers to attach. None for a trainer's or an admin's account
    (below)."""
    if not public_ids or user.role != PARTICIPANT:
        return []
    return list(db.session.scalars(
        select(Diagnostic).where(Diagnostic.public_id.in_(public_ids),
                                 Diagnostic.user_id.is_(None))
        .order_by(Diagnostic.created_at.desc())))


def attach_diagnostics(user: User, public_ids: Sequence[str]) -> int:
    """Diagnostics started anonymously in this browser become the user's (unless already owned).

    Only a participant's account attaches: the access log leaves out one's own diagnostics, so
    a trainer who attached a participant's to its account would read it unrecorded (issue 30,
    L2). A trainer who answers a diagnostic of its own does so logged out, or with a
    participant account."""
    if not public_ids or user.role != PARTICIPANT:
        return 0
    user_id = user.id
    with transaction():
        result = db.session.execute(
            update(Diagnostic).where(Diagnostic.public_id.in_(public_ids),
                                     Diagnostic.user_id.is_(None)).values(user_id=user_id))
    return int(getattr(result, "rowcount", 0) or 0)


def password_matches(user: User, password: str) -> bool:
    """Whether `password` is the account's (asked again before deleting it); argon2's work,
    outside any transaction."""
    try:
        return bool(_hasher()[0].verify(user.password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def delete_account(user: User, with_diagnostics: bool) -> Erased:
    """Delete a participant's account, in one transaction. Its diagnostics are deleted too
    (`with_diagnostics`), or detached: they stay, reachable only by their resume link or code.
    Trainers and admins are not deleted here (their cohorts and comments are others' data):
    AccountError("not_a_participant")."""
    if user.role != PARTICIPANT:
        raise AccountError("not_a_participant")
    user_id = user.id
    with transaction():
        owned = list(db.session.scalars(select(Diagnostic.id).where(Diagnostic.user_id == user_id)))
        if with_diagnostics:
            erased = erase(owned)
        else:
            erased = Erased()
            db.session.execute(update(Diagnostic).where(Diagnostic.user_id == user_id)
                               .values(user_id=None))
        db.session.execute(delete(User.__table__).where(User.__table__.c.id == user_id))
    scrub()  # the account's e-mail too
    return erased
