"""The comparison of two frozen results: pure, on plain result dicts."""

from __future__ import annotations

from typing import Any

import pytest

from parcours.engine import Questionnaire, result_dict, roadmap, score
from parcours.engine.compare import actions_effect, compare, shown_change

LEVELS = {1: "Débutant", 2: "Intermédiaire", 3: "Avancé"}


def _level(number: int | None) -> dict[str, Any] | None:
    return None if number is None else {"number": number, "id": f"l{number}",
                                        "label": LEVELS[number], "description": ""}


def result(scores: dict[str, float | None], *, key: str = "adoc", version: str = "1",
           global_score: float | None = 50.0, level: int | None = 2,
           dont_know: dict[str, int] | None = None,
           stages: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """A result dict shaped like serialize.result_dict, with only what the comparison reads."""
    stages = stages or {"s1": list(scores)}
    return {
        "questionnaire": {"key": key, "version": version, "title": key},
        "global": {"score": global_score, "level": _level(level)},
        "stages": [
            {"id": sid, "title": sid.upper(), "score": global_score, "level": _level(level),
             "dimensions": [{"id": d, "title": f"Dimension {d}", "score": scores[d],
                             "level": None, "answered": 1,
                             "dont_know": (dont_know or {}).get(d, 0)} for d in dims]}
            for sid, dims in stages.items()
        ],
    }


def test_same_questionnaire_changes_per_dimension_and_global() -> None:
    before = result({"a": 40.0, "b": 70.0, "c": 55.5}, global_score=55.2, level=2)
    after = result({"a": 62.3, "b": 60.0, "c": 55.5}, global_score=59.3, level=3)
    c = compare(before, after)
    assert not c.version_changed and not c.key_changed
    assert (c.score.before, c.score.after, c.score.change, c.score.shown) == (55.2, 59.3, 4.1, 4)
    assert c.level.before is not None and c.level.after is not None
    assert (c.level.before.label, c.level.after.label, c.level.steps) == (
        "Intermédiaire", "Avancé", 1)
    changes = {d.id: d.score.change for d in c.dimensions}
    assert changes == {"a": 22.3, "b": -10.0, "c": 0.0}
    assert [d.id for d in c.by_change] == ["a", "c", "b"]
    assert [d.id for d in c.improved] == ["a"]
    assert [d.id for d in c.declined] == ["b"]
    assert c.only_before == c.only_after == ()
    assert c.stages[0].score.change == pytest.approx(4.1)


def test_changes_are_exact_decimals() -> None:
    """62.3 − 41.1 in floats is 21.199999999999996; the comparison says 21.2."""
    c = compare(result({"a": 41.1}), result({"a": 62.3}))
    assert c.dimensions[0].score.change == 21.2


@pytest.mark.parametrize(("before", "after", "shown"), [
    (40.0, 40.5, 1),    # half a point up shows +1
    (40.5, 40.0, -1),   # half a point down shows −1, not 0 (half away from zero)
    (40.0, 40.4, 0),
    (40.4, 40.0, 0),
    (40.4, 40.6, 0),    # shows 40 → 41, yet the change (0.2) is 0: the change is truer
    (10.0, 12.5, 3),
    (12.5, 10.0, -3),
    (0.0, 100.0, 100),
])
def test_rounding_at_half(before: float, after: float, shown: int) -> None:
    c = compare(result({"a": before}), result({"a": after}))
    assert c.dimensions[0].score.shown == shown


def test_shown_change_of_none() -> None:
    assert shown_change(None) is None


@pytest.mark.parametrize(("before", "after"), [(None, 60.0), (60.0, None), (None, None)])
def test_no_score_on_a_side_has_no_change(before: float | None, after: float | None) -> None:
    """All « je ne sais pas » on a side: that dimension has no score there, so no change; it is
    still listed as compared, and left out of the sorted changes."""
    c = compare(result({"a": before, "b": 50.0}, dont_know={"a": 3}),
                result({"a": after, "b": 55.0}))
    a = c.dimensions[0]
    assert (a.id, a.score.before, a.score.after, a.score.change, a.score.shown) == (
        "a", before, after, None, None)
    assert a.dont_know_before == 3
    assert [d.id for d in c.by_change] == ["b"]


def test_no_global_score_on_either_side() -> None:
    c = compare(result({"a": None}, global_score=None, level=None),
                result({"a": None}, global_score=None, level=None))
    assert c.score.change is None and c.level.steps is None
    assert c.level.before is None and c.level.after is None
    assert c.by_change == ()


@pytest.mark.parametrize(("dims_before", "dims_after", "compared", "gone", "new"), [
    (["a", "b"], ["a", "b", "c"], ["a", "b"], [], ["c"]),           # a dimension added
    (["a", "b", "c"], ["a", "c"], ["a", "c"], ["b"], []),           # a dimension removed
    (["a", "b"], ["b", "c"], ["b"], ["a"], ["c"]),                  # one of each
    (["a"], ["b"], [], ["a"], ["b"]),                               # nothing in common
])
def test_changed_version_compares_only_dimensions_in_both(
        dims_before: list[str], dims_after: list[str], compared: list[str], gone: list[str],
        new: list[str]) -> None:
    c = compare(result(dict.fromkeys(dims_before, 50.0), version="1"),
                result(dict.fromkeys(dims_after, 60.0), version="2"))
    assert c.version_changed and not c.key_changed
    assert [d.id for d in c.dimensions] == compared
    assert [d.id for d in c.only_before] == gone
    assert [d.id for d in c.only_after] == new
    assert all(d.score.change == 10.0 for d in c.dimensions)


def test_a_dimension_moved_to_another_stage_is_still_compared() -> None:
    before = result({"a": 30.0, "b": 40.0}, stages={"s1": ["a", "b"]})
    after = result({"a": 35.0, "b": 45.0}, version="2", stages={"s1": ["a"], "s2": ["b"]})
    c = compare(before, after)
    assert [(s.id, [d.id for d in s.dimensions]) for s in c.stages] == [("s1", ["a"]),
                                                                         ("s2", ["b"])]
    assert c.stages[1].score.change is None  # s2 did not exist before
    assert c.only_before == c.only_after == ()


def test_different_questionnaires_are_flagged() -> None:
    c = compare(result({"a": 50.0}, key="flash"), result({"a": 60.0}, key="adoc"))
    assert c.key_changed and c.version_changed


def test_the_comparison_is_frozen() -> None:
    c = compare(result({"a": 50.0}), result({"a": 60.0}))
    with pytest.raises(AttributeError):
        c.score = c.score  # type: ignore[misc]


def test_actions_effect() -> None:
    c = compare(result({"a": 40.0, "b": 70.0, "c": 50.0}, version="1"),
                result({"a": 52.0, "b": 65.0, "d": 10.0}, version="2"))
    effect = actions_effect(c, [("r1", ["a", "b"]), ("r2", ["a"]), ("r3", ["c", "d"]),
                                ("r1", ["a"])])
    assert [(s.dimension.id, s.actions, s.dimension.score.change) for s in effect.served] == [
        ("a", ("r1", "r2"), 12.0), ("b", ("r1",), -5.0)]
    assert effect.not_compared == ("c", "d")
    assert effect.mean_change == 3.5


def test_actions_effect_without_actions_or_scores() -> None:
    c = compare(result({"a": None}), result({"a": 40.0}))
    assert actions_effect(c, []).served == ()
    assert actions_effect(c, []).mean_change is None
    effect = actions_effect(c, [("r1", ["a"])])
    assert [s.dimension.id for s in effect.served] == ["a"]
    assert effect.mean_change is None


def test_real_results_of_the_mini_questionnaire(mini: Questionnaire) -> None:
    """The comparison reads what serialize.result_dict writes."""
    def frozen(answers: dict[str, Any]) -> dict[str, Any]:
        scores = score(mini, answers)
        return result_dict(mini, scores, roadmap(mini, scores), "fr")

    first = frozen({})
    c = compare(first, first)
    assert not c.version_changed
    assert c.dimensions and all(d.score.change in (0.0, None) for d in c.dimensions)
    assert [d.id for d in c.dimensions] == [d["id"] for s in first["stages"]
                                            for d in s["dimensions"]]
