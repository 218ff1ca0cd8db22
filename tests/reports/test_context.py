"""The plan as a results page or report groups it: by phase, or as an old snapshot had it."""

from __future__ import annotations

from parcours.reports.context import plan_groups


def item(rank: int, horizon: str, phase: str | None = None) -> dict:
    found = {"rank": rank, "horizon": horizon, "title": f"Action {rank}"}
    if phase:
        found |= {"phase": phase, "phase_label": phase.capitalize()}
    return found


def test_the_plan_is_cut_where_its_phase_changes_in_reading_order() -> None:
    result = {"lang": "fr", "roadmap": [item(1, "court", "comprendre"), item(2, "moyen",
              "comprendre"), item(3, "court", "agir"), item(4, "long", "piloter")]}
    groups = plan_groups(result)
    assert [(g["label"], [i["rank"] for i in g["items"]]) for g in groups] == [
        ("Comprendre", [1, 2]), ("Agir", [3]), ("Piloter", [4])]


def test_a_snapshot_scored_before_phases_keeps_its_grouping_by_horizon() -> None:
    # A.D.O.C. 1.x snapshots have no phase: their report reads as it did
    result = {"lang": "en", "roadmap": [item(1, "moyen"), item(2, "court"), item(3, "moyen")]}
    groups = plan_groups(result)
    assert [(g["id"], [i["rank"] for i in g["items"]]) for g in groups] == [
        ("court", [2]), ("moyen", [1, 3])]
    assert groups[0]["label"] == "Short term (0–3 months)"
