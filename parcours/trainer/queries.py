"""What a trainer looks at, computed in SQL: one query per table, whatever the cohort's size."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import abort, current_app
from sqlalchemy import and_, case, column, func, or_, select, table
from sqlalchemy.orm import aliased

from ..infra.extensions import db
from ..models import (
    COMPLETED,
    IN_PROGRESS,
    Cohort,
    Diagnostic,
    Organisation,
    PlanAction,
    SnapshotDimension,
    SnapshotRecommendation,
    search_key,
)
from ..services import collective

PAGE_SIZE = 50
SORTS = {
    "name": Organisation.name,
    "kind": Organisation.kind,
    "progress": Diagnostic.progress,
    "status": Diagnostic.status,
    "score": Diagnostic.global_score,
    "activity": Diagnostic.updated_at,
}
STATUSES = ("in_progress", "completed", "reviewed", "to_review")


def _page(text: str) -> int:
    """A page number from the query string: words are the first page (a hand-edited URL), but
    what looks like a number and is not one we read (`²`, 5,000 digits) is a bad request."""
    if re.fullmatch(r"[0-9]{1,6}", text):
        return max(1, min(int(text), 10_000))
    if text.isdigit() or text.isdecimal() or text.isnumeric():
        abort(400)
    return 1


@dataclass(frozen=True)
class Filters:
    """The dashboard's sort, filters, search and page, as read from the query string."""

    sort: str = "activity"
    descending: bool = True
    status: str = ""
    kind: str = ""
    level: int | None = None
    search: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        sort = args.get("tri", "activity")
        level = args.get("niveau", "")
        page = args.get("page", "1")
        return cls(
            sort=sort if sort in SORTS else "activity",
            descending=args.get("ordre", "desc") != "asc",
            status=args.get("statut", "") if args.get("statut") in STATUSES else "",
            kind=args.get("type", "")[:32],
            level=int(level) if level in ("1", "2", "3", "4") else None,
            search=args.get("q", "").strip()[:100],
            page=_page(page),
        )


@dataclass(frozen=True)
class Row:
    public_id: str
    name: str
    kind: str
    progress: int
    status: str
    score: float | None
    level: int | None
    updated_at: datetime
    reviewed: bool
    actions_done: int
    actions: int  # in the plan: the latest roadmap and the other leads added to it
    # a follow-up's first score: the organisation's first completed diagnostic of the same
    # questionnaire in this cohort (None for any other row)
    first_score: float | None = None
    # a collective diagnostic's host: its completed respondents (None for any other row)
    respondents: int | None = None
    # marked by the trainer as a duplicate of another row (counts and exports leave it out)
    duplicate: bool = False


def _conditions(cohort: Cohort, filters: Filters, indexed: bool = False) -> list[Any]:
    # with the name index, `+ 0` keeps SQLite from walking the whole cohort's index: it starts
    # from the few organisations the name index found instead (it has no statistics to tell it)
    cohort_id = Diagnostic.cohort_id + 0 if indexed else Diagnostic.cohort_id
    conditions: list[Any] = [cohort_id == cohort.id]
    if filters.status == "in_progress":
        conditions.append(Diagnostic.status == IN_PROGRESS)
    elif filters.status == "completed":
        conditions.append(Diagnostic.status == COMPLETED)
    elif filters.status == "reviewed":
        conditions.append(Diagnostic.reviewed_at.is_not(None))
    elif filters.status == "to_review":
        conditions += [Diagnostic.status == COMPLETED, Diagnostic.reviewed_at.is_(None)]
    if filters.kind:
        conditions.append(Organisation.kind == filters.kind)
    if filters.level:
        conditions.append(Diagnostic.level == filters.level)
    if filters.search:
        conditions.append(_name_contains(filters.search, indexed))
    return conditions


# SQLite's trigram index of organisation names (migrations/versions/d7e2a9c4f1b8_…)
_NAME_SEARCH = table("organisation_search", column("rowid"), column("search_name"))


