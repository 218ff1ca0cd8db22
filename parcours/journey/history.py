"""An organisation's diagnostics over time, as far as this visitor may see them.

Only the diagnostics this browser was granted (browser.py) or the logged-in account owns are
listed: the organisation is never a key that opens another diagnostic. A « Diagnostic flash »
and the full parcours carried over from it share one organisation, so the history mixes
questionnaires; each diagnostic is compared only with the previous completed one of the same
questionnaire (engine/compare.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import render_template
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import ColumnElement, or_, select

from .. import browser
from ..engine.compare import Comparison, compare
from ..engine.numbers import shown
from ..extensions import db
from ..models import Diagnostic, Snapshot
from ..questionnaires import all_questionnaires, questionnaire_of
from ..reports.charts import Point, line_chart
from ..security import no_store
from . import bp
from .access import visible_diagnostic


@dataclass(frozen=True)
class Entry:
    """One diagnostic of the history, with what its latest result said."""

    diagnostic: Diagnostic
    date: datetime  # completed, else started
    title: str  # its questionnaire's
    result: dict[str, Any] | None  # its latest snapshot's results, in the reader's language
    previous: Entry | None  # the previous completed one of the same questionnaire
    comparison: Comparison | None


def visible_of_organisation(diagnostic: Diagnostic) -> list[Diagnostic]:
    """The organisation's diagnostics this visitor may open: one query."""
    allowed: ColumnElement[bool] = Diagnostic.public_id.in_(browser.opened())
    if current_user.is_authenticated:
        allowed = or_(allowed, Diagnostic.user_id == current_user.id)
    return list(db.session.scalars(select(Diagnostic).where(
        Diagnostic.organisation_id == diagnostic.organisation_id, allowed)))


def _title(diagnostic: Diagnostic, result: dict[str, Any] | None, lang: str) -> str:
    if result is not None:
        return str(result["questionnaire"]["title"])
    served = all_questionnaires().get(diagnostic.questionnaire_key)
    return served.index.title.get(lang) if served else diagnostic.questionnaire_key


def history(diagnostics: list[Diagnostic], lang: str) -> list[Entry]:
    """Each diagnostic with its result and its change from the previous comparable one,
    newest first."""
    ids = [d.latest_snapshot_id for d in diagnostics if d.completed and d.latest_snapshot_id]
    results = {sid: res for sid, res in db.session.execute(
        select(Snapshot.id, Snapshot.results).where(Snapshot.id.in_(ids)))} if ids else {}
    ordered = sorted(diagnostics, key=lambda d: (d.completed_at or d.created_at, d.id))
    entries: list[Entry] = []
    last: dict[str, Entry] = {}  # questionnaire key → its latest completed entry so far
    for d in ordered:
        frozen = results.get(d.latest_snapshot_id) if d.completed else None
        result = (frozen.get(lang) or frozen.get("fr")) if frozen else None
        previous = last.get(d.questionnaire_key) if result is not None else None
        entry = Entry(d, d.completed_at or d.created_at, _title(d, result, lang), result,
                      previous, compare(previous.result, result)
                      if previous and previous.result and result else None)
        if result is not None:
            last[d.questionnaire_key] = entry
        entries.append(entry)
    return entries[::-1]


def chart(entries: list[Entry], lang: str) -> Any:
    """The global score over time, one line per questionnaire, with its text alternative."""
    scored = [e for e in reversed(entries)
              if e.result is not None and e.result["global"]["score"] is not None]
    titles = list(dict.fromkeys(e.title for e in scored))
    points = [Point(format_date(e.date, "short"), float(e.result["global"]["score"]),
                    titles.index(e.title)) for e in scored if e.result]
    description = "; ".join(
        _("%(date)s, %(questionnaire)s : %(score)s sur 100",
          date=format_date(e.date, "long"), questionnaire=e.title,
          score=shown(e.result["global"]["score"]))
        for e in scored if e.result)
    return line_chart(points, _("Score global au fil du temps"), description, titles)


@bp.get("/d/<public_id>/historique")
@no_store
def history_page(public_id: str) -> str:
    """The organisation's diagnostics over time (404 for anyone who may not see this one)."""
    diagnostic = visible_diagnostic(public_id)
    lang = browser.lang()
    entries = history(visible_of_organisation(diagnostic), lang)
    return render_template("journey/history.html", diagnostic=diagnostic, entries=entries,
                           chart=chart(entries, lang), questionnaire=questionnaire_of(diagnostic))
