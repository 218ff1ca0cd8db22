"""« Vos progrès depuis le … » (issue 17): a follow-up's result beside the previous diagnostic's
latest one, with the actions of the previous plan marked « fait » and the change in the
dimensions they serve. Shared by the results page and the PDF."""

from __future__ import annotations

from typing import Any

from ..infra.extensions import db
from ..models import Snapshot
from ..services import plans
from .context import progress_context, settled


def progress_of(previous_snapshot_id: int | None, result: dict[str, Any],
                lang: str) -> dict[str, Any] | None:
    """The progress section's data for a follow-up whose previous diagnostic's latest snapshot
    is `previous_snapshot_id` (None: not a follow-up, or the previous one is not completed);
    None also when the two are results of different questionnaires."""
    if previous_snapshot_id is None:
        return None
    before = db.session.get(Snapshot, previous_snapshot_id)
    if before is None:
        return None
    before_result = settled(before.results.get(lang) or before.results["fr"])
    done = [item for item in plans.actions(before_result, plans.state(before.diagnostic_id))
            if item["plan"]["status"] == plans.DONE]
    context = progress_context(before_result, before.created_at, result,
                               [(item["id"], list(item.get("dimensions") or ()))
                                for item in done])
    if context is None:
        return None
    titles = {item["id"]: item["title"] for item in done}
    context["done"] = [item["title"] for item in done]
    context["served"] = [{"dimension": s.dimension,
                          "actions": [titles[a] for a in s.actions]}
                         for s in context["effect"].served]
    return context