def _indexed_search(text: str, cohort_size: int) -> bool:
    """Whether SQLite should find `text` through the trigram index of every organisation name.

    Not for a cohort of ordinary size: reading its own names is quicker than the index, in
    which a common word (« association ») is in a great many names. Not either for a text with
    one of LIKE's wildcards to escape: an ESCAPE clause keeps FTS5 from using its index.
    PostgreSQL's planner makes this choice itself, with its statistics."""
    if db.engine.dialect.name != "sqlite" or any(c in text for c in "%_\\"):
        return False
    return cohort_size >= current_app.config["INDEXED_SEARCH_FROM"]


def _name_contains(text: str, indexed: bool) -> Any:
    """Organisations whose name contains `text`, whatever the case and the accents (both sides
    compared as `search_key` writes them)."""
    key = search_key(text)
    if indexed:
        return Diagnostic.organisation_id.in_(select(_NAME_SEARCH.c.rowid).where(
            _NAME_SEARCH.c.search_name.like(f"%{key}%")))
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return Organisation.search_name.like(f"%{escaped}%", escape="\\")


def _plan_count(done: bool) -> Any:
    """A participant's actions in its plan (or those done), as a subquery of the dashboard's
    row: the latest snapshot's selected recommendations that are in its roadmap or were added,
    joined to what the participant said of them."""
    reco = SnapshotRecommendation
    query = (select(func.count()).select_from(reco).outerjoin(
        PlanAction, (PlanAction.diagnostic_id == Diagnostic.id)
        & (PlanAction.recommendation_id == reco.recommendation_id))
        .where(reco.snapshot_id == Diagnostic.latest_snapshot_id,
               or_(reco.in_plan, PlanAction.promoted)))
    if done:
        query = query.where(PlanAction.status == "fait")
    return query.correlate(Diagnostic).scalar_subquery()


def participants(cohort: Cohort, filters: Filters, cohort_size: int
                 ) -> tuple[list[Row], int]:
    """One page of the cohort's participants, and how many match in all (of `cohort_size`).

    The page is read in the order of an index on (cohort, sort column) and stops after it;
    the tie-breaker follows the sort's direction so that the same index serves it. The count
    joins the organisations only when a filter is on them."""
    indexed = bool(filters.search) and _indexed_search(filters.search, cohort_size)
    where = and_(*_conditions(cohort, filters, indexed))
    counted = select(func.count()).select_from(Diagnostic)
    if filters.kind or filters.search:
        counted = counted.join(Organisation)
    total = db.session.scalar(counted.where(where)) or 0
    sort = SORTS[filters.sort]
    order: list[Any]
    if filters.sort == "name":
        order = _by_name(filters.descending)
    elif filters.descending:
        order = [sort.desc().nulls_last(), Diagnostic.id.desc()]
    else:
        # NULLS LAST on an ascending sort is not the index's order: only where there are NULLs
        nullable = sort is Diagnostic.global_score
        order = [sort.asc().nulls_last() if nullable else sort.asc(), Diagnostic.id.asc()]
    query = (select(
        Diagnostic.public_id, Organisation.name, Organisation.kind, Diagnostic.progress,
        Diagnostic.status, Diagnostic.global_score, Diagnostic.level, Diagnostic.updated_at,
        Diagnostic.reviewed_at.is_not(None), _plan_count(True), _plan_count(False),
        _first_score(cohort), collective.respondents_column(),
        Diagnostic.duplicate_of_id.is_not(None))
        .join(Organisation).where(where).order_by(*order)
        .limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE))
    rows = [Row(*values) for values in db.session.execute(query)]
    return rows, total


def _by_name(descending: bool) -> list[Any]:
    """Names in French order: by their search key first (no accents, no case, signs as
    spaces: « Réseau » beside « reseau », before « Ressourcerie »), compared byte by byte on
    both databases (PostgreSQL's own collation would skip the spaces); ties by arrival."""
    key: Any = Organisation.search_name
    if db.engine.dialect.name == "postgresql":
        key = key.collate("C")
    if descending:
        return [key.desc(), Diagnostic.id.desc()]
    return [key.asc(), Diagnostic.id.asc()]


