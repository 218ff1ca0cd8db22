"""The plan as a results page or report groups it: by phase, or as an old snapshot had it."""

from __future__ import annotations

from parcours.reports.context import plan_groups, upgrade


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


def old_result(lang: str = "fr") -> dict:
    """A result as snapshots stored it before issue 15: four keys about the questionnaire,
    recommendations of a M.E.D.O.C. kind."""
    reco = {"rank": 1, "id": "r1", "title": "Action", "horizon": "court", "priority": 1,
            "medoc": "outil", "medoc_label": "Outil", "because": "Parce que."}
    about = {"key": "adoc", "version": "1.2.0", "content_hash": "ab" * 32,
             "title": "Parcours A.D.O.C."}
    return {"lang": lang, "questionnaire": about,
            "roadmap": [reco], "other_recommendations": [{**reco, "rank": 2, "id": "r2"}],
            "stages": [], "levels": []}


ABOUT_NOW = {"key": "adoc", "version": "2.0.0", "content_hash": "cd" * 32,
             "title": "Parcours A.D.O.C. (nouveau titre)", "product": "Parcours A.D.O.C.",
             "tagline": "Un autodiagnostic.", "credit": "Inspiré des travaux du RAMEAU.",
             "stage_singular": "levier",
             "stage_plural": "leviers", "unanswered": "zero", "weighted": False,
             "categories": {"name": "M.E.D.O.C.", "description": "M.E.D.O.C. dit…",
                            "items": [{"id": "outil", "label": "Outil"}]},
             "layout": "full", "next": None}


def test_an_old_snapshot_takes_the_missing_words_from_its_questionnaire_now() -> None:
    old = old_result()
    found = upgrade(old, ABOUT_NOW)
    about = found["questionnaire"]
    # what the snapshot froze stays: its version, its hash, its title
    assert (about["version"], about["content_hash"], about["title"]) == (
        "1.2.0", "ab" * 32, "Parcours A.D.O.C.")
    assert about["product"] == "Parcours A.D.O.C." and about["tagline"] == "Un autodiagnostic."
    assert about["credit"] == "Inspiré des travaux du RAMEAU."
    assert (about["stage_singular"], about["stage_plural"]) == ("levier", "leviers")
    assert about["categories"]["name"] == "M.E.D.O.C."
    assert about["unanswered"] == "skip"  # how every old snapshot was scored, whatever now says
    for item in (*found["roadmap"], *found["other_recommendations"]):
        assert (item["category"], item["category_label"]) == ("outil", "Outil")
        assert "medoc" not in item and "medoc_label" not in item
    assert old == old_result()  # the stored snapshot is not changed


def test_an_old_snapshot_whose_questionnaire_is_gone_reads_in_neutral_words() -> None:
    for about_now in (None, {**ABOUT_NOW, "key": "autre"}):
        about = upgrade(old_result("en"), about_now)["questionnaire"]
        assert about["product"] == "Parcours A.D.O.C." and about["tagline"] is None
        assert (about["stage_singular"], about["stage_plural"]) == ("stage", "stages")
        assert about["unanswered"] == "skip" and about["next"] is None
        assert about["categories"]["name"] == "M.E.D.O.C."  # its items still have their kind


def test_a_current_result_is_left_as_it_is() -> None:
    current = upgrade(old_result(), ABOUT_NOW)
    assert upgrade(current, None) is current
