"""A trainer's cohorts: the list and a new cohort, a cohort's dashboard, its join link (the
overview: overview.py)."""

from __future__ import annotations

from flask import (
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse
from wtforms import SelectChoice

from ..engine import Questionnaire
from ..services.cohorts import invitation, latest_handover
from ..services.questionnaires import all_questionnaires, default_key
from ..web.browser import lang
from ..web.forms import ActionForm
from ..web.links import external_url
from ..web.security import no_store
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
