"""The plain context of a results page or report, built from a snapshot (no ORM in templates)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ..engine.serialize import HORIZON_LABELS
from ..models import Snapshot
from .charts import Axis, radar


def results_context(snapshot: Snapshot, lang: str) -> dict[str, Any]:
    """Scores, radar and roadmap by horizon, in `lang`, from what the snapshot froze."""
    result = snapshot.results.get(lang) or snapshot.results["fr"]
    axes = [Axis(d["title"], d["score"], group)
            for group, stage in enumerate(result["stages"]) for d in stage["dimensions"]]
    by_horizon = []
    for horizon, labels in HORIZON_LABELS.items():
        items = [item for item in result["roadmap"] if item["horizon"] == horizon]
        if items:
            by_horizon.append({"id": horizon, "label": labels[1] if lang == "en" else labels[0],
                               "items": items})
    dimensions = [d for stage in result["stages"] for d in stage["dimensions"]]
    return {
        "result": result,
        "radar": radar(axes, _("Score de chaque dimension, sur 100")),
        "by_horizon": by_horizon,
        "dimensions": dimensions,
        "first_actions": result["roadmap"][:3],
    }
