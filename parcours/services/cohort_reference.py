"""A cohort's reference figures for its participants (issue 31, item 3): each participant reads
its score on each dimension beside the cohort's median and quartiles, as the trainer published
them.

Published, never live: the trainer takes the snapshot when it chooses (the end of a workshop)
and it stays as it is until published again or withdrawn. Live figures would move when one more
organisation completes, and the difference would tell the others its scores. Only from
SAFE_COHORT organisations that completed (each counted once, by its latest completed
diagnostic), and per dimension from as many scores: below, the quartiles would give one
organisation's score back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from ..engine.cohort import reference
from ..infra.extensions import db
from ..infra.unit_of_work import transaction
from ..models import COMPLETED, Cohort, CohortReference, Diagnostic, SnapshotDimension, User
from .cohort_figures import SAFE_COHORT


def _latest_scores(cohort: Cohort) -> tuple[int, dict[str, list[float]]]:
    """How many organisations completed, and each dimension's scores, each organisation's
    latest completed diagnostic counted once."""
    rows = db.session.execute(
        select(Diagnostic.organisation_id, Diagnostic.completed_at, Diagnostic.id,
               SnapshotDimension.dimension_id, SnapshotDimension.score)
        .join(SnapshotDimension, SnapshotDimension.snapshot_id == Diagnostic.latest_snapshot_id)
        .where(Diagnostic.cohort_id == cohort.id, Diagnostic.status == COMPLETED,
               Diagnostic.duplicate_of_id.is_(None)))  # a duplicate counts as its original
    latest: dict[int, tuple[Any, int]] = {}
    scores: dict[tuple[int, int], dict[str, float | None]] = {}
    for organisation, completed_at, diagnostic, dimension, score in rows:
        key = (completed_at, diagnostic)
        if organisation not in latest or key > latest[organisation]:
            latest[organisation] = key
        scores.setdefault((organisation, diagnostic), {})[dimension] = score
    by_dimension: dict[str, list[float]] = {}
    for organisation, (_, diagnostic) in latest.items():
        for dimension, score in scores[(organisation, diagnostic)].items():
            if score is not None:
                by_dimension.setdefault(dimension, []).append(score)
            else:
                by_dimension.setdefault(dimension, [])
    return len(latest), by_dimension


def current(cohort_id: int | None) -> CohortReference | None:
    """The figures published for a cohort, if any."""
    if cohort_id is None:
        return None
    return db.session.scalar(select(CohortReference).where(CohortReference.cohort_id == cohort_id))


def publish(cohort: Cohort, trainer: User) -> CohortReference | None:
    """Take the cohort's figures now and publish them (in place of the previous ones); None,
    and nothing published, under SAFE_COHORT organisations that completed."""
    organisations, scores = _latest_scores(cohort)
    if organisations < SAFE_COHORT:
        return None
    cohort_id, trainer_id = cohort.id, trainer.id
    with transaction():
        db.session.execute(delete(CohortReference).where(CohortReference.cohort_id == cohort_id))
        published = CohortReference(cohort_id=cohort_id, published_by=trainer_id,
                                    organisations=organisations, figures=reference(scores))
        db.session.add(published)
    return published


def withdraw(cohort: Cohort) -> None:
    """Participants no longer see the cohort's figures."""
    cohort_id = cohort.id
    with transaction():
        db.session.execute(delete(CohortReference).where(CohortReference.cohort_id == cohort_id))


def beside(result: dict[str, Any], published: CohortReference | None) -> dict[str, Any]:
    """A participant's dimensions beside the published figures, for its results page and PDF:
    {"published": when or None, "organisations": n, "stages": [{title, rows}]}."""
    if published is None:
        return {"published": None}
    stages = []
    for stage in result["stages"]:
        rows = []
        for d in stage["dimensions"]:
            figures = published.figures.get(d["id"]) or {}
            rows.append({"title": d["title"], "score": d["score"],
                         "median": figures.get("median"), "low": figures.get("low"),
                         "high": figures.get("high")})
        stages.append({"title": stage["title"], "rows": rows})
    return {"published": published.published_at, "organisations": published.organisations,
            "stages": stages}
