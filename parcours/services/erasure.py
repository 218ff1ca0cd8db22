"""Deleting diagnostics, with everything that refers to them: the participant's « supprimer »,
an account deleted with its diagnostics, and the retention purge (parcours/services/retention.py).

What goes, table by table (docs/privacy.md, « Deleting »): the diagnostic's `answer` rows,
its `snapshot` rows with their `snapshot_dimension` and `snapshot_recommendation` rows, its
`rendered_pdf` rows and their files in the store (deleted once the transaction commits,
services/pdfstore.py), the joint PDFs of its alliances (stored beside its partner's roadmap),
the `comment` rows written about it (whatever cohort they were written in), the `diagnostic`
row itself (its cohort membership, consent and the hashes of its resume link and code with it),
its
`organisation` row when no other diagnostic uses it, and the result of every prepared export of
its cohort (`job` rows marked withdrawn, their ZIP deleted from the store), as when a
participant leaves a cohort (cohorts.leave).

Rows are deleted table by table rather than left to ON DELETE CASCADE, so that what is deleted
is written here and does not depend on SQLite's foreign-key pragma.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, func, select, update

from ..infra.database import scrub
from ..infra.extensions import db
from ..infra.unit_of_work import transaction
from ..models import (
    Alliance,
    Answer,
    Comment,
    Diagnostic,
    Job,
    Organisation,
    PartnerNotice,
    RenderedPdf,
    Snapshot,
    SnapshotDimension,
    SnapshotRecommendation,
)
from .alliances import ended_with
from .cohorts import withdraw_exports
from .pdfstore import drop

(_alliance, _answer, _comment, _diagnostic, _job, _organisation, _pdf, _snapshot, _dimension,
 _reco) = (model.__table__ for model in  # type: ignore[attr-defined]
           (Alliance, Answer, Comment, Diagnostic, Job, Organisation, RenderedPdf, Snapshot,
            SnapshotDimension, SnapshotRecommendation))
LIVE_EXPORTS = ("queued", "running", "done")


@dataclass(frozen=True)
class Inventory:
    """What deleting a diagnostic would remove, for its confirmation page."""

    answers: int
    snapshots: int
    pdfs: int
    comments: int
    cohort: str | None  # the name of the cohort it would leave
    exports: int  # prepared exports of that cohort that would be withdrawn
    follow_ups: int = 0  # diagnostics started after it, which compare with it (issue 26)


def _count(table: Any, where: ColumnElement[bool]) -> int:
    return int(db.session.scalar(select(func.count()).select_from(table).where(where)) or 0)


def inventory(diagnostic: Diagnostic) -> Inventory:
    """Count what deleting `diagnostic` would remove (a few small counts)."""
    cohort = diagnostic.cohort
    return Inventory(
        answers=_count(_answer, _answer.c.diagnostic_id == diagnostic.id),
        snapshots=_count(_snapshot, _snapshot.c.diagnostic_id == diagnostic.id),
        pdfs=_count(_pdf, _pdf.c.diagnostic_id == diagnostic.id),
        comments=_count(_comment, _comment.c.diagnostic_id == diagnostic.id),
        cohort=cohort.name if cohort is not None else None,
        exports=_count(_job, (_job.c.cohort_id == cohort.id) & _job.c.status.in_(LIVE_EXPORTS))
        if cohort is not None else 0,
        follow_ups=_count(_diagnostic, _diagnostic.c.previous_id == diagnostic.id))


@dataclass
class Erased:
    """How many rows an erasure deleted (or withdrew, for exports), table by table."""

    diagnostics: int = 0
    organisations: int = 0
    answers: int = 0
    snapshots: int = 0
    pdfs: int = 0
    comments: int = 0
    exports: int = 0
    others: int = 0  # rows of the tables `_other_tables` finds

    def add(self, other: Erased) -> None:
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))


def _deleted(statement: object) -> int:
    return int(getattr(db.session.execute(statement), "rowcount", 0) or 0)  # type: ignore[call-overload]


def _other_tables() -> list[Any]:
    """Any other table with a `diagnostic_id` column (the access log of issue 16, item 4, once
    merged): its rows about a deleted diagnostic go too, whatever their foreign key says."""
    named = {t.name for t in (_answer, _comment, _diagnostic, _pdf, _snapshot)}
    return [table for table in db.metadata.sorted_tables
            if "diagnostic_id" in table.c and table.name not in named]


def _joint_pdfs(ids: Collection[int]) -> int:
    """Delete the joint PDFs (« regards croisés ») of every alliance of these diagnostics: one
    holds both partners' names and scores and is stored beside the *other* side's roadmap
    (reports/joint.py), so it would outlive the deleted side. A stored PDF does not say whether
    it is a roadmap or a joint PDF: every PDF of the partner stored since the alliance began
    goes (a roadmap among them is rendered again at its next download), with its file."""
    pairs = db.session.execute(select(_alliance.c.first_id, _alliance.c.second_id,
                                      _alliance.c.created_at)
                               .where(_alliance.c.first_id.in_(ids)
                                      | _alliance.c.second_id.in_(ids))).all()
    deleted = 0
    for first, second, since in pairs:
        for partner in {first, second} - set(ids):
            deleted += drop((_pdf.c.diagnostic_id == partner) & (_pdf.c.created_at >= since))
    return deleted


def erase(diagnostic_ids: Sequence[int], organisations: bool = True) -> Erased:
    """Inside a transaction: delete these diagnostics and every row that refers to them (see
    the module's docstring); with `organisations`, their organisations that no other
    diagnostic uses. Their files leave the store once it commits. A diagnostic already gone
    (deleted by a concurrent run) counts for nothing."""
    erased = Erased()
    if not diagnostic_ids:
        return erased
    ids = list(diagnostic_ids)
    # PostgreSQL: lock the rows (a second deletion of the same diagnostic waits, then finds
    # nothing left); SQLite: the transaction already holds the write lock
    rows = db.session.execute(select(_diagnostic.c.id, _diagnostic.c.cohort_id,
                                     _diagnostic.c.organisation_id)
                              # a collective diagnostic's respondents go with their host
                              .where(_diagnostic.c.id.in_(ids) | _diagnostic.c.host_id.in_(ids))
                              .order_by(_diagnostic.c.id).with_for_update()).all()
    if not rows:
        return erased
    ids = [row.id for row in rows]
    ended_with(ids)  # a partner that stays is told its link ended (issue 25, item 5)
    db.session.execute(update(PartnerNotice).where(PartnerNotice.partner_id.in_(ids))
                       .values(partner_id=None))  # a notice names no deleted partner
    erased.exports = withdraw_exports({row.cohort_id for row in rows if row.cohort_id})
    snapshots = select(_snapshot.c.id).where(_snapshot.c.diagnostic_id.in_(ids))
    db.session.execute(update(_diagnostic).where(_diagnostic.c.id.in_(ids))
                       .values(latest_snapshot_id=None))
    _deleted(delete(_dimension).where(_dimension.c.snapshot_id.in_(snapshots)))
    _deleted(delete(_reco).where(_reco.c.snapshot_id.in_(snapshots)))
    erased.snapshots = _deleted(delete(_snapshot).where(_snapshot.c.diagnostic_id.in_(ids)))
    erased.answers = _deleted(delete(_answer).where(_answer.c.diagnostic_id.in_(ids)))
    erased.pdfs = drop(_pdf.c.diagnostic_id.in_(ids)) + _joint_pdfs(ids)
    erased.comments = _deleted(delete(_comment).where(_comment.c.diagnostic_id.in_(ids)))
    for table in _other_tables():
        erased.others += _deleted(delete(table).where(table.c.diagnostic_id.in_(ids)))
    erased.diagnostics = _deleted(delete(_diagnostic).where(_diagnostic.c.id.in_(ids)))
    if organisations:
        erased.organisations = delete_unused_organisations(
            {row.organisation_id for row in rows})
    return erased


def unused_organisations() -> ColumnElement[bool]:
    """The condition of an organisation that no diagnostic uses."""
    return ~exists().where(_diagnostic.c.organisation_id == _organisation.c.id)


def delete_unused_organisations(organisation_ids: Collection[int] | None = None) -> int:
    """Inside a transaction: delete the organisations (these, or any) that no diagnostic uses
    any more. Two deletions at once may each see the other's diagnostic still there and keep
    a shared organisation: the purge's last step deletes it."""
    where = unused_organisations()
    if organisation_ids is not None:
        if not organisation_ids:
            return 0
        where = _organisation.c.id.in_(list(organisation_ids)) & where
    return _deleted(delete(_organisation).where(where))


def delete_diagnostic(diagnostic: Diagnostic) -> Erased:
    """The participant deletes its diagnostic: one transaction, then its files leave the store."""
    diagnostic_id = diagnostic.id
    with transaction():
        erased = erase([diagnostic_id])
    scrub()
    return erased
