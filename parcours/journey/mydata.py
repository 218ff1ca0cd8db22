"""A participant's control of its data: take everything about a diagnostic away (a ZIP), or
delete the diagnostic after a page that says what will be lost."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..services import consolidation, erasure
from ..web import browser
from ..web.browser import lang
from ..web.downloads import attachment
from ..web.forms import ActionForm
from ..web.security import PDF_LIMIT, limiter, no_store
from . import bp
from .access import visible_diagnostic
from .portability import archive


@bp.get("/d/<public_id>/mes-donnees.zip")
@limiter.limit(PDF_LIMIT)  # it may render two PDFs
def my_data(public_id: str) -> Response:
    """Everything about the diagnostic: diagnostic.json, its PDFs in both languages, a README."""
    diagnostic = visible_diagnostic(public_id)
    data, name = archive(diagnostic, lang())
    return attachment(data, "application/zip", name)


@bp.route("/d/<public_id>/supprimer", methods=["GET", "POST"])
@no_store
def delete(public_id: str) -> str | Response:
    """What deleting will remove, with counts; on confirmation (POST), delete it, forget it in
    this browser and go home."""
    diagnostic = visible_diagnostic(public_id)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        name, host_id = diagnostic.organisation.name, diagnostic.host_id
        counted = diagnostic.respondent_round is not None
        erasure.delete_diagnostic(diagnostic)
        consolidation.after_leaving(host_id, counted)  # a published round's respondent left
        browser.forget(public_id)
        flash(_("Le diagnostic de « %(name)s » a été supprimé, avec ses réponses, ses résultats, "
                "ses PDF et les commentaires reçus. Il n'en reste rien sur ce site.", name=name))
        return redirect(url_for("main.home"))
    return render_template("journey/delete.html", diagnostic=diagnostic, form=form,
                           lost=erasure.inventory(diagnostic))
