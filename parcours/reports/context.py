"""The plain context of a results page or report, built from a snapshot (no ORM in templates)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from ..engine import about
from ..engine.compare import actions_effect, compare
from ..engine.numbers import plain
from ..engine.serialize import HORIZON_LABELS, STAGE_WORDS
from ..models import Snapshot
from ..services import plans
from ..services.questionnaires import all_questionnaires, served
from .alignment import alignment_context
from .charts import Axis, level_rings, radar
from .figures import points
from .wording import features, on_dimensions, wording

# What `engine.about` added to a snapshot's questionnaire (issue 15); the key, version, hash
# and title were frozen before.
ABOUT_KEYS = ("product", "tagline", "credit", "stage_singular", "stage_plural", "categories",
              "unanswered", "weighted", "layout", "next")


def _outdated(result: dict[str, Any]) -> bool:
    items = (*result["roadmap"], *result.get("other_recommendations", ()))
    return (any(key not in result["questionnaire"] for key in ABOUT_KEYS)
            or any("category_label" not in item for item in items))


def _item(item: dict[str, Any]) -> dict[str, Any]:
    if "category_label" in item:
        return item
    found = {k: v for k, v in item.items() if k not in ("medoc", "medoc_label")}
    return {**found, "category": item.get("medoc"), "category_label": item.get("medoc_label")}


def upgrade(result: dict[str, Any], about_now: dict[str, Any] | None) -> dict[str, Any]:
    """A result frozen before its snapshot said what its questionnaire calls things (issue 15),
    as today's templates read it; a current result is returned as it is.

    The missing words come from `about_now`, `engine.about` of the questionnaire of the same key
    as it is now (None when it is no longer served: neutral words then). The missing-answer rule
    is not taken from it: every such snapshot was scored leaving them out (`skip`). Recommendations'
    `medoc` / `medoc_label` become `category` / `category_label`. The snapshot is not changed.
    """
    if not _outdated(result):
        return result
    frozen = result["questionnaire"]
    lang = result["lang"]
    now = about_now if about_now and about_now.get("key") == frozen.get("key") else {}
    english = lang == "en"
    defaults = {
        "product": frozen.get("title"), "tagline": None, "credit": None,
        "stage_singular": STAGE_WORDS[0][english], "stage_plural": STAGE_WORDS[1][english],
        "categories": None, "weighted": True, "layout": "full", "next": None,
        "unanswered": "skip",
    }
    taken = {k: now[k] for k in ABOUT_KEYS if k in now and k != "unanswered"}
    questionnaire = {**defaults, **taken, **frozen}
    roadmap = [_item(item) for item in result["roadmap"]]
    others = [_item(item) for item in result.get("other_recommendations", [])]
    if questionnaire["categories"] is None and any(i.get("category_label") for i in roadmap):
        # a questionnaire no longer served: its items still say which M.E.D.O.C. kind they are
        questionnaire["categories"] = {"name": "M.E.D.O.C.", "description": None, "items": []}
    return {**result, "questionnaire": questionnaire, "roadmap": roadmap,
            "other_recommendations": others}


def current_about(result: dict[str, Any]) -> dict[str, Any] | None:
    """`engine.about` of the served questionnaire of a result's key, in its language."""
    found = all_questionnaires().get(result["questionnaire"]["key"])
    return about(found, result["lang"]) if found is not None else None


def settled(result: dict[str, Any]) -> dict[str, Any]:
    """A stored result ready for the templates (`upgrade`d when it is an old one)."""
    return upgrade(result, current_about(result)) if _outdated(result) else result


