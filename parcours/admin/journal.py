"""The « Journal des consultations » for admins: the whole access log
(parcours/services/access_log.py), filtered by participant, trainer, cohort and dates, grouped
by person, day and kind (« Claire a consulté 12 résultats le 6 décembre ») with each line
reachable; and the admins' own audit log (parcours/services/audit.py), read-only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, render_template, request
from flask_babel import to_user_timezone
from sqlalchemy import select

from ..infra.extensions import db
from ..models import Cohort, User
from ..services import access_log, audit
from ..web.forms import page_number
from ..web.security import no_store
from . import bp, services

PAGE_SIZE = 50  # lines of the log per page, grouped on the page
AUDIT_PAGE_SIZE = 50


@dataclass
class Group:
    """The lines of one person, one day, one kind of access."""

    day: date
    action: str
    name: str | None
    email: str
    role: str
    rows: list[access_log.AdminRow] = field(default_factory=list)


def grouped(rows: list[access_log.AdminRow]) -> list[Group]:
    """Rows (newest first) gathered by (day in the reader's time zone, person, action), each
    group where its newest line falls."""
    groups: dict[tuple[date, str, str], Group] = {}
    for row in rows:
        day = to_user_timezone(row.at).date()
        key = (day, row.email, row.action)
        if key not in groups:
            groups[key] = Group(day, row.action, row.name, row.email, row.role)
        groups[key].rows.append(row)
    return list(groups.values())


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _local_midnight(day: date) -> datetime:
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Paris"))
    return datetime.combine(day, time(), tzinfo=zone)


@bp.get("/journal")
@no_store
def journal() -> str:
    """Who opened which participant's data, when, filtered by `formateur` or `groupe` (public
    ids; an unknown one filters nothing in and says so), `participant` (a part of its name),
    `du` and `au` (dates, both included); and what admins did to accounts and cohorts."""
    args = request.args
    actor_key, cohort_key = args.get("formateur", ""), args.get("groupe", "")
    participant = args.get("participant", "").strip()[:100]
    since_text, until_text = args.get("du", "")[:10], args.get("au", "")[:10]
    since, until = _day(since_text), _day(until_text)
    bad_date = bool((since_text and since is None) or (until_text and until is None))
    page = page_number(args.get("page", ""))
    audit_page = page_number(args.get("page_admin", ""))
    actor = services.staff_member(actor_key) if actor_key else None
    cohort = db.session.scalar(select(Cohort).where(Cohort.public_id == cohort_key[:32])) \
        if cohort_key else None
    unknown = bool((actor_key and actor is None) or (cohort_key and cohort is None))
    filters = access_log.AdminFilters(
        actor_id=actor.id if actor else None, cohort_id=cohort.id if cohort else None,
        participant=participant,
        since=_local_midnight(since) if since else None,
        until=_local_midnight(until + timedelta(days=1)) if until else None)
    rows, total = ([], 0) if unknown else access_log.admin_page(
        page, size=PAGE_SIZE, filters=filters)
    # the audit log is about accounts and cohorts: shown unless a participant or cohort is asked
    audit_rows, audit_total = ([], 0) if unknown or participant or cohort else audit.page(
        audit_page, AUDIT_PAGE_SIZE, actor.id if actor else None, filters.since, filters.until)
    cohorts = list(db.session.scalars(select(Cohort).order_by(Cohort.name)))
    staff = list(db.session.scalars(select(User).where(User.role.in_(services.STAFF))
                                    .order_by(User.email)))
    query = {"formateur": actor_key or None, "groupe": cohort_key or None,
             "participant": participant or None, "du": since_text or None,
             "au": until_text or None}
    return render_template(
        "admin/journal.html", groups=grouped(rows), total=total, page=page,
        pages=max(1, -(-total // PAGE_SIZE)), staff=staff, cohorts=cohorts,
        actor_key=actor_key, cohort_key=cohort_key, participant=participant,
        since=since_text, until=until_text, unknown=unknown, bad_date=bad_date, query=query,
        audit_rows=audit_rows, audit_total=audit_total, audit_page=audit_page,
        audit_pages=max(1, -(-audit_total // AUDIT_PAGE_SIZE)))
