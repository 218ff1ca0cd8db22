"""A cohort's figures for its overview (page and PDF): what the whole group answered, in SQL, one
query per table, kept in memory until the cohort changes.

Why a cache. Each of these tables reads every completed participant's rows (13 dimension
scores, some 60 answers each): at 10,000 participants that is 600,000 answers, far more than a
page may cost (bench/dashboard.py). What they read only changes when one of the cohort's
diagnostics does, and every write to a diagnostic moves its `updated_at` (its `onupdate`), a
participant who joins, leaves or is deleted changes the cohort's count and the sum of its ids:
so (count, sum of ids, latest `updated_at`) over the cohort's index is a fingerprint that one
pass over that index reads, and the figures are kept under it. A key is never stale; each
process keeps the last few cohorts it computed.

Under SAFE_COHORT organisations that completed, no figure of the group is shown at all: the
« mean » of one participant is its score, and the access log (services/access_log.py), which
records each participant's results read, would not know (issue 30, L2).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Text, and_, cast, exists, func, select
from sqlalchemy.orm import aliased

from ..infra.extensions import db
from ..models import (
    COMPLETED,
    Answer,
    Cohort,
    Diagnostic,
    Invitation,
    Organisation,
    Snapshot,
    SnapshotDimension,
    SnapshotRecommendation,
)

SAFE_COHORT = 5  # organisations that completed, below which the group's figures are not shown
DONT_KNOW_JSON = json.dumps("dont_know")  # how the answer is stored (a JSON column)


@dataclass(frozen=True)
class Figures:
    """What the overview reads about the group as a whole (never one participant's row)."""

    organisations: int  # distinct organisations with a completed diagnostic in the cohort
    dimensions: dict[str, dict[str, float]] = field(default_factory=dict)
    frequent: list[tuple[str, int]] = field(default_factory=list)
    # organisation kind → {"completed": n, "in_progress": n, "mean": mean global or None}
    kinds: dict[str, dict[str, Any]] = field(default_factory=dict)
    # question id → [(answer value, how many completed participants gave it)]
    answers: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    # dimension → {"n": follow-ups, "mean_change": …}: from each organisation's previous
    # diagnostic to its latest follow-up, both in the cohort
    changes: dict[str, dict[str, float]] = field(default_factory=dict)
    # level → names of the organisations whose participant agreed to be named to the group
    # (ticking the box changes the diagnostic, hence the fingerprint; a renamed organisation
    # shows its new name at the cohort's next change)
    named: dict[int, list[str]] = field(default_factory=dict)

    @property
    def shown(self) -> bool:
        return self.organisations >= SAFE_COHORT


def _in_cohort(cohort: Cohort) -> Any:
    # a row the trainer marked as a duplicate of another counts once, as the other
    return (Diagnostic.cohort_id == cohort.id) & (Diagnostic.status == COMPLETED) & \
        Diagnostic.duplicate_of_id.is_(None)


def fingerprint(cohort: Cohort) -> tuple[Any, ...]:
    """What changes whenever a figure of the cohort may: one pass over its activity index."""
    row = db.session.execute(select(func.count(), func.sum(Diagnostic.id),
                                    func.max(Diagnostic.updated_at),
                                    func.sum(Diagnostic.duplicate_of_id))  # marks too
                             .where(Diagnostic.cohort_id == cohort.id)).one()
    return cohort.id, *tuple(row)


def _changes(cohort: Cohort) -> dict[str, dict[str, float]]:
    """Per dimension, the mean change from the previous diagnostic to its follow-up, over the
    organisations whose latest follow-up and its previous one are both completed in this cohort
    (dimensions present in both results only)."""
    before, before_dim = aliased(Diagnostic), aliased(SnapshotDimension)
    later = aliased(Diagnostic)
    after_dim = SnapshotDimension
    change = after_dim.score - before_dim.score
    query = (select(after_dim.dimension_id, func.count(change), func.avg(change))
             .select_from(Diagnostic)
             .join(before, before.id == Diagnostic.previous_id)
             .join(after_dim, after_dim.snapshot_id == Diagnostic.latest_snapshot_id)
             .join(before_dim, and_(before_dim.snapshot_id == before.latest_snapshot_id,
                                    before_dim.dimension_id == after_dim.dimension_id))
             .where(Diagnostic.cohort_id == cohort.id, Diagnostic.status == COMPLETED,
                    Diagnostic.duplicate_of_id.is_(None),
                    Diagnostic.previous_id.is_not(None), before.cohort_id == cohort.id,
                    before.questionnaire_key == Diagnostic.questionnaire_key,
                    ~select(later.id).where(later.previous_id == Diagnostic.id,
                                            later.cohort_id == cohort.id,
                                            later.status == COMPLETED).exists())
             .group_by(after_dim.dimension_id))
    return {dimension: {"n": n, "mean_change": float(mean)}
            for dimension, n, mean in db.session.execute(query) if n}


def _organisations(cohort: Cohort) -> int:
    return db.session.scalar(select(func.count(func.distinct(Diagnostic.organisation_id)))
                             .where(_in_cohort(cohort))) or 0


def _dimensions(cohort: Cohort) -> dict[str, dict[str, float]]:
    """Mean, spread (standard deviation), min and max of each dimension, latest snapshots."""
    score = SnapshotDimension.score
    query = (select(SnapshotDimension.dimension_id, func.count(score), func.avg(score),
                    func.avg(score * score), func.min(score), func.max(score))
             .join(Diagnostic, Diagnostic.latest_snapshot_id == SnapshotDimension.snapshot_id)
             .where(_in_cohort(cohort)).group_by(SnapshotDimension.dimension_id))
    stats = {}
    for dimension, n, mean, mean_square, low, high in db.session.execute(query):
        if n:
            variance = max(0.0, float(mean_square) - float(mean) ** 2)
            stats[dimension] = {"n": n, "mean": float(mean), "spread": variance ** 0.5,
                                "min": float(low), "max": float(high)}
    return stats


def _frequent(cohort: Cohort, limit: int = 10) -> list[tuple[str, int]]:
    """The recommendations most often in participants' main plans."""
    query = (select(SnapshotRecommendation.recommendation_id, func.count().label("n"))
             .join(Diagnostic, Diagnostic.latest_snapshot_id == SnapshotRecommendation.snapshot_id)
             .where(_in_cohort(cohort), SnapshotRecommendation.in_plan)
             .group_by(SnapshotRecommendation.recommendation_id)
             .order_by(func.count().desc(), SnapshotRecommendation.recommendation_id)
             .limit(limit))
    return [(reco, n) for reco, n in db.session.execute(query)]


def _kinds(cohort: Cohort) -> dict[str, dict[str, Any]]:
    """Per organisation kind: completed, unfinished and the mean global score of the completed
    (the caller hides a mean over fewer than SAFE_COHORT)."""
    query = (select(Organisation.kind, Diagnostic.status, func.count(),
                    func.avg(Diagnostic.global_score))
             .join(Organisation).where(Diagnostic.cohort_id == cohort.id,
                                       Diagnostic.duplicate_of_id.is_(None))
             .group_by(Organisation.kind, Diagnostic.status))
    kinds: dict[str, dict[str, Any]] = {}
    for kind, status, n, mean in db.session.execute(query):
        entry = kinds.setdefault(kind, {"completed": 0, "in_progress": 0, "mean": None})
        if status == COMPLETED:
            entry["completed"] += n
            entry["mean"] = None if mean is None else float(mean)
        else:
            entry["in_progress"] += n
    return kinds


def _answers(cohort: Cohort) -> dict[str, list[tuple[Any, int]]]:
    """Each question's answers among the completed participants, counted in SQL (a collective
    host's own rows hold only its profile: its consolidated answers are its snapshot's)."""
    value = cast(Answer.value, Text)
    hosting = exists().where(Invitation.host_id == Diagnostic.id)
    query = (select(Answer.question_id, value, func.count())
             .join(Diagnostic, Diagnostic.id == Answer.diagnostic_id)
             .where(_in_cohort(cohort), ~hosting).group_by(Answer.question_id, value))
    counted: dict[str, dict[str, int]] = {}
    for qid, text, n in db.session.execute(query):
        counted.setdefault(qid, {})
        counted[qid][text] = counted[qid].get(text, 0) + n
    hosts = select(Snapshot.answers).join(
        Diagnostic, Diagnostic.latest_snapshot_id == Snapshot.id).where(_in_cohort(cohort),
                                                                         hosting)
    for answers in db.session.scalars(hosts):
        for qid, given in (answers or {}).items():
            text = json.dumps(list(given) if isinstance(given, tuple) else given)
            counted.setdefault(qid, {})
            counted[qid][text] = counted[qid].get(text, 0) + 1
    return {qid: [(_loads(text), n) for text, n in values.items()]
            for qid, values in counted.items()}


def _loads(text: str | None) -> Any:
    try:
        return json.loads(text) if text is not None else None
    except ValueError:
        return text


NAMED_SHOWN = 40  # names per level on the overview; then « et N autres »


def _named(cohort: Cohort, per_level: int = NAMED_SHOWN) -> dict[int, list[str]]:
    """Per level, the completed organisations whose participant agreed to be named to the
    group, by name (the others are counted, never named)."""
    query = (select(Diagnostic.level, Organisation.name).join(Organisation)
             .where(Diagnostic.cohort_id == cohort.id, Diagnostic.status == COMPLETED,
                    Diagnostic.duplicate_of_id.is_(None),
                    Diagnostic.named_in_group, Diagnostic.level.is_not(None))
             .order_by(Diagnostic.level, Organisation.name))
    named: dict[int, list[str]] = {}
    for level, name in db.session.execute(query):
        names = named.setdefault(level or 0, [])
        if len(names) < per_level:
            names.append(name)
    return named


class _Recent:
    """The figures of the last cohorts this process computed, by fingerprint."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self.items: OrderedDict[tuple[Any, ...], Figures] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> Figures | None:
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: tuple[Any, ...], figures: Figures) -> None:
        with self.lock:
            self.items[key] = figures
            while len(self.items) > self.size:
                self.items.popitem(last=False)


_recent = _Recent()


def figures(cohort: Cohort) -> Figures:
    """The group's figures (only the count under SAFE_COHORT organisations: nothing else is
    computed, so nothing else can be shown)."""
    key = fingerprint(cohort)
    found = _recent.get(key)
    if found is None:
        organisations = _organisations(cohort)
        found = Figures(organisations) if organisations < SAFE_COHORT else Figures(
            organisations, _dimensions(cohort), _frequent(cohort), _kinds(cohort),
            _answers(cohort), _changes(cohort), _named(cohort))
        _recent.put(key, found)
    return found
