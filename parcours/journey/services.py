"""Every write of the journey, each one transaction (infra/unit_of_work.py); views only call
these."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from functools import cache
from typing import Any

from flask import abort
from sqlalchemy import String, bindparam, delete, func, null, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import ObjectDeletedError

from ..engine import Questionnaire, evaluate, result_dict
from ..infra.codes import RESUME_CODE_LENGTH, digest, new_seed, normalise, resume_secrets
from ..infra.extensions import db
from ..infra.unit_of_work import transaction, write_unless_changed
from ..mail import outbox
from ..models import (
    IN_PROGRESS,
    Answer,
    Cohort,
    Diagnostic,
    Organisation,
    Snapshot,
    utcnow,
)
from ..services import plans
from ..services.cohorts import join
from ..services.questionnaires import engine_answers
from ..services.snapshots import freeze
from . import page as pages
from .fields import clean_text
from .navigation import Page, progress

CODE_LENGTH = RESUME_CODE_LENGTH
secrets_of = resume_secrets  # the resume token and code of a seed (parcours/infra/codes.py)


def current_secrets(diagnostic: Diagnostic) -> tuple[str, str] | None:
    """The resume token and code of a diagnostic, to show to whoever may open it; None when
    they cannot be derived (a diagnostic from before seeds, or another SECRET_KEY)."""
    if not diagnostic.resume_seed:
        return None
    token, code = secrets_of(diagnostic.resume_seed)
    if digest(token) != diagnostic.resume_token_hash or \
            digest(normalise(code)) != diagnostic.resume_code_hash:
        return None
    return token, code


@dataclass(frozen=True)
class Started:
    """A new diagnostic with the secrets to give back to its participant (shown once)."""

    diagnostic: Diagnostic
    token: str
    code: str


def _new_diagnostic(questionnaire: Questionnaire, organisation: Organisation,
                    lang: str) -> tuple[Diagnostic, str, str]:
    seed = new_seed()
    token, code = secrets_of(seed)
    diagnostic = Diagnostic(
        organisation=organisation,
        questionnaire_key=questionnaire.key,
        questionnaire_version=questionnaire.version,
        lang=lang,
        resume_seed=seed,
        resume_token_hash=digest(token),
        resume_code_hash=digest(normalise(code)),
    )
    return diagnostic, token, code


def start(questionnaire: Questionnaire, name: str, kind: str | None, lang: str,
          cohort: Cohort | None = None, user_id: int | None = None) -> Started:
    """Create the organisation and its diagnostic; the kind is the first answer (a
    questionnaire without a kind question has none). With a `cohort` (the participant
    consented), the diagnostic joins it in the same transaction. Started while logged in
    (`user_id`), it is the account's from the start."""
    organisation = Organisation(name=clean_text(name).strip(), kind=kind or "")
    diagnostic, token, code = _new_diagnostic(questionnaire, organisation, lang)
    diagnostic.user_id = user_id
    if questionnaire.index.kind_question is not None and kind is not None:
        diagnostic.answers.append(Answer(question_id=questionnaire.index.kind_question,
                                         value=kind))
    with transaction():
        db.session.add(diagnostic)
        if cohort is not None:
            join(diagnostic, cohort)
    return Started(diagnostic, token, code)


def _successor(source: Diagnostic, questionnaire: Questionnaire, lang: str,
               user_id: int | None) -> tuple[
        Diagnostic, str, str, dict[str, Any], dict[str, Any]]:
    """A new diagnostic of `questionnaire` for `source`'s organisation and account (or, when
    `source` is in none, the account logged in: `user_id`), with its secrets; `source`'s
    answers as stored, and those `questionnaire` accepts, checked."""
    diagnostic, token, code = _new_diagnostic(questionnaire, source.organisation, lang)
    diagnostic.user_id = source.user_id if source.user_id is not None else user_id
    stored = source.answer_map()
    return diagnostic, token, code, stored, engine_answers(questionnaire, stored)


def carried_to(source: Diagnostic) -> Diagnostic | None:
    """The diagnostic started with `source`'s answers (« Faire le parcours complet »), if any."""
    found: Diagnostic | None = db.session.scalar(
        select(Diagnostic).where(Diagnostic.carried_from_id == source.id))
    return found


