"""A trainer's cohorts: the list and a new cohort, a cohort's dashboard, its join link, its
overview (page and PDF)."""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse
from wtforms import SelectChoice

from ..engine import Questionnaire
from ..models import Cohort, utcnow
from ..reports import service as reports
from ..reports.charts import Axis, level_rings, radar
from ..reports.pdf import RenderError
from ..services.cohorts import invitation, latest_handover
from ..services.names import slug
from ..services.questionnaires import all_questionnaires, default_key
from ..web.browser import lang
from ..web.downloads import attachment
from ..web.forms import ActionForm
from ..web.links import external_url
from ..web.security import PDF_LIMIT, limiter, no_store
from . import bp, queries, services
from .access import trainer_required
from .forms import CohortForm


def short_kinds(q: Questionnaire) -> dict[str, str]:
    """Short names of the questionnaire's organisation kinds, for table columns and filters
    (none when it asks no kind)."""
    short = {"association": _("Association"), "entreprise": _("Entreprise"),
             "collectivite": _("Collectivité"), "autre": _("Autre")}
    question = q.questions[q.index.kind_question] if q.index.kind_question else None
    return {o.value: short.get(o.value) or o.label_for(None, lang())
            for o in getattr(question, "options", ())}


@bp.route("/", methods=["GET", "POST"])
@no_store
@trainer_required
def cohorts() -> str | BaseResponse | tuple[str, int]:
    """The trainer's cohorts, and a form to create one."""
    form = CohortForm(questionnaire=default_key())
    served = all_questionnaires()
    form.questionnaire.choices = [
        SelectChoice(key, _("%(title)s (environ %(minutes)s min)", title=q.index.title.get(lang()),
                            minutes=q.index.estimated_minutes))
        for key, q in served.items()]
    if form.validate_on_submit():
        cohort = services.create_cohort(current_user, form.name.data or "", form.starts_on.data,
                                        form.ends_on.data, form.lang.data or "fr",
                                        form.questionnaire.data or default_key())
        flash(_("Groupe créé. Partagez son lien ou son code avec les participants."))
        return redirect(url_for("trainer.dashboard", public_id=cohort.public_id))
    visible = services.visible_cohorts()
    codes = {c.public_id: found[1] for c in visible if (found := invitation(c))}
    return render_template("trainer/cohorts.html", cohorts=visible, codes=codes,
                           form=form, questionnaires=served), 422 if form.errors else 200


@bp.get("/groupes/<public_id>")
@no_store
@trainer_required
def dashboard(public_id: str) -> str:
    """Participants of a cohort: sort, filter, search, paginate (SQL does the work)."""
    cohort = services.visible_cohort(public_id)
    filters = queries.Filters.from_args(request.args)
    counts = queries.counts(cohort)
    rows, total = queries.participants(cohort, filters, counts["total"])
    q = services.cohort_questionnaire(cohort)
    invite = invitation(cohort)
    return render_template(
        "trainer/dashboard.html", cohort=cohort, rows=rows, total=total, filters=filters,
        counts=counts, kinds=short_kinds(q), questionnaire=q,
        levels=[lv.label.get(lang()) for lv in q.levels],
        pages=max(1, -(-total // queries.PAGE_SIZE)), form=ActionForm(),
        join_url=external_url("journey.join_link", token=invite[0]) if invite else None,
        join_code=invite[1] if invite else None, code_url=external_url("journey.join_code"),
        handover=latest_handover(cohort.id))


@bp.post("/groupes/<public_id>/invitation")
@trainer_required
def renew_invitation(public_id: str) -> BaseResponse:
    """A new join link and code for the cohort; the old ones stop working."""
    cohort = services.visible_cohort(public_id)
    services.renew_invitation(cohort)
    flash(_("Nouveau lien et nouveau code créés : les anciens ne fonctionnent plus."))
    return redirect(url_for("trainer.dashboard", public_id=public_id))


@bp.get("/groupes/<public_id>/synthese")
@no_store
@trainer_required
def overview(public_id: str) -> str:
    """What a workshop needs: mean and spread per dimension, levels, frequent recommendations."""
    cohort = services.visible_cohort(public_id)
    return render_template("trainer/overview.html", **_overview(cohort, lang()))


@bp.get("/groupes/<public_id>/synthese.pdf")
@limiter.limit(PDF_LIMIT)
@trainer_required
def overview_pdf(public_id: str) -> Response | tuple[str, int]:
    """The cohort's overview on paper, for the workshop, in the cohort's language."""
    cohort = services.visible_cohort(public_id)
    language = cohort.lang or lang()
    with force_locale(language):
        context = _overview(cohort, language)
    try:
        data = reports.render_document("reports/cohort.html", {**context, "lang": language,
                                                               "when": utcnow()})
    except RenderError:
        return render_template("errors/error.html", status=503,
                               title=_("Le PDF n'a pas pu être produit"),
                               message=_("Réessayez dans un instant.")), 503
    return attachment(data, "application/pdf", f"synthese-{slug(cohort.name)}.pdf")


def _overview(cohort: Cohort, language: str) -> dict[str, Any]:
    """The overview's figures, for the page and for its PDF."""
    q = services.cohort_questionnaire(cohort)
    stats = queries.dimension_stats(cohort)
    changes = queries.followup_changes(cohort)
    dimensions: list[dict[str, Any]] = []
    for group, stage in enumerate(q.scored_stages):
        for d in stage.dimensions:
            found = stats.get(d.id)
            dimensions.append({"id": d.id, "title": d.title.get(language), "group": group,
                               "stage": stage.title.get(language), **(found or {"n": 0}),
                               "change": changes.get(d.id)})
    axes = [Axis(str(d["title"]), d.get("mean"), int(d["group"])) for d in dimensions]
    spread = [[max(0.0, d["mean"] - d["spread"]) if d["n"] else None for d in dimensions],
              [min(100.0, d["mean"] + d["spread"]) if d["n"] else None for d in dimensions]]
    recos = {r.id: r for r in q.recommendations}
    frequent = [(recos[rid].title.get(language), n) for rid, n in
                queries.frequent_recommendations(cohort) if rid in recos]
    return {"cohort": cohort, "dimensions": dimensions, "frequent": frequent,
            "followed_up": max((c["n"] for c in changes.values()), default=0),
            "counts": queries.counts(cohort), "levels": [lv.label.get(language) for lv in q.levels],
            "questionnaire": q,
            "radar": radar(axes, _("Moyenne du groupe pour chaque dimension, sur 100"),
                           rings=level_rings([lv.min for lv in q.levels]), outlines=spread,
                           decimal="," if language == "fr" else ".")}
