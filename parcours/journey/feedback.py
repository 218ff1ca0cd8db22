"""The trainer's comments as the participant reads them on the site, and « nouveau » until read.

The PDF had them, on page 11 of 16; the results page now shows them first, signed with the
trainer's display name (never the e-mail).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update

from ..engine import Questionnaire
from ..infra.extensions import db
from ..infra.unit_of_work import transaction
from ..models import Comment, Diagnostic, utcnow


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite gives naive datetimes back for timestamps stored in UTC
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def trainer_comments(diagnostic: Diagnostic, q: Questionnaire, lang: str) -> list[dict[str, Any]]:
    """The comments on a diagnostic, general ones first, each saying whether it is new."""
    seen = _aware(diagnostic.comments_seen_at)
    stages = {stage.id: (n, stage.title.get(lang)) for n, stage in enumerate(q.stages)}
    rows = db.session.scalars(select(Comment).where(Comment.diagnostic_id == diagnostic.id)
                              .order_by(Comment.created_at, Comment.id))
    general = (-1, _("Le diagnostic dans son ensemble"))
    found = []
    for comment in rows:
        order, title = stages.get(comment.stage_id or "", general)
        written = _aware(comment.updated_at) or _aware(comment.created_at)
        new = seen is None or (written is not None and written > seen)
        found.append({"title": title, "order": order, "text": comment.text, "new": new,
                      "author": comment.author.shown_name if comment.author else None,
                      "when": written})
    return sorted(found, key=lambda c: c["order"])


def mark_comments_seen(diagnostic: Diagnostic) -> None:
    """The participant has now read every comment (written only when one was new)."""
    diagnostic_id = diagnostic.id
    with transaction():
        # not through the ORM: updated_at (the participant's last activity) must not move
        db.session.execute(update(Diagnostic).where(Diagnostic.id == diagnostic_id).values(
            comments_seen_at=utcnow(), updated_at=Diagnostic.updated_at))