def successor_of(diagnostic: Diagnostic) -> Diagnostic | None:
    """The diagnostic started from this one and still in progress, its carry-over or latest
    follow-up (none for a respondent's row)."""
    if diagnostic.is_respondent:
        return None
    found: Diagnostic | None = db.session.scalar(
        select(Diagnostic).where(
            (Diagnostic.carried_from_id == diagnostic.id)
            | (Diagnostic.previous_id == diagnostic.id),
            Diagnostic.status == IN_PROGRESS, Diagnostic.host_id.is_(None))
        .order_by(Diagnostic.created_at.desc(), Diagnostic.id.desc()).limit(1))
    return found


def carry_over(source: Diagnostic, target: Questionnaire, lang: str,
               user_id: int | None = None) -> tuple[Started, int]:
    """A diagnostic of `target` for the same organisation (and account), with the answers of
    `source` that `target` asks in the same words: same question id, a value it accepts. It
    joins no cohort (a cohort is for one questionnaire). Returns it and how many answers came;
    when `source` was carried over already (a second click, another tab), the first one and
    -1: one source, one carry-over (a unique index holds it against two clicks at once)."""
    diagnostic, token, code, stored, kept = _successor(source, target, lang, user_id)
    diagnostic.carried_from_id = source.id
    for question_id in kept:
        diagnostic.answers.append(Answer(question_id=question_id, value=stored[question_id]))
    diagnostic.progress = progress(target, kept).percent
    try:
        with transaction():
            existing = carried_to(source)
            if existing is None:
                db.session.add(diagnostic)
    except IntegrityError:  # the other click's diagnostic was written meanwhile (PostgreSQL)
        existing = carried_to(source)
        if existing is None:
            raise
    if existing is not None:
        return Started(existing, "", ""), -1
    return Started(diagnostic, token, code), len(kept)


def follow_up(previous: Diagnostic, questionnaire: Questionnaire, lang: str, prefill: bool,
              cohort: Cohort | None = None, user_id: int | None = None) -> Started:
    """« Refaire le diagnostic »: a new diagnostic of the same questionnaire for the same
    organisation and account, linked to `previous`. With `prefill`, the previous answers the
    questionnaire still accepts are copied as unconfirmed (Diagnostic.unconfirmed): nothing
    scores or counts them until a page save confirms them. The organisation's kind, asked at
    the start, stays an answer. With a `cohort` (the participant consented again), it joins it."""
    diagnostic, token, code, stored, kept = _successor(previous, questionnaire, lang, user_id)
    diagnostic.previous_id = previous.id
    diagnostic.previous_generation = previous.access_generation
    kind_question = questionnaire.index.kind_question
    confirmed = {kind_question: stored[kind_question]} \
        if kind_question is not None and kind_question in kept else {}
    for question_id, value in confirmed.items():
        diagnostic.answers.append(Answer(question_id=question_id, value=value))
    if prefill:
        diagnostic.unconfirmed = {qid: stored[qid] for qid in kept if qid not in confirmed} \
            or None
    diagnostic.progress = progress(questionnaire, engine_answers(questionnaire,
                                                                 confirmed)).percent
    with transaction():
        db.session.add(diagnostic)
        db.session.flush()
        plans.carry(previous.id, diagnostic.id)
        if cohort is not None:
            join(diagnostic, cohort)
    return Started(diagnostic, token, code)


def unconfirmed_of(diagnostic: Diagnostic) -> dict[str, Any]:
    """The pre-filled answers not confirmed yet (none but on a pre-filled follow-up)."""
    return dict(diagnostic.unconfirmed or {})


def _confirm(diagnostic_id: int, question_ids: set[str]) -> None:
    """Inside a transaction: the page of these questions was saved, their pre-filled answers
    are confirmed (saved as answers by the page, or cleared by the participant)."""
    current = db.session.scalar(select(_diagnostics.c.unconfirmed)
                                .where(_diagnostics.c.id == diagnostic_id))
    if not current or not question_ids & set(current):
        return
    left = {qid: value for qid, value in current.items() if qid not in question_ids}
    db.session.execute(update(_diagnostics).where(_diagnostics.c.id == diagnostic_id)
                       .values(unconfirmed=left or null()))


