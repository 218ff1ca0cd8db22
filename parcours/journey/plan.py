"""The action plan on the participant's side: an action's edit, an other lead added, and the
plan as CSV and as an iCalendar file of its due dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..models import Diagnostic
from ..reports.context import settled
from ..services import plans
from ..services.names import slug
from ..web.browser import lang
from ..web.calendars import DayEvent, calendar_file
from ..web.csvfiles import csv_bytes
from ..web.downloads import attachment
from ..web.forms import ActionForm
from ..web.links import external_url
from . import bp
from .access import visible_diagnostic
from .pages import prerender, results_page


def _plan(diagnostic: Diagnostic) -> tuple[Any, dict[str, Any], list[dict[str, Any]]]:
    """The latest snapshot, its result in the page's language and the plan (404 before any, and
    for a collective's respondent, whose results are never shown)."""
    snapshot = diagnostic.latest_snapshot()
    if snapshot is None or diagnostic.is_respondent:
        abort(404)
    result = settled(snapshot.results.get(lang()) or snapshot.results["fr"])
    return snapshot, result, plans.actions(result, plans.state(diagnostic.id))


@bp.post("/d/<public_id>/plan/<recommendation_id>")
def edit_action(public_id: str, recommendation_id: str) -> str | Response | tuple[str, int]:
    """Save one action's status, owner, due date and note; back to it on the results page."""
    diagnostic = visible_diagnostic(public_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    snapshot, _result, items = _plan(diagnostic)
    if recommendation_id not in {item["id"] for item in items}:
        abort(404)
    edit = plans.read(request.form)
    if edit.errors:
        return results_page(diagnostic, snapshot, plan_edit={
            "id": recommendation_id, "errors": edit.errors, "values": request.form}), 422
    plans.save(diagnostic, recommendation_id, edit)
    prerender(diagnostic)  # the PDF holds the plan: ready again before it is asked for
    flash(_("Action enregistrée."))
    return redirect(url_for("journey.results", public_id=public_id,
                            _anchor=f"plan-{recommendation_id}"))


@bp.post("/d/<public_id>/plan/<recommendation_id>/ajouter")
def promote_action(public_id: str, recommendation_id: str) -> Response:
    """Add an « autre piste » to the plan."""
    diagnostic = visible_diagnostic(public_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    _snapshot, result, _items = _plan(diagnostic)
    if recommendation_id not in {i["id"] for i in result.get("other_recommendations", ())}:
        abort(404)
    plans.promote(diagnostic, recommendation_id)
    prerender(diagnostic)
    flash(_("Cette piste fait maintenant partie de votre plan d'action."))
    return redirect(url_for("journey.results", public_id=public_id,
                            _anchor=f"plan-{recommendation_id}"))


def _name(diagnostic: Diagnostic, extension: str) -> str:
    stem = "action-plan" if lang() == "en" else "plan-d-action"
    return f"{stem}-{slug(diagnostic.organisation.name)}.{extension}"


@bp.get("/d/<public_id>/plan.csv")
def plan_csv(public_id: str) -> Response:
    """The plan as CSV: one row per action, its status, owner, due date and note; in French,
    as French spreadsheets read it (`;` between cells, dates as 31/03/2027), in English with
    commas and ISO dates (2027-03-31), which English spreadsheets read as dates."""
    diagnostic = visible_diagnostic(public_id)
    _snapshot, _result, items = _plan(diagnostic)
    labels = plans.status_labels()
    header = [_("Rang"), _("Action"), _("Statut"), _("Responsable"), _("Échéance"), _("Note"),
              _("Piste ajoutée")]
    french = lang() == "fr"
    rows = [[item["rank"], item["title"], labels[item["plan"]["status"]],
             item["plan"]["owner"], _day(item["plan"]["due_on"], french), item["plan"]["note"],
             _("oui") if item["promoted"] else ""] for item in items]
    return attachment(csv_bytes(header, rows, delimiter=";" if french else ","),
                      "text/csv; charset=utf-8", _name(diagnostic, "csv"))


def _day(day: date | None, french: bool) -> str:
    if day is None:
        return ""
    return day.strftime("%d/%m/%Y") if french else day.isoformat()


@bp.get("/d/<public_id>/plan.ics")
def plan_ics(public_id: str) -> Response:
    """The plan's due dates as an iCalendar file: one all-day event per dated action."""
    diagnostic = visible_diagnostic(public_id)
    _snapshot, _result, items = _plan(diagnostic)
    labels = plans.status_labels()
    # the resume page opens on any device (it asks for the code); the results would be a 404
    # wherever this browser's grant is not
    results = external_url("journey.resume_code")
    events = []
    for item in items:
        if item["plan"]["due_on"] is None:
            continue
        lines = [_("Statut : %(s)s", s=labels[item["plan"]["status"]])]
        if item["plan"]["owner"]:
            lines.append(_("Responsable : %(o)s", o=item["plan"]["owner"]))
        if item["plan"]["note"]:
            lines.append(item["plan"]["note"])
        events.append(DayEvent(f"{diagnostic.public_id}-{item['id']}@parcours-adoc",
                               item["title"], item["plan"]["due_on"], "\n".join(lines), results))
    data = calendar_file("-//Parcours A.D.O.C.//plan//FR",
                         _("Plan d'action — %(name)s", name=diagnostic.organisation.name),
                         events, datetime.now(UTC))
    return attachment(data, "text/calendar; charset=utf-8", _name(diagnostic, "ics"))
