"""A cohort's overview, « Synthèse du groupe » (page and PDF): the group at a glance for a
workshop. Its figures of the whole group come from services/cohort_figures.py (nothing under
five organisations that completed); its grid shows each participant's scores, so each row shown
is recorded in the access log like a results page."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from ..engine.cohort import QuestionSummary, summaries
from ..models import Cohort, utcnow
from ..reports import service as reports
from ..reports.charts import Axis, level_rings, radar
from ..reports.pdf import RenderError
from ..services import access_log, cohort_reference
from ..services.cohort_figures import SAFE_COHORT, figures
from ..services.names import slug
from ..web.browser import lang
from ..web.downloads import attachment
from ..web.forms import ActionForm
from ..web.security import PDF_LIMIT, limiter, no_store
from . import bp, queries, services
from .access import trainer_required
from .groups import short_kinds

PDF_GRID_ROWS = 200  # a handout, not a register: the rest is in the exports


def _grid_order(args: Any, dimensions: list[str]) -> tuple[str, bool, int]:
    sort = args.get("tri", "score")
    if sort not in ("name", "score", "dont_know", *dimensions):
        sort = "score"
    page = args.get("page", "1")
    number = int(page) if page.isascii() and page.isdigit() and len(page) < 6 else 1
    # a first click sorts ascending; only the default order (the best first) is descending
    descending = args.get("ordre", "desc" if sort == "score" and "ordre" not in args
                          else "asc") == "desc"
    return sort, descending, max(1, number)


def _context(cohort: Cohort, language: str, grid_rows: int | None = None,
             args: Any = None) -> dict[str, Any]:
    """The overview's figures, for the page (`args`: the grid's sort and page) and for its PDF
    (`grid_rows`: the first ones by score)."""
    q = services.cohort_questionnaire(cohort)
    found = figures(cohort)
    counts = queries.counts(cohort)
    context: dict[str, Any] = {
        "cohort": cohort, "questionnaire": q, "counts": counts, "figures": found,
        "safe_cohort": SAFE_COHORT, "levels": [lv.label.get(language) for lv in q.levels],
        "unfinished": queries.unfinished(cohort), "kinds": short_kinds(q),
        "published": cohort_reference.current(cohort.id), "form": ActionForm()}
    if not found.shown:
        return context
    dimensions: list[dict[str, Any]] = []
    for group, stage in enumerate(q.scored_stages):
        for d in stage.dimensions:
            dimensions.append({"id": d.id, "title": d.title.get(language), "group": group,
                               "stage": stage.title.get(language),
                               "scale": q.dimension_scoring(d.id).scale,
                               **(found.dimensions.get(d.id) or {"n": 0}),
                               "change": found.changes.get(d.id)})
    axes = [Axis(str(d["title"]), d.get("mean"), int(d["group"])) for d in dimensions]
    spread = [[max(0.0, d["mean"] - d["spread"]) if d["n"] else None for d in dimensions],
              [min(100.0, d["mean"] + d["spread"]) if d["n"] else None for d in dimensions]]
    recos = {r.id: r for r in q.recommendations}
    ids = [str(d["id"]) for d in dimensions]
    sort, descending, page = ("score", True, 1) if args is None else _grid_order(args, ids)
    limit = grid_rows or queries.GRID_PAGE
    rows = queries.grid(cohort, ids, sort, descending, page, limit)
    questions = summaries(q, found.answers, language)
    context.update(
        named=found.named, dimensions=dimensions, rows=rows, sort=sort, descending=descending,
        page=page,
        pages=max(1, -(-counts["completed"] // limit)), questions=_by_stage(questions),
        topics=[s for s in questions if s.topic],
        thresholds=[lv.min for lv in q.levels], heat=heat_of(q),
        global_scale=q.scoring.global_scale,
        frequent=[(recos[rid].title.get(language), n) for rid, n in found.frequent
                  if rid in recos],
        followed_up=max((c["n"] for c in found.changes.values()), default=0),
        radar=radar(axes, _("Moyenne du groupe pour chaque dimension, sur 100"),
                    rings=level_rings([lv.min for lv in q.levels]), outlines=spread,
                    decimal="," if language == "fr" else ".",
                    worse=q.scoring.higher_is == "worse"))
    return context


def heat_of(q: Any) -> Any:
    """A score's shade in the grid: how many level thresholds it reaches (1 to the number of
    levels, from pale orange to green), turned round when a higher score is worse (impact,
    risk): a high impact is not green."""
    mins = [lv.min for lv in q.levels]
    worse = q.scoring.higher_is == "worse"

    def heat(score: float) -> int:
        reached = sum(1 for m in mins if m <= score)
        return len(mins) + 1 - reached if worse else reached
    return heat


def _by_stage(questions: list[QuestionSummary]) -> list[tuple[str, list[QuestionSummary]]]:
    """The questions' summaries grouped by stage, in the questionnaire's order."""
    groups: dict[str, list[QuestionSummary]] = {}
    for summary in questions:
        groups.setdefault(summary.stage, []).append(summary)
    return list(groups.items())


def _log_grid(cohort: Cohort, context: dict[str, Any]) -> None:
    """Each participant whose scores the grid showed: its results were read (issue 30, L2)."""
    shown = [row.id for row in context.get("rows", ())]
    access_log.record(current_user, access_log.RESULTS_VIEWED, shown, cohort.id)


@bp.get("/groupes/<public_id>/synthese")
@no_store
@trainer_required
def overview(public_id: str) -> str:
    """The group at a glance: levels, dimensions, a grid of every participant, each question's
    answers, who has not finished."""
    cohort = services.visible_cohort(public_id)
    context = _context(cohort, lang(), args=request.args)
    html = render_template("trainer/overview.html", **context)
    _log_grid(cohort, context)
    return html


@bp.post("/groupes/<public_id>/reperes")
@trainer_required
def publish_reference(public_id: str) -> BaseResponse:
    """Publish the cohort's figures for its participants, as they are now."""
    cohort = services.visible_cohort(public_id)
    if cohort_reference.publish(cohort, current_user) is None:
        flash(_("Il faut au moins cinq organisations ayant terminé pour publier les repères du "
                "groupe."))
    else:
        flash(_("Repères publiés : chaque participant voit désormais ses scores à côté de ceux "
                "du groupe, tels qu'ils sont aujourd'hui."))
    return redirect(url_for("trainer.overview", public_id=public_id) + "#reference-panel")