def find_by_token(token: str) -> Diagnostic | None:
    """The diagnostic a resume token opens, if any."""
    if not token or len(token) > 100:
        return None
    found = db.session.scalar(select(Diagnostic).where(
        Diagnostic.resume_token_hash == digest(token)))
    # the look-up is by hash; compare again in constant time all the same
    if found is not None and hmac.compare_digest(found.resume_token_hash, digest(token)):
        return found
    return None


def find_by_code(code: str) -> Diagnostic | None:
    """The diagnostic a short resume code opens, if any."""
    canonical = normalise(code or "")
    if len(canonical) != CODE_LENGTH:
        return None
    return db.session.scalar(select(Diagnostic).where(
        Diagnostic.resume_code_hash == digest(canonical)))


def renew(diagnostic: Diagnostic) -> tuple[str, str]:
    """A new resume link and code; the old ones stop working, and so does every browser's
    access given by them (a new access generation): the caller grants its own browser again."""
    seed = new_seed()
    token, code = secrets_of(seed)
    with transaction():
        diagnostic.resume_seed = seed
        diagnostic.resume_token_hash = digest(token)
        diagnostic.resume_code_hash = digest(normalise(code))
        diagnostic.access_generation += 1
    return token, code


# Statements of a page save, built once (building them cost as much as running them). The
# upsert is one statement for any number of answers, run with a list of rows.
_answers = Answer.__table__
_diagnostics = Diagnostic.__table__
_STATUS_FOR_UPDATE = (select(_diagnostics.c.status)
                      .where(_diagnostics.c.id == bindparam("diagnostic_id"))
                      .with_for_update())  # PostgreSQL: the row is locked; SQLite: no-op
# A save's check, in one query: the status (PostgreSQL: the row locked) and every revision
_VERSION = (select(_diagnostics.c.status, _answers.c.question_id, _answers.c.revision)
            .select_from(_diagnostics.outerjoin(
                _answers, _answers.c.diagnostic_id == _diagnostics.c.id))
            .where(_diagnostics.c.id == bindparam("diagnostic_id"))
            .with_for_update(of=_diagnostics))
_TOUCH = (update(_diagnostics).where(_diagnostics.c.id == bindparam("diagnostic_id"))
          .values(updated_at=bindparam("now"), progress=bindparam("progress"),
                  lang=func.coalesce(bindparam("lang", type_=String), _diagnostics.c.lang),
                  last_section=func.coalesce(bindparam("section", type_=String),
                                             _diagnostics.c.last_section)))

# the table's rows, not the ORM's: no Answer object is loaded to be kept in step with them, and
# the ORM's delete looked for one first (a twentieth of a save, bench/web.py)
_CLEAR = delete(_answers).where(_answers.c.diagnostic_id == bindparam("diagnostic_id"),
                                _answers.c.question_id.in_(bindparam("cleared", expanding=True)))


@cache
def _upsert(dialect: str) -> Any:
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(_answers)
    return statement.on_conflict_do_update(
        index_elements=["diagnostic_id", "question_id"],
        set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at,
              "revision": _answers.c.revision + 1})


def _write_answers(diagnostic_id: int, changes: dict[str, Any], cleared: set[str],
                   progress: int, lang: str | None, section: str | None = None) -> None:
    """Upsert the changed answers, delete the cleared ones (inside a transaction); `section`:
    the page saved, where a participant who comes back goes on."""
    key = {"diagnostic_id": diagnostic_id}
    now = utcnow()
    # table statements on the transaction's connection: the session's own way to it (its ORM
    # execution, for statements that touch no ORM object) was a tenth of a save (bench/web.py)
    db.session.flush()  # (nothing pending, as a rule: then it does nothing)
    connection = db.session.connection()
    if changes:
        connection.execute(_upsert(connection.dialect.name), [
            {**key, "question_id": qid, "value": list(value) if isinstance(value, tuple)
             else value, "revision": 1, "updated_at": now}
            for qid, value in changes.items()])
    if cleared:
        connection.execute(_CLEAR, {**key, "cleared": sorted(cleared)})
    connection.execute(_TOUCH, {**key, "now": now, "progress": progress, "lang": lang or None,
                                "section": section})


