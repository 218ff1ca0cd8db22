"""Every write of the journey, each in one transaction; views only call these."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import String, bindparam, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..database import begin_write
from ..engine import InvalidAnswer, Questionnaire, check_answer, evaluate, result_dict
from ..extensions import db
from ..models import (
    COMPLETED,
    IN_PROGRESS,
    Answer,
    Diagnostic,
    Organisation,
    Snapshot,
    SnapshotDimension,
    SnapshotRecommendation,
    utcnow,
)
from .forms import clean_text

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud
CODE_LENGTH = 8


def digest(secret: str) -> str:
    """What we store of a token or code: its SHA-256, never the secret itself."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    """A resume code as typed (spaces, dashes, lower case) → its canonical form."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_token() -> str:
    """A private resume token: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def new_code() -> str:
    """A short resume code, XXXX-XXXX (about 40 bits; rate-limited at the door)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


@dataclass(frozen=True)
class Started:
    """A new diagnostic with the secrets to give back to its participant (shown once)."""

    diagnostic: Diagnostic
    token: str
    code: str


def start(questionnaire: Questionnaire, name: str, kind: str, lang: str) -> Started:
    """Create the organisation and its diagnostic; the kind is the first answer."""
    token, code = new_token(), new_code()
    organisation = Organisation(name=clean_text(name).strip(), kind=kind)
    diagnostic = Diagnostic(
        organisation=organisation,
        questionnaire_key=questionnaire.key,
        questionnaire_version=questionnaire.version,
        lang=lang,
        resume_token_hash=digest(token),
        resume_code_hash=digest(normalise_code(code)),
    )
    diagnostic.answers.append(Answer(question_id=questionnaire.index.kind_question, value=kind))
    db.session.add(diagnostic)
    db.session.commit()
    return Started(diagnostic, token, code)


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
    canonical = normalise_code(code or "")
    if len(canonical) != CODE_LENGTH:
        return None
    return db.session.scalar(select(Diagnostic).where(
        Diagnostic.resume_code_hash == digest(canonical)))


def renew(diagnostic: Diagnostic) -> tuple[str, str]:
    """A new resume link and code; the old ones stop working."""
    token, code = new_token(), new_code()
    diagnostic.resume_token_hash = digest(token)
    diagnostic.resume_code_hash = digest(normalise_code(code))
    db.session.commit()
    return token, code


class StaleRead(Exception):
    """The diagnostic changed between the read a save was computed from and the save."""


# Statements of a page save, built once (building them cost as much as running them). The
# upsert is one statement for any number of answers, run with a list of rows.
_answers = Answer.__table__
_diagnostics = Diagnostic.__table__
_STATUS_FOR_UPDATE = (select(_diagnostics.c.status)
                      .where(_diagnostics.c.id == bindparam("diagnostic_id"))
                      .with_for_update())  # PostgreSQL: the row is locked; SQLite: no-op
_REVISIONS = (select(_answers.c.question_id, _answers.c.revision)
              .where(_answers.c.diagnostic_id == bindparam("diagnostic_id")))
_TOUCH = (update(_diagnostics).where(_diagnostics.c.id == bindparam("diagnostic_id"))
          .values(updated_at=bindparam("now"), progress=bindparam("progress"),
                  lang=func.coalesce(bindparam("lang", type_=String), _diagnostics.c.lang)))


@cache
def _upsert(dialect: str) -> Any:
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(_answers)
    return statement.on_conflict_do_update(
        index_elements=["diagnostic_id", "question_id"],
        set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at,
              "revision": _answers.c.revision + 1})


def save_answers(diagnostic: Diagnostic, changes: dict[str, Any], cleared: set[str],
                 progress: int, lang: str | None = None,
                 read: dict[str, int] | None = None) -> None:
    """Upsert the changed answers and delete the cleared ones, in one transaction; the report's
    language follows the language the participant answers in.

    `read`, when given, is the revisions of every answer as they were read, outside the write
    transaction, to compute the changes: the write lock is taken only now, and if any answer
    changed in between (or the diagnostic left « in progress »), nothing is written and
    StaleRead is raised, for the caller to read again under the lock. Page saves do this, so
    that their reading and checking do not hold up other writers (bench/web.py)."""
    key = {"diagnostic_id": diagnostic.id}
    if read is not None:
        db.session.commit()  # end the read transaction: the next one is a write transaction
        begin_write()
        status = db.session.scalar(_STATUS_FOR_UPDATE, key)
        if status != IN_PROGRESS or dict(db.session.execute(_REVISIONS, key).all()) != read:
            db.session.rollback()
            raise StaleRead(key["diagnostic_id"])
    now = utcnow()
    if changes:
        db.session.execute(_upsert(db.engine.dialect.name), [
            {**key, "question_id": qid, "value": list(value) if isinstance(value, tuple)
             else value, "revision": 1, "updated_at": now}
            for qid, value in changes.items()])
    if cleared:
        db.session.execute(delete(Answer).where(
            Answer.diagnostic_id == key["diagnostic_id"], Answer.question_id.in_(cleared)))
    db.session.execute(_TOUCH, {**key, "now": now, "progress": progress, "lang": lang or None})
    db.session.commit()


def complete(diagnostic: Diagnostic, questionnaire: Questionnaire) -> Snapshot:
    """Score the answers and freeze the result (both languages) in a snapshot."""
    answers = engine_answers(questionnaire, diagnostic.answer_map())
    scores, road = evaluate(questionnaire, answers)
    snapshot = Snapshot(
        diagnostic=diagnostic,
        questionnaire_key=questionnaire.key,
        questionnaire_version=questionnaire.version,
        content_hash=questionnaire.content_hash,
        global_score=scores.global_score,
        level=scores.level,
        answers=diagnostic.answer_map(),
        results={lang: result_dict(questionnaire, scores, road, lang) for lang in ("fr", "en")},
    )
    snapshot.dimension_scores = [SnapshotDimension(dimension_id=d, score=s.score)
                                 for d, s in scores.dimensions.items()]
    snapshot.recommendations = [
        SnapshotRecommendation(recommendation_id=item.recommendation.id, rank=item.rank,
                               in_plan=item.rank <= len(road.main))
        for item in road.selected]
    diagnostic.status = COMPLETED
    diagnostic.completed_at = utcnow()
    diagnostic.questionnaire_version = questionnaire.version
    diagnostic.global_score = scores.global_score
    diagnostic.level = scores.level
    db.session.add(snapshot)
    db.session.flush()
    diagnostic.latest_snapshot_id = snapshot.id
    db.session.commit()
    return snapshot


def reopen(diagnostic: Diagnostic) -> None:
    """Let the participant change answers again; the next completion makes a new snapshot."""
    diagnostic.status = IN_PROGRESS
    db.session.commit()


def engine_answers(questionnaire: Questionnaire, stored: dict[str, Any]) -> dict[str, Any]:
    """Stored JSON → the engine's checked values; answers the content no longer accepts
    (a question removed, an option renamed in a new version) are left out, not guessed."""
    checked: dict[str, Any] = {}
    for qid, value in stored.items():
        question = questionnaire.questions.get(qid)
        if question is None:
            continue
        try:
            checked[qid] = check_answer(question, value)
        except InvalidAnswer:
            continue
    return checked
