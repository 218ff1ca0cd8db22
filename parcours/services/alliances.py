"""Two partners face to face, shared by both sides: a participant offers a partner code, its
partner enters it and the two completed diagnostics are linked (journey/alliance.py); the
participants and a trainer who sees both read the joint page (journey, trainer).

A code is 8 characters of codes.ALPHABET (40 bits), shown once, kept as its SHA-256, single use,
valid ALLIANCE_CODE_DAYS; guesses are rate-limited by the view. One transaction per write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..infra.codes import digest, new_code, normalise
from ..infra.extensions import db
from ..infra.unit_of_work import transaction
from ..models import Alliance, Cohort, Diagnostic, PartnerCode, User, utcnow

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


def partner_of(diagnostic: Diagnostic, code: str) -> tuple[PartnerCode, Diagnostic]:
    """The code's row and the partner's diagnostic it links `diagnostic` to; Refused when it
    links nothing (unknown, expired, used, own, another questionnaire, not completed, linked)."""
    canonical = normalise(code)[:16]
    row = db.session.scalar(select(PartnerCode).where(PartnerCode.code_hash == digest(canonical)))
    if row is None:
        raise Refused(_("Ce code ne correspond à aucun diagnostic. Vérifiez-le auprès de "
                        "votre partenaire."))
    partner = db.session.get(Diagnostic, row.diagnostic_id)
    if partner is None:
        raise Refused(_("Ce code ne correspond à aucun diagnostic. Vérifiez-le auprès de "
                        "votre partenaire."))
    if partner.id == diagnostic.id or (partner.organisation_id == diagnostic.organisation_id):
        raise Refused(_("C'est le code de votre propre diagnostic : donnez-le à votre "
                        "partenaire, qui le saisira de son côté."))
    if row.used_at is not None:
        raise Refused(_("Ce code a déjà servi : demandez-en un nouveau à votre partenaire."))
    if _aware(row.expires_at) < utcnow():
        raise Refused(_("Ce code a expiré (il vaut %(days)d jours) : demandez-en un nouveau à "
                        "votre partenaire.", days=CODE_DAYS))
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


def link(diagnostic: Diagnostic, code: str) -> Alliance:
    """Link `diagnostic` to the partner whose code this is (both consented); Refused when the
    code links nothing, or was used meanwhile."""
    row, partner = partner_of(diagnostic, code)
    with transaction():
        taken = db.session.execute(update(PartnerCode).where(
            PartnerCode.id == row.id, PartnerCode.used_at.is_(None)).values(used_at=utcnow()))
        if not getattr(taken, "rowcount", 0):
            raise Refused(_("Ce code a déjà servi : demandez-en un nouveau à votre partenaire."))
        alliance = Alliance(first_id=partner.id, second_id=diagnostic.id)
        db.session.add(alliance)
    return alliance


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


def end(alliance: Alliance) -> None:
    """Either side ends the link: the joint page is gone for everyone."""
    with transaction():
        db.session.execute(delete(Alliance).where(Alliance.id == alliance.id))


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
