"""Two partners face to face (engine/joint.py): side by side, complementarity, divergences on
the shared vision, joint steps from the lower score and the gap."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from parcours.engine import Questionnaire, roadmap, score
from parcours.engine.joint import pair, pair_dict

from .conftest import with_recommendations

ASSO = {"kind": "asso", "partners": ("assos",)}
FIRM = {"kind": "firm", "partners": ("firms",)}


def scores_of(q: Questionnaire, profile: dict[str, Any], **values: Any) -> Any:
    return score(q, {**profile, **values})


def test_side_by_side_and_the_gap(mini: Questionnaire) -> None:
    found = pair(mini, scores_of(mini, ASSO, a1="all", b3="lo"),
                 scores_of(mini, FIRM, a1="none", b3="hi", b2="hi"))
    sides = {s.id: s for s in found.dimensions}
    assert (sides["alpha"].a, sides["alpha"].b, sides["alpha"].gap) == (100.0, 0.0, 100.0)
    assert sides["beta"].a == 0.0 and sides["beta"].b == 100.0
    assert [s.id for s in found.stages] == ["main"]


@pytest.mark.parametrize(("a1", "b1", "complement"), [
    ("all", "none", "a"),     # 100 (level 4) and 0 (level 1)
    ("none", "all", "b"),
    ("most", "some", "a"),    # 66.7 (level 3) and 33.3 (level 1): 33 points, levels apart
    ("some", "none", None),   # 33 points apart, but both at the first level
    ("most", "most", None),
])
def test_one_supports_the_other_with_a_wide_gap_and_a_level_ahead(
        mini: Questionnaire, a1: str, b1: str, complement: str | None) -> None:
    found = pair(mini, scores_of(mini, ASSO, a1=a1), scores_of(mini, FIRM, a1=b1))
    assert {c.dimension: c.strong for c in found.complements}.get("alpha") == complement


def test_divergences_are_questions_of_the_first_stage_answered_far_apart(
        mini: Questionnaire) -> None:
    found = pair(mini, scores_of(mini, ASSO, a1="all", a2="yes", b3="mid"),
                 scores_of(mini, FIRM, a1="some", a2="yes", b3="hi"))
    # a1: 3 vs 1 of 3 (0.67, diverges); a2 the same; b3: 1 vs 3 of 3 (0.67)
    assert [(d.question, round(d.distance, 2)) for d in found.divergences] == [
        ("a1", 0.67), ("b3", 0.67)]
    data = pair_dict(mini, found, "fr")
    a1 = data["divergences"][0]
    assert (a1["a"], a1["b"]) == ("Tout", "Un peu (entreprise)")  # each in its own words
    assert a1["text"] == "A1 ?"


def test_dont_know_never_diverges(mini: Questionnaire) -> None:
    found = pair(mini, scores_of(mini, ASSO, a1="dont_know"), scores_of(mini, FIRM, a1="all"))
    assert found.divergences == ()


JOINT_RECOS = """
- id: jt_raison
  scope: joint
  title: {fr: "Écrire une raison d'être commune", en: "Write a shared purpose"}
  description: {fr: "Ensemble.", en: "Together."}
  dimensions: [alpha]
  priority: 1
  horizon: court
  rules:
    - when: "spread.alpha >= 25"
      because: {fr: "Vos regards diffèrent.", en: "Your views differ."}
- id: jt_socle
  scope: joint
  title: {fr: "Consolider le socle", en: "Strengthen the base"}
  description: {fr: "Ensemble.", en: "Together."}
  dimensions: [beta]
  priority: 2
  horizon: moyen
  rules:
    - when: "score.beta < 50"
      because: {fr: "L'un de vous est en retrait.", en: "One of you lags."}
- id: jt_cadrage
  scope: joint
  title: {fr: "Rencontre de cadrage", en: "Scoping meeting"}
  description: {fr: "Se voir.", en: "Meet."}
  dimensions: [alpha, beta]
  priority: 2
  horizon: court
  rules:
    - fallback: true
      because: {fr: "Pour commencer.", en: "To start."}
"""


@pytest.fixture
def with_joint(mini_copy: Path) -> Questionnaire:
    return with_recommendations(mini_copy, "commun.yaml", JOINT_RECOS)


@pytest.mark.parametrize(("a", "b", "steps"), [
    # the gap on alpha, the lower score on beta (b3 lo: 0 for a, hi: 100 for b)
    ({"a1": "all", "b3": "lo"}, {"a1": "none", "b3": "hi"}, ["jt_raison", "jt_socle"]),
    ({"a1": "all", "b3": "hi"}, {"a1": "all", "b3": "hi"}, ["jt_cadrage"]),  # fallback
    ({"a1": "all", "b3": "hi"}, {"a1": "all", "b3": "lo"}, ["jt_socle"]),  # the lower: b's
])
def test_joint_steps_read_the_lower_score_and_the_gap(
        with_joint: Questionnaire, a: dict[str, Any], b: dict[str, Any],
        steps: list[str]) -> None:
    found = pair(with_joint, scores_of(with_joint, ASSO, **a), scores_of(with_joint, FIRM, **b))
    assert [s.recommendation.id for s in found.steps] == steps
    data = pair_dict(with_joint, found, "en")
    assert [s["id"] for s in data["steps"]] == steps
    # never in either partner's own plan
    for own in (found.a, found.b):
        assert not [s for s in roadmap(with_joint, own).selected
                    if s.recommendation.scope != "plan"]
