"""The collective diagnostic's results (issues 18, 25; issue 30 H1), published in rounds.

Nothing the host or a trainer can see changes because of one respondent:
- a completion publishes nothing: the host publishes a round (« Publier les résultats ») once
  ROUND_NEW respondents have completed since the last round, the initiator's own row apart (it
  joins a round whenever it has completed, but never counts towards one: the host knows its
  own answers). Each round is consolidated from every respondent counted so far, so two
  successive rounds differ by ROUND_NEW people or more, never by one or two;
- a role's figures move only by three of its members at a time (engine.collective.role_members);
- a respondent counted in a round who deletes its answers closes the collection: the last
  round stays as published, and no later round can be set against it to read what the one who
  left had answered (a round that lost one and gained three would differ by that one, against
  three newcomers who may have answered alike). A new collection starts a new diagnostic;
- the live counts per role are shown in bands (`band`), never exact.
The engine consolidates (`parcours.engine.collective`); the host gets an ordinary snapshot of
the consolidated answers whose results add `alignment`, and then reads like any completed
diagnostic to the dashboard, history, exports and PDF cache. No respondent's own answers or
scores leave this module."""

from __future__ import annotations

from sqlalchemy import func, select, update

from ..engine import Questionnaire, result_dict
from ..engine.collective import MIN_GROUP, Response, alignment_dict, consolidate
from ..infra.extensions import db
from ..infra.unit_of_work import transaction
from ..mail import outbox
from ..models import (
    COMPLETED,
    Answer,
    Diagnostic,
    Snapshot,
)
from ..models.base import utcnow
from .questionnaires import engine_answers
from .snapshots import freeze

LANGUAGES = ("fr", "en")
ROUND_NEW = MIN_GROUP  # respondents a round adds at least, the initiator's own row apart
# (upper bound, label) of the bands live counts are shown in
BANDS = ((0, "0"), (2, "1–2"), (5, "3–5"), (10, "6–10"), (20, "11–20"))


def band(count: int) -> str:
    """A live count as shown to the host: « 0 », « 1–2 », « 3–5 », « 6–10 », « 11–20 », « > 20 »."""
    return next((label for high, label in BANDS if count <= high), f"> {BANDS[-1][0]}")


def _stored(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _own_id(host_id: int) -> int | None:
    """The initiator's own row: the first made (services/collective.make_collective)."""
    return db.session.scalar(select(func.min(Diagnostic.id)).where(Diagnostic.host_id == host_id))


def _responses(q: Questionnaire, host_id: int) -> list[Response]:
    """Every respondent counted in a published round, with the round it joined."""
    rows = db.session.execute(
        select(Diagnostic.id, Diagnostic.respondent_role, Diagnostic.respondent_round)
        .where(Diagnostic.host_id == host_id, Diagnostic.respondent_round.is_not(None))
        .order_by(Diagnostic.respondent_round, Diagnostic.id)).all()
    answers: dict[int, dict[str, object]] = {row.id: {} for row in rows}
    if answers:
        for diagnostic_id, qid, value in db.session.execute(
                select(Answer.diagnostic_id, Answer.question_id, Answer.value)
                .where(Answer.diagnostic_id.in_(answers))):
            answers[diagnostic_id][qid] = value
    return [Response(str(row.respondent_role), engine_answers(q, answers[row.id]),
                     int(row.respondent_round)) for row in rows]


def waiting(host_id: int) -> int:
    """Completed respondents not counted in a round yet, the initiator's own row apart."""
    own = _own_id(host_id)
    return int(db.session.scalar(select(func.count()).select_from(Diagnostic).where(
        Diagnostic.host_id == host_id, Diagnostic.status == COMPLETED,
        Diagnostic.respondent_round.is_(None), Diagnostic.id != (own or 0))) or 0)


def rounds(host_id: int) -> int:
    """How many rounds were published."""
    return int(db.session.scalar(select(func.max(Diagnostic.respondent_round))
                                 .where(Diagnostic.host_id == host_id)) or 0)


def publishable(host: Diagnostic) -> bool:
    """Whether the host may publish a round now."""
    return host.collection_closed_at is None and waiting(host.id) >= ROUND_NEW


def _freeze(host: Diagnostic, q: Questionnaire) -> Snapshot | None:
    responses = _responses(q, host.id)
    if len(responses) < MIN_GROUP:
        return None
    profile = engine_answers(q, host.answer_map())
    result = consolidate(q, profile, responses)
    scores, road = result.scores, result.roadmap
    first = host.latest_snapshot_id is None
    snapshot = freeze(host, q, scores, road,
                      {qid: _stored(value) for qid, value in result.answers.items()},
                      {lang: {**result_dict(q, scores, road, lang),
                              "alignment": alignment_dict(q, result, lang)}
                       for lang in LANGUAGES})
    host.progress = 100
    if first:  # the first results: told like a completion, once this commits
        outbox.notify(host, outbox.ROADMAP_READY)
    return snapshot


def _lock(host_id: int) -> None:
    # PostgreSQL: the host's row is locked, one publication at a time
    db.session.execute(select(Diagnostic.id).where(Diagnostic.id == host_id).with_for_update())


def publish_round(host: Diagnostic, q: Questionnaire) -> Snapshot | None:
    """A new round: every completed respondent not counted yet joins it, and the host gets a
    new snapshot of all counted so far; None when the collection is closed or fewer than
    ROUND_NEW new respondents (the initiator's own row apart) have completed."""
    with transaction():
        _lock(host.id)
        db.session.refresh(host)
        if not publishable(host):
            return None
        number = rounds(host.id) + 1
        db.session.execute(update(Diagnostic).where(
            Diagnostic.host_id == host.id, Diagnostic.status == COMPLETED,
            Diagnostic.respondent_round.is_(None)).values(respondent_round=number)
            .execution_options(synchronize_session=False))
        return _freeze(host, q)


def after_completion(respondent: Diagnostic, q: Questionnaire) -> Snapshot | None:
    """A respondent completed: nothing is published (the host publishes rounds)."""
    del respondent, q
    return None


def after_leaving(host_id: int | None, counted: bool) -> None:
    """A respondent deleted its answers. Counted in a published round, it closes the
    collection: the last round stays, and no later one is published (module docstring)."""
    host = db.session.get(Diagnostic, host_id) if host_id is not None else None
    if host is None or not counted or host.collection_closed_at is not None:
        return
    with transaction():
        host.collection_closed_at = utcnow()

