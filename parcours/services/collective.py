"""The collective diagnostic (issue 18): a host diagnostic, one invitation link per role, each
respondent's own row; the journey's pages and the trainer's call these.

The host is the diagnostic the initiator started: it keeps its organisation, account, cohort
and resume link, and holds only the profile. Each respondent answers in a diagnostic row of its
own (`host_id`, `respondent_role`), with the host's profile copied in and no cohort: nothing
lists those rows, and only counts per role ever leave this module.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import aliased

from ..engine import Questionnaire
from ..engine.collective import profile_ids
from ..infra.codes import digest, new_seed, normalise, resume_secrets, token_from
from ..infra.extensions import db
from ..infra.unit_of_work import transaction
from ..mail import outbox
from ..models import COMPLETED, Answer, Diagnostic, Invitation
from .questionnaires import engine_answers

PURPOSE, TOKEN_BYTES = "invitation", 24
ROLE_MAX, ROLES_MAX = 60, 12
# Roles offered by organisation kind (the initiator may add its own labels).
PRESETS: dict[str, Any] = {
    "direction": _l("Direction"),
    "conseil_administration": _l("Conseil d'administration"),
    "salaries": _l("Salariés"),
    "benevoles": _l("Bénévoles"),
    "adherents": _l("Adhérents"),
    "partenaires": _l("Partenaires"),
    "elus": _l("Élus"),
    "agents": _l("Agents"),
    "managers": _l("Managers"),
}
BY_KIND = {
    "association": ("direction", "conseil_administration", "salaries", "benevoles",
                    "adherents", "partenaires"),
    "entreprise": ("direction", "managers", "salaries", "partenaires"),
    "collectivite": ("elus", "direction", "agents", "partenaires"),
}


def presets_for(kind: str | None) -> list[tuple[str, str]]:
    """The preset roles offered to an organisation of `kind`: (id, label)."""
    ids = BY_KIND.get(kind or "", tuple(PRESETS))
    return [(role, str(PRESETS[role])) for role in ids]


def role_label(role: str) -> str:
    """What a role is called: a preset's label in the reader's language, else as typed."""
    return str(PRESETS[role]) if role in PRESETS else role


def clean_roles(chosen: list[str], typed: str) -> list[str]:
    """The roles asked for: presets ticked, then one custom label per line (trimmed, without
    duplicates, at most ROLE_MAX characters each); ValueError with a French message."""
    roles = [role for role in chosen if role in PRESETS]
    for line in typed.splitlines():
        label = " ".join(line.split())
        if not label:
            continue
        if len(label) > ROLE_MAX:
            raise ValueError(str(_l("Un rôle tient en %(max)s caractères au plus.",
                                    max=ROLE_MAX)))
        if label.casefold() not in {role_label(r).casefold() for r in roles}:
            roles.append(label)
    if not roles:
        raise ValueError(str(_l("Choisissez au moins un rôle.")))
    if len(roles) > ROLES_MAX:
        raise ValueError(str(_l("%(max)s rôles au plus.", max=ROLES_MAX)))
    return roles


def is_collective(diagnostic: Diagnostic) -> bool:
    """Whether a diagnostic is the host of a collective diagnostic."""
    return diagnostic.host_id is None and bool(db.session.scalar(
        select(func.count()).select_from(Invitation)
        .where(Invitation.host_id == diagnostic.id)))


def profile_questions(q: Questionnaire) -> list[str]:
    """The ids of the questions of the profile stage(s), in order (the engine's `profile_ids`:
    the stages without dimensions)."""
    ids = profile_ids(q)
    return [qid for qid in q.questions if qid in ids]


def profile_answered(q: Questionnaire, diagnostic: Diagnostic) -> bool:
    """Whether the profile is answered: every shown question of it that takes one answer (a
    multiple choice may be left empty: none applies; a remark is optional)."""
    answers = engine_answers(q, diagnostic.answer_map())
    shown, _ = q.visibility(answers)
    return all(qid in answers for qid in profile_questions(q) if qid in shown
               and q.questions[qid].type not in ("multiple", "text"))


def invitation_token(invitation: Invitation) -> str:
    """The invitation link's token, derived again from its seed (codes.py)."""
    return token_from(PURPOSE, invitation.seed, TOKEN_BYTES)


def invitations(host: Diagnostic) -> list[Invitation]:
    """The host's invitations, in the order the roles were given."""
    return list(db.session.scalars(select(Invitation).where(Invitation.host_id == host.id)
                                   .order_by(Invitation.position, Invitation.id)))


def _new_invitation(host: Diagnostic, role: str, position: int) -> Invitation:
    seed = new_seed()
    invitation = Invitation(host_id=host.id, role=role, position=position, seed=seed)
    invitation.token_hash = digest(invitation_token(invitation))
    return invitation


def find_invitation(token: str) -> Invitation | None:
    """The invitation a link's token opens, if any (looked up by hash, compared again in
    constant time)."""
    if not token or len(token) > 100:
        return None
    found = db.session.scalar(select(Invitation).where(Invitation.token_hash == digest(token)))
    if found is not None and hmac.compare_digest(found.token_hash, digest(token)):
        return found
    return None


@dataclass(frozen=True)
class Respondent:
    """A new respondent's row, with its resume secrets (shown once)."""

    diagnostic: Diagnostic
    token: str
    code: str