@bp.post("/groupes/<public_id>/reperes/retirer")
@trainer_required
def withdraw_reference(public_id: str) -> BaseResponse:
    """Participants no longer see the cohort's figures."""
    cohort = services.visible_cohort(public_id)
    cohort_reference.withdraw(cohort)
    flash(_("Repères retirés : les participants ne les voient plus."))
    return redirect(url_for("trainer.overview", public_id=public_id) + "#reference-panel")


@bp.get("/groupes/<public_id>/synthese.pdf")
@limiter.limit(PDF_LIMIT)
@trainer_required
def overview_pdf(public_id: str) -> Response | tuple[str, int]:
    """The cohort's overview on paper, a workshop handout, in the cohort's language."""
    cohort = services.visible_cohort(public_id)
    language = cohort.lang or lang()
    with force_locale(language):
        context = _context(cohort, language, grid_rows=PDF_GRID_ROWS)
    try:
        data = reports.render_document("reports/cohort.html", {**context, "lang": language,
                                                               "when": utcnow()})
    except RenderError:
        return render_template("errors/error.html", status=503,
                               title=_("Le PDF n'a pas pu être produit"),
                               message=_("Réessayez dans un instant.")), 503
    _log_grid(cohort, context)
    return attachment(data, "application/pdf", f"synthese-{slug(cohort.name)}.pdf")
