"""After logging in: the question about the diagnostics this browser started anonymously.

A login used to attach them silently, and on a shared computer they may be the previous user's.
So the login asks first, listing them, and attaches them only when told to; by default nothing is
attached, and they stay as they were: open in this browser, in nobody's account.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..web import browser
from ..web.redirects import safe_target
from . import bp, services
from .forms import AttachForm


@bp.route("/connexion/rattacher", methods=["GET", "POST"])
@login_required
def attach() -> str | Response | tuple[str, int]:
    """List what could be attached; attach it on « oui »; go on where the login was going."""
    target = safe_target(request.args.get("next"), url_for("auth.account"))
    diagnostics = services.attachable(current_user, browser.opened())
    if not diagnostics:
        return redirect(target)
    form = AttachForm()
    if form.validate_on_submit():
        if form.choice.data == "oui":
            services.attach_diagnostics(current_user, [d.public_id for d in diagnostics])
        return redirect(target)
    return render_template("auth/attach.html", form=form, diagnostics=diagnostics,
                           target=target), 422 if form.errors else 200
