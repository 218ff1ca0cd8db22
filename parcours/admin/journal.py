"""The whole access log (parcours/services/access_log.py), newest first, by trainer or by cohort."""

from __future__ import annotations

from flask import render_template, request
from sqlalchemy import select

from ..infra.extensions import db
from ..models import Cohort, User
from ..services import access_log
from ..web.forms import page_number
from ..web.security import no_store
from . import bp, services

PAGE_SIZE = 50


@bp.get("/journal")
@no_store
def journal() -> str:
    """Who opened which participant's data, when; filtered by `formateur` or `groupe` (public
    ids; an unknown one filters nothing in and says so)."""
    actor_key, cohort_key = request.args.get("formateur", ""), request.args.get("groupe", "")
    page = page_number(request.args.get("page", ""))
    actor = services.staff_member(actor_key) if actor_key else None
    cohort = db.session.scalar(select(Cohort).where(Cohort.public_id == cohort_key[:32])) \
        if cohort_key else None
    unknown = bool((actor_key and actor is None) or (cohort_key and cohort is None))
    rows, total = ([], 0) if unknown else access_log.admin_page(
        page, actor.id if actor else None, cohort.id if cohort else None, PAGE_SIZE)
    cohorts = list(db.session.scalars(select(Cohort).order_by(Cohort.name)))
    staff = list(db.session.scalars(select(User).where(User.role.in_(services.STAFF))
                                    .order_by(User.email)))
    return render_template("admin/journal.html", rows=rows, total=total, page=page,
                           pages=max(1, -(-total // PAGE_SIZE)), staff=staff, cohorts=cohorts,
                           actor_key=actor_key, cohort_key=cohort_key, unknown=unknown)
