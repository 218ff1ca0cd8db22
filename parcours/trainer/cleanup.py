"""A clean cohort (issue 31, item 4): the trainer removes a participant (a test, an abandoned
start, a second row of one organisation) after a confirmation, or marks one row as a duplicate
of another, so that counts and exports keep one (services/cohorts.py does the writes)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from ..services import cohorts as membership
from ..web.forms import ActionForm
from ..web.security import no_store
from . import bp, services
from .access import trainer_required


@bp.route("/groupes/<public_id>/participants/<diagnostic_id>/retirer",
          methods=["GET", "POST"])
@no_store
@trainer_required
def remove(public_id: str, diagnostic_id: str) -> str | BaseResponse:
    """What removing keeps and loses, then (POST) the removal: logged, and told to the
    participant on its results page."""
    cohort = services.visible_cohort(public_id)
    diagnostic = services.cohort_diagnostic(cohort, diagnostic_id)
    form = ActionForm()
    if request.method == "POST" and form.validate_on_submit():
        name = diagnostic.organisation.name
        membership.remove(diagnostic, current_user)
        flash(_("« %(name)s » a été retiré du groupe.", name=name))
        return redirect(url_for("trainer.dashboard", public_id=public_id))
    return render_template("trainer/remove.html", cohort=cohort, diagnostic=diagnostic,
                           form=form)


@bp.post("/groupes/<public_id>/participants/<diagnostic_id>/doublon")
@trainer_required
def duplicate(public_id: str, diagnostic_id: str) -> BaseResponse:
    """Mark this row as a duplicate of another row of the same organisation (`original`, a
    public id), or unmark it (`original` empty)."""
    cohort = services.visible_cohort(public_id)
    diagnostic = services.cohort_diagnostic(cohort, diagnostic_id)
    form = ActionForm()
    if form.validate_on_submit():
        key = request.form.get("original", "")[:32]
        original = services.cohort_diagnostic(cohort, key) if key else None
        try:
            membership.mark_duplicate(diagnostic, original)
        except ValueError:
            flash(_("Seule une autre ligne de la même organisation, dans ce groupe, peut être "
                    "l'original."))
        else:
            flash(_("Marqué comme doublon : les comptes et les exports du groupe ne gardent "
                    "que l'original.") if original else _("Ce n'est plus un doublon."))
    return redirect(url_for("trainer.review", public_id=public_id,
                            diagnostic_id=diagnostic_id))
