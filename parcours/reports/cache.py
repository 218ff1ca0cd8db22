"""The PDF cache's key: what a report depends on, read in one query, and its hash.

A key is the hash of everything that goes into a PDF (snapshot, organisation name, trainer's
comments, the action plan's version, language, template and stylesheet), so a cached PDF is
never stale. `cache_key` is the only function that computes one; the PDFs stored under a key
are parcours/services/pdfstore.py's (their files in the store; deleting a diagnostic drops them).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select

from ..infra.extensions import db
from ..infra.paths import ROOT
from ..models import (
    CohortReference,
    Comment,
    Diagnostic,
    Organisation,
    PlanAction,
    Snapshot,
    User,
)
from ..services.questionnaires import questionnaire

TEMPLATE = "reports/roadmap.html"
SHORT_TEMPLATE = "reports/short.html"  # questionnaires whose report layout is `short`
STYLESHEETS = (ROOT / "static" / "css" / "report.css",)
# every report template (the layouts and what they include) and the stylesheet
TEMPLATE_FILES = tuple(sorted((ROOT / "templates" / "reports").glob("*.html"))) + STYLESHEETS


@cache
def template_version() -> str:
    """A hash of the report templates and stylesheet: changing any invalidates the cache."""
    digest = hashlib.sha256()
    for path in TEMPLATE_FILES:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Found:
    """What a report needs besides its snapshot's results, read in one query: who may see it,
    the organisation's name, the latest snapshot and the trainer's comments (rows of stage id,
    text, author's display name — never the e-mail —, last change)."""

    diagnostic_id: int
    public_id: str
    user_id: int | None
    access_generation: int
    organisation: str
    questionnaire_key: str
    snapshot_id: int | None
    content_hash: str | None
    created_at: datetime | None
    comments: tuple[Any, ...]
    # how many actions of the plan were edited, and the last edit: a new one makes a new key
    plan_version: tuple[int, datetime | None] = (0, None)
    # a follow-up's « before »: the previous diagnostic's latest snapshot (issue 17)
    previous_snapshot_id: int | None = None
    # its plan's version too: an action marked « fait » there shows in the progress page
    previous_plan_version: tuple[int, datetime | None] = (0, None)
    # a collective diagnostic's respondent: its own results are never served (issue 30, L8)
    respondent: bool = False
    # the figures its cohort's trainer published (issue 31, item 3): their id and when
    reference: tuple[int | None, datetime | None] = (None, None)
    # a follow-up's previous diagnostic: who may open it, its access generation now and when
    # the follow-up was started (issue 30, L9: a renewal since revokes the follow-up's view)
    previous_public_id: str | None = None
    previous_user_id: int | None = None
    previous_generation: int | None = None
    previous_generation_seen: int | None = None

    @property
    def completed(self) -> bool:
        return self.snapshot_id is not None and self.created_at is not None

    @property
    def previous_renewed(self) -> bool:
        """Whether the previous diagnostic's link was renewed since the follow-up started:
        its scores are then shown only to a browser or an account that may open it too."""
        return self.previous_snapshot_id is not None and (
            self.previous_generation != self.previous_generation_seen)

    def without_previous(self) -> Found:
        """The report without the previous diagnostic's « Vos progrès depuis le … »."""
        return replace(self, previous_snapshot_id=None, previous_plan_version=(0, None))

    def for_trainer(self) -> Found:
        """As a trainer or an export sees it: no previous diagnostic renewed since (a trainer
        holds no link to it)."""
        return self.without_previous() if self.previous_renewed else self


_d, _o, _s, _c, _u, _p, _r = (model.__table__ for model in  # type: ignore[attr-defined]
                              (Diagnostic, Organisation, Snapshot, Comment, User, PlanAction,
                               CohortReference))
_previous = _d.alias("previous")
# Built once: building a statement cost as much as running it (bench/pdf.py). Core tables, not
# the ORM: its rows need no ORM processing.
_FIND = (select(_d.c.id, _d.c.public_id, _d.c.user_id, _d.c.access_generation, _o.c.name,
                _d.c.questionnaire_key, _s.c.id, _s.c.content_hash, _s.c.created_at,
                _c.c.stage_id, _c.c.text, _u.c.display_name, _c.c.updated_at,
                *(select(f).where(_p.c.diagnostic_id == _d.c.id).scalar_subquery()
                  for f in (func.count(), func.max(_p.c.updated_at))),
                _previous.c.latest_snapshot_id,
                *(select(f).where(_p.c.diagnostic_id == _previous.c.id).scalar_subquery()
                  for f in (func.count(), func.max(_p.c.updated_at))),
                _d.c.host_id, _r.c.id, _r.c.published_at, _previous.c.public_id,
                _previous.c.user_id, _previous.c.access_generation, _d.c.previous_generation)
         .select_from(_d.join(_o, _o.c.id == _d.c.organisation_id)
                      .outerjoin(_r, _r.c.cohort_id == _d.c.cohort_id)
                      .outerjoin(_s, _s.c.id == _d.c.latest_snapshot_id)
                      .outerjoin(_previous, _previous.c.id == _d.c.previous_id)
                      # the comments of its present cohort only (item 8 of issue 13)
                      .outerjoin(_c, (_c.c.diagnostic_id == _d.c.id)
                                 & (_c.c.cohort_id == _d.c.cohort_id))
                      .outerjoin(_u, _u.c.id == _c.c.author_id))
         .where(_d.c.public_id == bindparam("public_id"))
         .order_by(_c.c.created_at, _c.c.id))


def find(public_id: str) -> Found | None:
    """A diagnostic's report parts in one query: a cache hit costs that query and the PDF's
    (bench/pdf.py)."""
    rows = db.session.connection().execute(_FIND, {"public_id": public_id}).all()
    if not rows:
        return None
    first = rows[0]
    comments = tuple(tuple(row[9:13]) for row in rows if row[10] is not None)
    return Found(*first[:9], comments=comments, plan_version=(first[13], first[14]),
                 previous_snapshot_id=first[15], previous_plan_version=(first[16], first[17]),
                 respondent=first[18] is not None, reference=(first[19], first[20]),
                 previous_public_id=first[21], previous_user_id=first[22],
                 previous_generation=first[23], previous_generation_seen=first[24])


def comments(questionnaire_key: str, rows: Iterable[Any], lang: str) -> list[dict[str, Any]]:
    """Comment rows as the report shows them: general first, then stage by stage."""
    rows = list(rows)
    if not rows:
        return []
    stages = {stage.id: (n, stage.title.get(lang))
              for n, stage in enumerate(questionnaire(questionnaire_key).stages)}
    with force_locale(lang):
        general = _("Commentaire général")
    found = [{"stage": stage_id, "order": stages.get(stage_id, (-1, ""))[0],
              "title": stages.get(stage_id, (0, general))[1] if stage_id else general,
              "text": text, "author": author, "when": updated_at.isoformat()}
             for stage_id, text, author, updated_at in rows]
    return sorted(found, key=lambda c: c["order"])


def cache_key(found: Found, lang: str) -> str:
    """The key of `found`'s latest snapshot's report in `lang`."""
    if not found.completed:
        raise ValueError("no snapshot: the diagnostic is not completed")
    payload = {
        "snapshot": found.snapshot_id, "hash": found.content_hash,
        "previous": found.previous_snapshot_id, "previous_plan": found.previous_plan_version,
        "created": found.created_at.isoformat() if found.created_at else None,
        "organisation": found.organisation,
        "comments": comments(found.questionnaire_key, found.comments, lang),
        "plan": list(found.plan_version), "lang": lang, "template": template_version(),
        "reference": list(found.reference),
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
