"""The collective diagnostic's results (issue 18): from MIN_GROUP completed respondents, the
engine consolidates their answers (`parcours.engine.collective`), and the host gets an ordinary
snapshot of the consolidated answers whose results add `alignment`. The host then reads like any
completed diagnostic to the dashboard, history, exports and PDF cache; no respondent's own
answers or scores leave this module."""

from __future__ import annotations

from sqlalchemy import select

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
from .questionnaires import engine_answers, questionnaire_of
from .snapshots import freeze

LANGUAGES = ("fr", "en")


def _stored(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _responses(q: Questionnaire, host_id: int) -> list[Response]:
    rows = db.session.execute(
        select(Diagnostic.id, Diagnostic.respondent_role)
        .where(Diagnostic.host_id == host_id, Diagnostic.status == COMPLETED)
        .order_by(Diagnostic.id)).all()
    answers: dict[int, dict[str, object]] = {row.id: {} for row in rows}
    if answers:
        for diagnostic_id, qid, value in db.session.execute(
                select(Answer.diagnostic_id, Answer.question_id, Answer.value)
                .where(Answer.diagnostic_id.in_(answers))):
            answers[diagnostic_id][qid] = value
    return [Response(str(row.respondent_role), engine_answers(q, answers[row.id]))
            for row in rows]


def consolidate_host(host: Diagnostic, q: Questionnaire) -> Snapshot | None:
    """A new snapshot of the host from its completed respondents; None below MIN_GROUP."""
    host_id = host.id
    with transaction():
        # PostgreSQL: the host's row is locked, one consolidation at a time
        db.session.execute(select(Diagnostic.id).where(Diagnostic.id == host_id)
                           .with_for_update())
        responses = _responses(q, host_id)
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


def after_leaving(host_id: int | None) -> Snapshot | None:
    """A respondent deleted its answers: the host is consolidated again without them, when three
    or more completed respondents remain (below, its last results stay: made of three or more,
    they show no one's answers)."""
    host = db.session.get(Diagnostic, host_id) if host_id is not None else None
    if host is None or host.latest_snapshot_id is None:
        return None
    return consolidate_host(host, questionnaire_of(host))


def after_completion(respondent: Diagnostic, q: Questionnaire) -> Snapshot | None:
    """A respondent completed: the host is consolidated again once MIN_GROUP have."""
    if respondent.host_id is None:
        return None
    host = db.session.get(Diagnostic, respondent.host_id)
    return consolidate_host(host, q) if host is not None else None
