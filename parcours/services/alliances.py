"""Two partners face to face, shared by both sides: a participant offers a partner code, its
partner enters it and the two completed diagnostics are linked (journey/alliance.py); the
participants and a trainer who sees both read the joint page (journey, trainer).

A code is 8 characters of codes.ALPHABET (40 bits), shown once, kept as its SHA-256, single use,
valid ALLIANCE_CODE_DAYS; guesses are rate-limited by the view, and a code that is unknown,
used or expired gets one answer (issue 30, L7: a guess learns nothing of which). One transaction
per write. The side that did not act is told (a notice on its results page, an e-mail to the
address it kept for notices) when its code is confirmed or a link ends (issue 25, item 5)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..infra.codes import digest, new_code, normalise
from ..infra.extensions import db
from ..infra.unit_of_work import transaction
from ..mail import outbox
from ..models import (
    PARTNER_ENDED,
    PARTNER_LINKED,
    Alliance,
    Cohort,
    Diagnostic,
    PartnerCode,
    PartnerNotice,
    User,
    utcnow,
)

CODE_LENGTH = 8
CODE_DAYS = 14


class Refused(Exception):
    """A code that links nothing: `message` says why, in the reader's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def shown_code(code: str) -> str:
    """ABCD2345 → ABCD-2345, easier to read aloud."""
    return f"{code[:4]}-{code[4:]}"


def offer_code(diagnostic: Diagnostic) -> tuple[str, datetime]:
    """A new partner code for this completed diagnostic (shown once) and when it expires."""
    if not diagnostic.completed:
        raise ValueError("only a completed diagnostic offers a partner code")
    expires = utcnow() + timedelta(days=CODE_DAYS)
    for _attempt in range(5):
        code = new_code(CODE_LENGTH)
        try:
            with transaction():
                db.session.add(PartnerCode(code_hash=digest(code), diagnostic_id=diagnostic.id,
                                           expires_at=expires))
            return shown_code(code), expires
        except IntegrityError:  # a code already drawn: draw another
            continue
    raise RuntimeError("could not draw a free partner code")


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes: they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def linked(first: Diagnostic, second: Diagnostic) -> Alliance | None:
    """The alliance between these two diagnostics, in either direction, if any."""
    return db.session.scalar(select(Alliance).where(or_(
        (Alliance.first_id == first.id) & (Alliance.second_id == second.id),
        (Alliance.first_id == second.id) & (Alliance.second_id == first.id))))


def no_code() -> str:
    """What a code that opens nothing gets, whether unknown, used or expired."""
    return _("Ce code n'ouvre aucun diagnostic : il est inconnu, a déjà servi ou a expiré (un "
             "code vaut %(days)d jours). Vérifiez-le, ou demandez-en un nouveau à votre "
             "partenaire.", days=CODE_DAYS)


def partner_of(diagnostic: Diagnostic, code: str) -> tuple[PartnerCode, Diagnostic]:
    """The code's row and the partner's diagnostic it links `diagnostic` to; Refused when it
    links nothing (unknown, expired, used, own, another questionnaire, not completed, linked)."""
    canonical = normalise(code)[:16]
    row = db.session.scalar(select(PartnerCode).where(PartnerCode.code_hash == digest(canonical)))
    partner = db.session.get(Diagnostic, row.diagnostic_id) if row is not None else None
    # unknown, used and expired read the same: a guess learns nothing of which it hit
    if row is None or partner is None or row.used_at is not None or (
            _aware(row.expires_at) < utcnow()):
        raise Refused(no_code())
    if partner.id == diagnostic.id or (partner.organisation_id == diagnostic.organisation_id):
        raise Refused(_("C'est le code de votre propre diagnostic : donnez-le à votre "
                        "partenaire, qui le saisira de son côté."))
    if partner.questionnaire_key != diagnostic.questionnaire_key:
        raise Refused(_("Ce code vient d'un diagnostic d'un autre questionnaire : pour vous "
                        "comparer, vous devez avoir répondu au même."))
    if not partner.completed:
        raise Refused(_("Le diagnostic de votre partenaire n'est plus terminé : il doit le "
                        "terminer à nouveau, puis vous donner un nouveau code."))
    if linked(diagnostic, partner) is not None:
        raise Refused(_("Vos deux diagnostics sont déjà liés : retrouvez la page commune dans "
                        "vos alliances."))
    return row, partner


def link(diagnostic: Diagnostic, code: str,
         freeze: Callable[[Diagnostic, Diagnostic], dict[str, Any]]) -> Alliance:
    """Link `diagnostic` to the partner whose code this is (both consented); Refused when the
    code links nothing, or was used meanwhile. `freeze(first, second)` gives what the joint
    page will show of their answers, kept with the link (issue 30, M2). The partner is told."""
    row, partner = partner_of(diagnostic, code)
    divergences = freeze(partner, diagnostic)
    with transaction():
        taken = db.session.execute(update(PartnerCode).where(
            PartnerCode.id == row.id, PartnerCode.used_at.is_(None)).values(used_at=utcnow()))
        if not getattr(taken, "rowcount", 0):
            raise Refused(no_code())
        alliance = Alliance(first_id=partner.id, second_id=diagnostic.id,
                            divergences=divergences)
        db.session.add(alliance)
        db.session.flush()
        tell(partner, PARTNER_LINKED, diagnostic.id, alliance.id)
    return alliance


