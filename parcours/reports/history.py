"""An organisation's diagnostics over time: each with its latest result and its change from the
previous completed diagnostic of the same questionnaire (engine/compare.py), newest first, and a
line chart of the global score. Which diagnostics go in is the caller's rule (the participant's
grants, or a trainer's cohorts): nothing here looks further than the list it is given.

A « Diagnostic flash » and the full parcours carried over from it share one organisation, so a
history mixes questionnaires; results of different questionnaires are never compared."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from ..engine.compare import Comparison, compare
from ..engine.numbers import shown
from ..infra.extensions import db
from ..models import Diagnostic, Snapshot
from ..services.questionnaires import all_questionnaires
from .charts import Point, line_chart
from .dates import date_text


@dataclass(frozen=True)
class Entry:
    """One diagnostic of the history, with what its latest result said."""

    diagnostic: Diagnostic
    date: datetime  # completed, else started
    title: str  # its questionnaire's
    result: dict[str, Any] | None  # its latest snapshot's results, in the reader's language
    previous: Entry | None  # the previous completed one of the same questionnaire
    comparison: Comparison | None


def _title(diagnostic: Diagnostic, result: dict[str, Any] | None, lang: str) -> str:
    frozen = (result or {}).get("questionnaire") or {}  # snapshots before `about` lack it
    if frozen.get("title"):
        return str(frozen["title"])
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


def chart(entries: list[Entry]) -> Markup:
    """The global score over time, one line per questionnaire, with its text alternative."""
    scored = [e for e in reversed(entries)
              if e.result is not None and e.result["global"]["score"] is not None]
    titles = list(dict.fromkeys(e.title for e in scored))
    points = [Point(date_text(e.date, "short"), float(e.result["global"]["score"]),
                    titles.index(e.title)) for e in scored if e.result]
    description = "; ".join(
        _("%(date)s, %(questionnaire)s : %(score)s sur 100",
          date=date_text(e.date, "long"), questionnaire=e.title,
          score=shown(e.result["global"]["score"]))
        for e in scored if e.result)
    return line_chart(points, _("Score global au fil du temps"), description, titles)