def save_answers(diagnostic: Diagnostic, changes: dict[str, Any], cleared: set[str],
                 progress: int, lang: str | None = None) -> None:
    """Upsert the changed answers and delete the cleared ones, in one transaction; the report's
    language follows the language the participant answers in."""
    diagnostic_id = diagnostic.id
    with transaction():
        _write_answers(diagnostic_id, changes, cleared, progress, lang)


def save_page(diagnostic: Diagnostic, q: Questionnaire, page: Page, form: Any,
              lang: str) -> pages.Saved | None:
    """Save what was posted on a page (journey/page.py says how); None, writing nothing, when
    the diagnostic is completed.

    The page is read and checked without the write lock, then written only if no answer and
    not the status changed meanwhile; otherwise read and checked again under the lock, so that
    the reading does not hold up other writers (bench/web.py)."""
    diagnostic_id = diagnostic.id  # a commit expires the object: no reload for the id
    # Pre-filled answers are only ever given to a follow-up when it starts, then confirmed away:
    # none now, none at the write; the write lock is then spared a query (bench/web.py).
    try:  # deferred unless the page loaded it with the diagnostic (journey/access.py)
        prefilled = bool(diagnostic.unconfirmed)
    except ObjectDeletedError:  # deleted meanwhile, from another tab: nothing to save into
        abort(404)

    def read() -> tuple[pages.Saved | None, tuple[str, dict[str, int]]]:
        stored = diagnostic.answer_rows()
        revisions = {qid: revision for qid, (_, revision) in stored.items()}
        version = (diagnostic.status, revisions)
        if diagnostic.status != IN_PROGRESS:
            return None, version
        answers = engine_answers(q, {qid: value for qid, (value, _) in stored.items()})
        return pages.save(q, page, form, answers, revisions, lang), version

    def version() -> tuple[str, dict[str, int]]:
        rows = db.session.connection().execute(_VERSION, {"diagnostic_id": diagnostic_id}).all()
        if not rows:  # deleted meanwhile, from another tab: nothing left to save into
            abort(404)
        return str(rows[0].status), {row.question_id: int(row.revision) for row in rows
                                     if row.question_id is not None}

    def write(saved: pages.Saved | None) -> None:
        if saved is not None:
            _write_answers(diagnostic_id, saved.changes, saved.cleared, saved.percent, lang,
                           page.section.id)
            if prefilled:
                _confirm(diagnostic_id, {question.id for question in page.section.questions})

    return write_unless_changed(read, version, write)


def complete(diagnostic: Diagnostic, questionnaire: Questionnaire) -> Snapshot | None:
    """Score the answers and freeze the result (both languages) in a snapshot; None when the
    diagnostic was completed already (by another request, say)."""
    diagnostic_id = diagnostic.id
    with transaction():
        # PostgreSQL: the row is locked, one completion at a time; SQLite: the write lock is
        if db.session.scalar(_STATUS_FOR_UPDATE, {"diagnostic_id": diagnostic_id}) != IN_PROGRESS:
            return None
        answers = engine_answers(questionnaire, diagnostic.answer_map())
        scores, road = evaluate(questionnaire, answers)
        snapshot = freeze(diagnostic, questionnaire, scores, road, diagnostic.answer_map(),
                          {lang: result_dict(questionnaire, scores, road, lang)
                           for lang in ("fr", "en")})
        if diagnostic.host_id is None:  # a respondent has no roadmap of its own to read
            outbox.notify(diagnostic, outbox.ROADMAP_READY)  # sent once this commits
    return snapshot


def reopen(diagnostic: Diagnostic) -> None:
    """Let the participant change answers again; the next completion makes a new snapshot."""
    with transaction():
        diagnostic.status = IN_PROGRESS