def _radar(result: dict[str, Any], before: dict[str, Any] | None = None) -> Any:
    """The radar of a result's dimensions, titled in the result's language, its rings at the
    result's level thresholds; with `before` (a previous result), its scores as a dashed
    outline on the dimensions present in both."""
    with force_locale(result["lang"]):  # a score on its own scale says so: « 1,5 / 3 »
        axes = [Axis(d["title"], d["score"], group,
                     shown=str(points(d)) if d.get("scaled") else None)
                for group, stage in enumerate(result["stages"]) for d in stage["dimensions"]]
    rings = level_rings([level["min"] for level in result["levels"]])
    outlines: list[list[float | None]] = []
    if before is not None:
        scores = {d["id"]: d["score"] for stage in before["stages"] for d in stage["dimensions"]}
        outlines.append([scores.get(d["id"]) for stage in result["stages"]
                         for d in stage["dimensions"]])
    with force_locale(result["lang"]):
        note = _("— : pas de score (aucune réponse prise en compte), le contour saute cette "
                 "dimension") if any(axis.value is None for axis in axes) else None
        most = result.get("dimension_scale")  # SAMM: rings and title on 0–3
        title = (_("Score de chaque dimension, sur 100") if most is None else
                 _("Score de chaque dimension, sur %(most)s", most=plain(most, result["lang"])))
        labels = [] if most is None else [plain(on_dimensions(result, ring) or 0, result["lang"])
                                          for ring in rings]
        return radar(axes, title, rings=rings,
                     outlines=outlines, decimal="," if result["lang"] == "fr" else ".",
                     note=note, worse=result.get("higher_is") == "worse", ring_labels=labels)


def progress_context(before: dict[str, Any], since: datetime, result: dict[str, Any],
                     done: list[tuple[str, list[str]]] | None = None) -> dict[str, Any] | None:
    """« Vos progrès depuis le … »: the comparison of a follow-up's result with the previous
    diagnostic's (`before`, completed `since`), the radar with the previous outline, and the
    change in the dimensions the done actions serve; None when they are results of different
    questionnaires (never compared)."""
    before, result = settled(before), settled(result)
    comparison = compare(before, result)
    if comparison.key_changed:
        return None
    return {"comparison": comparison, "since": since, "radar": _radar(result, before),
            "effect": actions_effect(comparison, done or []),
            "unscored": [d for d in comparison.dimensions if d.score.change is None]}


def _invitation(result: dict[str, Any]) -> dict[str, Any] | None:
    """The questionnaire's invitation to the next one, when that one is served."""
    invitation = result["questionnaire"].get("next")
    return invitation if invitation and served(invitation.get("key")) else None


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
    if not features(result)["horizon"]:  # no phases and no horizons: one list, no heading
        return [{"id": None, "label": None, "items": items}] if items else []
    legacy = []
    for horizon, labels in HORIZON_LABELS.items():
        chosen = [item for item in items if item["horizon"] == horizon]
        if chosen:
            label = labels[1] if result["lang"] == "en" else labels[0]
            legacy.append({"id": horizon, "label": label, "items": chosen})
    return legacy


def results_context(snapshot: Snapshot, lang: str) -> dict[str, Any]:
    """Scores, radar and the plan by phase, in `lang`, from what the snapshot froze."""
    result = settled(snapshot.results.get(lang) or snapshot.results["fr"])
    first_actions = result["roadmap"][:3]
    return {
        "result": result,
        "radar": _radar(result),
        "plan_groups": plan_groups(result),
        "dimensions": [d for stage in result["stages"] for d in stage["dimensions"]],
        "first_actions": first_actions,
        "wording": wording(result, len(first_actions)),
        "invitation": _invitation(result),
        "alignment": alignment_context(result),
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
                   comments: list[dict[str, Any]] | None = None,
                   plan: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Everything the PDF template needs, as plain data: no ORM object reaches it. `plan`: what
    the participant said of its actions (`plans.state`), shown beside each."""
    result = settled(result)
    lang = result["lang"]
    actions = plans.actions(result, plan or {})
    with force_locale(lang):
        labels = plans.status_labels()
    first_actions = result["roadmap"][:3]
    return {
        "lang": lang,
        "organisation": organisation,
        "kind": result.get("kind_label"),
        "when": when,
        "result": result,
        "radar": _radar(result),
        "plan_groups": plan_groups(result),
        "first_actions": first_actions,
        "notable": _notable(result),
        "comments": comments or [],
        "plan": {item["id"]: item for item in actions},
        "added": [item for item in actions if item["promoted"]],
        "plan_labels": labels,
        "wording": wording(result, len(first_actions)),
        "invitation": _invitation(result),
        "alignment": alignment_context(result),
    }
