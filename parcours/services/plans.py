"""The action plan: what a participant made of each action of its roadmap (issue 17).

The actions are those of the latest snapshot's roadmap, plus the « autres pistes » the
participant added. A row is written only when the participant edits an action (no row: « à
faire »). Shared by the journey (edits, exports), the trainer's pages (read only) and the PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..infra.extensions import db
from ..infra.unit_of_work import transaction
from ..models import (
    PLAN_NOTE_MAX,
    PLAN_OWNER_MAX,
    PLAN_STATUSES,
    Diagnostic,
    PlanAction,
    utcnow,
)

TODO, DONE = "a_faire", "fait"


def status_labels() -> dict[str, str]:
    """Each status in the current language (call it where the locale is the page's)."""
    return {"a_faire": _("À faire"), "en_cours": _("En cours"), "fait": _("Fait"),
            "ecartee": _("Écartée")}


def state(diagnostic_id: int) -> dict[str, dict[str, Any]]:
    """Recommendation id → its row as plain data (status, owner, due_on, note, promoted)."""
    rows = db.session.scalars(select(PlanAction).where(PlanAction.diagnostic_id == diagnostic_id))
    return {row.recommendation_id: {"status": row.status, "owner": row.owner,
                                    "due_on": row.due_on, "note": row.note,
                                    "promoted": row.promoted} for row in rows}


def actions(result: dict[str, Any], known: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The plan: the roadmap's items, then the promoted other leads, each with its state
    (`plan`: a row's values, or « à faire » when there is none)."""
    promoted = [item for item in result.get("other_recommendations", ())
                if known.get(item["id"], {}).get("promoted")]
    blank = {"status": TODO, "owner": None, "due_on": None, "note": None, "promoted": False}
    return [{**item, "plan": known.get(item["id"], blank), "promoted": item in promoted}
            for item in (*result["roadmap"], *promoted)]


@dataclass(frozen=True)
class Edit:
    """One action's edit as read from a form; `errors` maps a field to its message."""

    status: str
    owner: str | None
    due_on: date | None
    note: str | None
    errors: dict[str, str]


def _day(text: str) -> date:
    """`2027-03-31` (what `<input type="date">` sends) or `31/03/2027` (typed where the
    browser shows a text box); ValueError otherwise."""
    found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if found:
        return date(int(found[1]), int(found[2]), int(found[3]))
    found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if found:
        return date(int(found[3]), int(found[2]), int(found[1]))
    raise ValueError(text)


def read(form: Any) -> Edit:
    """An edit from the posted fields `status`, `owner`, `due_on`, `note`, checked."""
    errors: dict[str, str] = {}
    status = form.get("status", TODO)
    if status not in PLAN_STATUSES:
        errors["status"] = _("Choisissez un statut dans la liste.")
    owner = (form.get("owner") or "").strip() or None
    if owner and len(owner) > PLAN_OWNER_MAX:
        errors["owner"] = _("Le responsable tient en %(max)s caractères au plus.",
                            max=PLAN_OWNER_MAX)
    note = (form.get("note") or "").strip().replace("\r\n", "\n") or None
    if note and len(note) > PLAN_NOTE_MAX:
        errors["note"] = _("La note tient en %(max)s caractères au plus (elle en a %(n)s).",
                           max=PLAN_NOTE_MAX, n=len(note))
    due_on = None
    text = (form.get("due_on") or "").strip()
    if text:
        try:
            due_on = _day(text)
        except ValueError:
            errors["due_on"] = _("Cette date n'est pas valide : écrivez-la comme 31/03/2027.")
        else:
            if not 2000 <= due_on.year <= 2100:
                errors["due_on"] = _("Choisissez une échéance entre 2000 et 2100.")
    return Edit(status, owner, due_on, note, errors)


def _row(diagnostic: Diagnostic, recommendation_id: str) -> PlanAction:
    """The action's row, inserted if missing (inside a transaction). An insert that does
    nothing on conflict: two tabs saving the first edit of one action at once on PostgreSQL
    (whose transactions do not queue as SQLite's do) both find the row, neither fails."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(PlanAction).values(
        diagnostic_id=diagnostic.id, recommendation_id=recommendation_id, status=TODO,
        promoted=False, updated_at=utcnow()).on_conflict_do_nothing(
        index_elements=["diagnostic_id", "recommendation_id"]))
    return db.session.scalars(select(PlanAction).where(
        PlanAction.diagnostic_id == diagnostic.id,
        PlanAction.recommendation_id == recommendation_id)).one()


def save(diagnostic: Diagnostic, recommendation_id: str, edit: Edit) -> None:
    """Store an (error-free) edit of one action of the plan, in one transaction."""
    if edit.errors:
        raise ValueError(edit.errors)
    with transaction():
        row = _row(diagnostic, recommendation_id)
        row.status, row.owner, row.due_on, row.note = (edit.status, edit.owner, edit.due_on,
                                                      edit.note)


def carry(previous_id: int, diagnostic_id: int) -> None:
    """Inside a transaction: a follow-up starts with its previous diagnostic's plan (status,
    owner, due date, note, added leads), so an action recommended again keeps what was said of
    it; one the new roadmap no longer holds stays unseen (issue 26)."""
    for row in db.session.scalars(select(PlanAction)
                                  .where(PlanAction.diagnostic_id == previous_id)).all():
        db.session.add(PlanAction(diagnostic_id=diagnostic_id,
                                  recommendation_id=row.recommendation_id, status=row.status,
                                  owner=row.owner, due_on=row.due_on, note=row.note,
                                  promoted=row.promoted))


def done_before(diagnostic: Diagnostic) -> set[str]:
    """The actions a follow-up's previous diagnostic had marked « fait »."""
    if diagnostic.previous_id is None:
        return set()
    return {rid for rid, row in state(diagnostic.previous_id).items() if row["status"] == DONE}


def promote(diagnostic: Diagnostic, recommendation_id: str) -> None:
    """Add an « autre piste » to the plan (à faire until edited)."""
    with transaction():
        row = _row(diagnostic, recommendation_id)
        row.promoted = True


def done_share(items: list[dict[str, Any]]) -> tuple[int, int]:
    """(actions done, actions in the plan)."""
    return sum(item["plan"]["status"] == DONE for item in items), len(items)


def when(day: date | None) -> str:
    """A due date as the ISO day (CSV, forms), or nothing."""
    return day.isoformat() if day else ""