def _first_score(cohort: Cohort) -> Any:
    """For a completed follow-up, the score of the organisation's first completed diagnostic of
    the same questionnaire that this cohort holds (a subquery of the page's rows: it reads
    only the organisation's few diagnostics, by their index); NULL for any other row."""
    earlier = aliased(Diagnostic)
    first = (select(earlier.global_score)
             .where(earlier.organisation_id == Diagnostic.organisation_id,
                    earlier.cohort_id == cohort.id,
                    earlier.questionnaire_key == Diagnostic.questionnaire_key,
                    earlier.status == COMPLETED, earlier.id != Diagnostic.id,
                    earlier.completed_at < Diagnostic.completed_at)
             .order_by(earlier.completed_at, earlier.id).limit(1)
             .correlate(Diagnostic).scalar_subquery())
    return case((and_(Diagnostic.previous_id.is_not(None), Diagnostic.status == COMPLETED),
                 first), else_=None)


def followup_changes(cohort: Cohort) -> dict[str, dict[str, float]]:
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
                    before.cohort_id == cohort.id,
                    before.questionnaire_key == Diagnostic.questionnaire_key,
                    ~select(later.id).where(later.previous_id == Diagnostic.id,
                                            later.cohort_id == cohort.id,
                                            later.status == COMPLETED).exists())
             .group_by(after_dim.dimension_id))
    return {dimension: {"n": n, "mean_change": float(mean)}
            for dimension, n, mean in db.session.execute(query) if n}


def counts(cohort: Cohort) -> dict[str, Any]:
    """Participants by status and by level, in one query that reads one index (grouped by what
    the index holds, then added up here: cheaper than seven conditional sums per row). A row
    marked as a duplicate is not counted (its index holds that too)."""
    query = (select(Diagnostic.status, Diagnostic.level, func.count(),
                    func.count(Diagnostic.reviewed_at), func.sum(Diagnostic.global_score),
                    func.count(Diagnostic.global_score))
             .where(Diagnostic.cohort_id == cohort.id, Diagnostic.duplicate_of_id.is_(None))
             .group_by(Diagnostic.status, Diagnostic.level))
    total = done = seen = scored = 0
    levels = [0, 0, 0, 0]
    score_sum = 0.0
    for status, level, n, n_reviewed, sum_score, n_score in db.session.execute(query):
        total += n
        seen += n_reviewed
        if status == COMPLETED:
            done += n
            if level in (1, 2, 3, 4):
                levels[level - 1] += n
            score_sum += float(sum_score or 0)
            scored += n_score
    return {"total": total, "completed": done, "reviewed": seen, "in_progress": total - done,
            "levels": levels, "mean": score_sum / scored if scored else None}


def dimension_stats(cohort: Cohort) -> dict[str, dict[str, float]]:
    """Mean, spread (standard deviation), min and max of each dimension, latest snapshots only."""
    score = SnapshotDimension.score
    query = (select(SnapshotDimension.dimension_id, func.count(score), func.avg(score),
                    func.avg(score * score), func.min(score), func.max(score))
             .join(Diagnostic, Diagnostic.latest_snapshot_id == SnapshotDimension.snapshot_id)
             .where(Diagnostic.cohort_id == cohort.id, Diagnostic.status == COMPLETED,
                    Diagnostic.duplicate_of_id.is_(None))
             .group_by(SnapshotDimension.dimension_id))
    stats = {}
    for dimension, n, mean, mean_square, low, high in db.session.execute(query):
        if not n:
            continue
        variance = max(0.0, float(mean_square) - float(mean) ** 2)
        stats[dimension] = {"n": n, "mean": float(mean), "spread": variance ** 0.5,
                            "min": float(low), "max": float(high)}
    return stats


def frequent_recommendations(cohort: Cohort, limit: int = 10) -> list[tuple[str, int]]:
    """The recommendations most often in participants' main plans."""
    query = (select(SnapshotRecommendation.recommendation_id, func.count().label("n"))
             .join(Diagnostic, Diagnostic.latest_snapshot_id == SnapshotRecommendation.snapshot_id)
             .where(Diagnostic.cohort_id == cohort.id, Diagnostic.status == COMPLETED,
                    Diagnostic.duplicate_of_id.is_(None), SnapshotRecommendation.in_plan)
             .group_by(SnapshotRecommendation.recommendation_id)
             .order_by(func.count().desc(), SnapshotRecommendation.recommendation_id)
             .limit(limit))
    return [(reco, n) for reco, n in db.session.execute(query)]