def _respondent(host: Diagnostic, q: Questionnaire, role: str, lang: str,
                profile: dict[str, Any]) -> Respondent:
    seed = new_seed()
    token, code = resume_secrets(seed)
    row = Diagnostic(organisation_id=host.organisation_id, questionnaire_key=host.questionnaire_key,
                     questionnaire_version=q.version, lang=lang, resume_seed=seed,
                     resume_token_hash=digest(token), resume_code_hash=digest(normalise(code)),
                     host_id=host.id, respondent_role=role)
    row.answers = [Answer(question_id=qid, value=value) for qid, value in profile.items()]
    return Respondent(row, token, code)


def make_collective(host: Diagnostic, q: Questionnaire, roles: list[str], own_role: str,
                    lang: str) -> Respondent:
    """Make `host` collective: one invitation per role, and the initiator's own respondent row
    (role `own_role`, one of `roles`), into which every answer beyond the profile moves."""
    stored = host.answer_map()
    profile_ids = set(profile_questions(q))
    profile = {qid: value for qid, value in stored.items() if qid in profile_ids}
    own = _respondent(host, q, own_role, lang, profile)
    own.diagnostic.user_id = host.user_id
    for qid, value in stored.items():
        if qid not in profile_ids:
            own.diagnostic.answers.append(Answer(question_id=qid, value=value))
    with transaction():
        for position, role in enumerate(roles):
            db.session.add(_new_invitation(host, role, position))
        db.session.query(Answer).filter(Answer.diagnostic_id == host.id,
                                        Answer.question_id.notin_(profile_ids or {""})) \
            .delete(synchronize_session=False)
        db.session.add(own.diagnostic)
    return own


def add_respondent(invitation: Invitation, q: Questionnaire, lang: str) -> Respondent:
    """A new respondent for the invitation's role, with the host's profile copied in."""
    host = db.session.get(Diagnostic, invitation.host_id)
    assert host is not None  # noqa: S101 - the invitation goes with its host (cascade)
    profile_ids = set(profile_questions(q))
    profile = {qid: value for qid, value in host.answer_map().items() if qid in profile_ids}
    respondent = _respondent(host, q, invitation.role, lang, profile)
    with transaction():
        db.session.add(respondent.diagnostic)
    return respondent


def holds_respondent(host: Diagnostic, public_ids: list[str]) -> bool:
    """Whether one of `public_ids` (what a browser may open) is a respondent of `host`."""
    return bool(public_ids) and bool(db.session.scalar(
        select(func.count()).select_from(Diagnostic).where(
            Diagnostic.host_id == host.id, Diagnostic.public_id.in_(public_ids))))


def own_row(host: Diagnostic) -> Diagnostic | None:
    """The initiator's own respondent row (the first, made with the host's account)."""
    return db.session.scalar(select(Diagnostic).where(Diagnostic.host_id == host.id)
                             .order_by(Diagnostic.id).limit(1))


def counts(host: Diagnostic) -> dict[str, dict[str, int]]:
    """Per role: how many started and how many completed (counts only, never who)."""
    rows = db.session.execute(
        select(Diagnostic.respondent_role, Diagnostic.status, func.count())
        .where(Diagnostic.host_id == host.id)
        .group_by(Diagnostic.respondent_role, Diagnostic.status))
    found: dict[str, dict[str, int]] = {}
    for role, status, number in rows:
        entry = found.setdefault(str(role), {"started": 0, "completed": 0})
        entry["started"] += number
        if status == COMPLETED:
            entry["completed"] += number
    return found


def completed_count(host_id: int) -> int:
    """How many respondents of a host have completed."""
    return int(db.session.scalar(select(func.count()).select_from(Diagnostic).where(
        Diagnostic.host_id == host_id, Diagnostic.status == COMPLETED)) or 0)


def send_invitations(invitation: Invitation, addresses: list[str], lang: str) -> None:
    """Queue the role's invitation to each address: the message is written when it is sent,
    its link derived again from the invitation's seed (no link is stored)."""
    with transaction():
        for address in addresses:
            outbox.queue(outbox.INVITATION, address, lang, diagnostic_id=invitation.host_id,
                         invitation_id=invitation.id)


def respondents_column() -> Any:
    """For a list of diagnostics (the trainer's dashboard): how many respondents a host's last
    published round is made of (never the live count: issue 25), NULL for any other
    diagnostic; correlated to `Diagnostic`."""
    respondent = aliased(Diagnostic)
    completed = (select(func.count()).select_from(respondent)
                 .where(respondent.host_id == Diagnostic.id,
                        respondent.respondent_round.is_not(None))
                 .correlate(Diagnostic).scalar_subquery())
    hosting = exists().where(Invitation.host_id == Diagnostic.id).correlate(Diagnostic)
    return case((hosting, completed), else_=None)


def published_count(host_id: int) -> int:
    """How many respondents a host's last published round is made of."""
    return int(db.session.scalar(select(func.count()).select_from(Diagnostic).where(
        Diagnostic.host_id == host_id, Diagnostic.respondent_round.is_not(None))) or 0)


def respondents_of(diagnostic: Diagnostic) -> int | None:
    """How many respondents a host's last published round is made of; None for any other
    diagnostic."""
    return published_count(diagnostic.id) if is_collective(diagnostic) else None


def stored_answers(diagnostic: Diagnostic) -> dict[str, Any]:
    """The answers a diagnostic's answer files and exports hold: a collective host's are its
    latest consolidation's (its own rows hold only the profile); anyone else's, its own."""
    if diagnostic.latest_snapshot_id is not None and is_collective(diagnostic):
        snapshot = diagnostic.latest_snapshot()
        if snapshot is not None:
            return dict(snapshot.answers)
    return diagnostic.answer_map()