def tell(told: Diagnostic, kind: str, partner_id: int | None,
         alliance_id: int | None = None) -> None:
    """Inside the caller's transaction: a notice for `told`'s results page, and an e-mail to
    the address its participant kept for notices, when e-mail is configured."""
    db.session.add(PartnerNotice(diagnostic_id=told.id, kind=kind, partner_id=partner_id,
                                 alliance_id=alliance_id))
    outbox.notify(told, outbox.PARTNER_LINKED if kind == PARTNER_LINKED
                  else outbox.PARTNER_ENDED)


@dataclass(frozen=True)
class Notice:
    """A notice as the results page shows it."""

    kind: str
    partner: str | None  # None: the partner's diagnostic is gone
    alliance: str | None  # the joint page's public id, while the link lasts
    when: datetime


def notices(diagnostic: Diagnostic) -> list[Notice]:
    """The notices not seen yet, oldest first; reading them marks them seen (one
    transaction): the results page shows each once."""
    rows = list(db.session.scalars(select(PartnerNotice).where(
        PartnerNotice.diagnostic_id == diagnostic.id, PartnerNotice.seen_at.is_(None))
        .order_by(PartnerNotice.created_at, PartnerNotice.id)))
    if not rows:
        return []
    found = []
    for row in rows:
        alliance = db.session.get(Alliance, row.alliance_id) if row.alliance_id else None
        found.append(Notice(row.kind, row.partner.organisation.name if row.partner else None,
                            alliance.public_id if alliance is not None else None,
                            row.created_at))
    ids = [row.id for row in rows]
    with transaction():
        db.session.execute(update(PartnerNotice).where(PartnerNotice.id.in_(ids))
                           .values(seen_at=utcnow()))
    return found


@dataclass(frozen=True)
class Link:
    """One of a diagnostic's alliances, as its participant lists it."""

    public_id: str
    partner: str
    partner_kind: str | None
    since: datetime


def links_of(diagnostic: Diagnostic, lang: str) -> list[Link]:
    """A diagnostic's alliances, newest first."""
    rows = db.session.scalars(select(Alliance).where(or_(
        Alliance.first_id == diagnostic.id, Alliance.second_id == diagnostic.id))
        .order_by(Alliance.created_at.desc(), Alliance.id.desc()))
    found = []
    for alliance in rows:
        partner = alliance.second if alliance.first_id == diagnostic.id else alliance.first
        found.append(Link(alliance.public_id, partner.organisation.name,
                          kind_label(partner, lang), alliance.created_at))
    return found


def kind_label(diagnostic: Diagnostic, lang: str) -> str | None:
    """The organisation's kind as its completed diagnostic words it (« Association… »)."""
    snapshot = diagnostic.latest_snapshot()
    if snapshot is None:
        return None
    result = snapshot.results.get(lang) or snapshot.results.get("fr") or {}
    return result.get("kind_label")


def by_public_id(public_id: str) -> Alliance | None:
    """An alliance by its public id, if any."""
    return db.session.scalar(select(Alliance).where(Alliance.public_id == public_id[:64]))


def end(alliance: Alliance, by: Diagnostic) -> None:
    """Either side (`by`) ends the link: the joint page is gone for everyone, and the other
    side is told."""
    other = alliance.second if alliance.first_id == by.id else alliance.first
    with transaction():
        tell(other, PARTNER_ENDED, by.id)
        db.session.execute(delete(Alliance).where(Alliance.id == alliance.id))


def ended_with(erased: Collection[int]) -> None:
    """Inside the erasing transaction, before these diagnostics go (and their links with
    them): each partner that stays is told, without a name (its partner is gone)."""
    if not erased:
        return
    gone = set(erased)
    for alliance in db.session.scalars(select(Alliance).where(or_(
            Alliance.first_id.in_(gone), Alliance.second_id.in_(gone)))):
        for side in (alliance.first, alliance.second):
            if side.id not in gone:
                tell(side, PARTNER_ENDED, None)


def trainer_cohorts(alliance: Alliance, user: User) -> tuple[int, int] | None:
    """The cohorts through which `user` (a trainer or admin) sees both diagnostics, or None:
    a trainer sees the joint page only if it sees each side on its own."""
    ids = (alliance.first.cohort_id, alliance.second.cohort_id)
    if ids[0] is None or ids[1] is None:
        return None
    if user.is_admin:
        return ids[0], ids[1]
    mine = set(db.session.scalars(select(Cohort.id).where(
        Cohort.id.in_(ids), Cohort.trainer_id == user.id)))
    return (ids[0], ids[1]) if set(ids) <= mine else None


def trainer_links(diagnostic: Diagnostic, user: User, lang: str) -> list[Link]:
    """The diagnostic's alliances whose joint page `user` may see as a trainer."""
    allowed = {a.public_id for a in _alliances(diagnostic) if trainer_cohorts(a, user)}
    return [link for link in links_of(diagnostic, lang) if link.public_id in allowed]


def _alliances(diagnostic: Diagnostic) -> list[Alliance]:
    return list(db.session.scalars(select(Alliance).where(or_(
        Alliance.first_id == diagnostic.id, Alliance.second_id == diagnostic.id))))
