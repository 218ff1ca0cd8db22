"""The plain context of a results page or report, built from a snapshot (no ORM in templates)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from ..engine.serialize import HORIZON_LABELS
from ..models import Snapshot
from .charts import Axis, radar


def _radar(result: dict[str, Any]) -> Any:
    """The radar of a result's dimensions, titled in the result's language."""
    axes = [Axis(d["title"], d["score"], group)
            for group, stage in enumerate(result["stages"]) for d in stage["dimensions"]]
    with force_locale(result["lang"]):
        return radar(axes, _("Score de chaque dimension, sur 100"))


def plan_groups(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The main plan in reading order, cut where its phase changes (understand, act, steer…).

    Snapshots scored before phases existed (A.D.O.C. 1.x) keep their grouping by horizon, so an
    old report reads as it did.
    """
    items = result["roadmap"]
    if any(item.get("phase_label") for item in items):
        groups: list[dict[str, Any]] = []
        for item in items:
            if not groups or groups[-1]["id"] != item.get("phase"):
                groups.append({"id": item.get("phase"), "label": item.get("phase_label"),
                               "items": []})
            groups[-1]["items"].append(item)
        return groups
    legacy = []
    for horizon, labels in HORIZON_LABELS.items():
        chosen = [item for item in items if item["horizon"] == horizon]
        if chosen:
            label = labels[1] if result["lang"] == "en" else labels[0]
            legacy.append({"id": horizon, "label": label, "items": chosen})
    return legacy


def results_context(snapshot: Snapshot, lang: str) -> dict[str, Any]:
    """Scores, radar and the plan by phase, in `lang`, from what the snapshot froze."""
    result = snapshot.results.get(lang) or snapshot.results["fr"]
    return {
        "result": result,
        "radar": _radar(result),
        "plan_groups": plan_groups(result),
        "dimensions": [d for stage in result["stages"] for d in stage["dimensions"]],
        "first_actions": result["roadmap"][:3],
    }


def _notable(result: dict[str, Any]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Per stage: the answers that are already at the top, and those at the bottom."""
    rows = {row["id"]: row for stage in result["annex"] for row in stage["questions"]}
    notable: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for stage in result["stages"]:
        strong, weak = [], []
        for dimension in stage["dimensions"]:
            for c in dimension["contributions"]:
                if c["status"] != "answered" or not c["max_points"]:
                    continue
                entry = {**rows[c["question"]], "dimension_title": dimension["title"]}
                if c["points"] >= c["max_points"]:
                    strong.append(entry)
                elif c["points"] == 0:
                    weak.append(entry)
        notable[stage["id"]] = {"strong": strong, "weak": weak}
    return notable


def report_context(result: dict[str, Any], organisation: str, when: datetime,
                   comments: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Everything the PDF template needs, as plain data: no ORM object reaches it."""
    lang = result["lang"]
    return {
        "lang": lang,
        "organisation": organisation,
        "kind": result.get("kind_label"),
        "when": when,
        "result": result,
        "radar": _radar(result),
        "plan_groups": plan_groups(result),
        "first_actions": result["roadmap"][:3],
        "notable": _notable(result),
        "comments": comments or [],
    }
