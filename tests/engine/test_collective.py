"""Several respondents consolidated: the lower median of each question, the spread of their own
scores, the disagreement ranking, and no figure under three (engine/collective.py)."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.engine import Questionnaire, score
from parcours.engine.collective import (
    MIN_GROUP,
    Response,
    alignment_dict,
    consolidate,
    disagreements,
    role_members,
)
from parcours.engine.conditions import Facts, compile_condition

from .conftest import with_recommendations


def _published(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))

ASSO = {"kind": "asso", "partners": ("assos",)}


def answers(**values: Any) -> dict[str, Any]:
    return {**ASSO, **values}


def group(*sets: dict[str, Any], role: str = "direction") -> list[Response]:
    return [Response(role, answers(**values)) for values in sets]


@pytest.mark.parametrize("count", [0, 1, 2])
def test_fewer_than_three_respondents_consolidate_nothing(mini: Questionnaire, count: int) -> None:
    with pytest.raises(ValueError, match="at least 3"):
        consolidate(mini, ASSO, group(*[{"a1": "all"}] * count))


@pytest.mark.parametrize(("given", "expected"), [
    # the lower median by points: the highest level at least half of them reach
    (["none", "all", "most"], "most"),
    (["none", "some", "most", "all"], "some"),
    (["all", "all", "none"], "all"),
    (["none", "none", "all", "all"], "none"),
    # « je ne sais pas » wins only when it outnumbers the real answers
    (["dont_know", "dont_know", "most"], "dont_know"),
    (["dont_know", "some", "most"], "some"),
    (["dont_know", "dont_know", "some", "most"], "some"),
    (["dont_know", "not_applicable", "not_applicable", "all"], "not_applicable"),
])
def test_each_question_takes_the_lower_median_answer(mini: Questionnaire, given: list[str],
                                                     expected: str) -> None:
    found = consolidate(mini, ASSO, group(*[{"a1": value} for value in given]))
    assert found.answers["a1"] == expected


def test_numbers_yes_no_and_choices_follow_the_same_rule(mini: Questionnaire) -> None:
    found = consolidate(mini, ASSO, group(
        {"a2": "yes", "a3": 12.0, "b1": ("x", "y"), "b3": "hi"},
        {"a2": "no", "a3": 0.0, "b1": ("x",), "b3": "lo"},
        {"a2": "yes", "a3": 3.0, "b1": ("z",), "b3": "mid"},
    ))
    assert found.answers["a2"] == "yes"
    assert found.answers["a3"] == 3.0
    assert found.answers["b1"] == ("x",)  # an answer one of them gave, at the lower median
    assert found.answers["b3"] == "mid"


def test_the_profile_is_the_organisations_not_each_respondents(mini: Questionnaire) -> None:
    firm = [Response("direction", {"kind": "firm", "a1": "all", "b2": "hi"})] * 3
    found = consolidate(mini, ASSO, firm)
    assert found.answers["kind"] == "asso"
    assert "b2" not in found.answers  # shown to companies only: the organisation is not one


def test_free_text_is_never_consolidated(mini: Questionnaire) -> None:
    found = consolidate(mini, ASSO, group(*[{"note": "la même phrase"}] * 3))
    assert "note" not in found.answers


def test_a_dimension_scores_the_median_of_the_respondents_own_scores(
        mini: Questionnaire) -> None:
    sets = [{"a1": "none", "a2": "no"}, {"a1": "all", "a2": "yes"}, {"a1": "most", "a2": "yes"}]
    found = consolidate(mini, ASSO, group(*sets))
    own = sorted(score(mini, answers(**s)).dimensions["alpha"].score or 0.0 for s in sets)
    assert found.scores.dimensions["alpha"].score == own[1] == found.spreads["alpha"].median
    # the answers stay each question's lower median, what question-level rules read
    assert found.answers["a1"] == "most" and found.answers["a2"] == "yes"
    assert found.scores.answers == score(mini, found.answers).answers
    # the level, the stages and the global score are worked out from the medians
    level = found.scores.dimensions["alpha"].level
    assert level == mini.level_of(own[1])
    assert found.scores.level == mini.level_of(found.scores.global_score)


def test_the_group_score_can_no_longer_fall_outside_its_band(mini: Questionnaire) -> None:
    # each question's lower median, scored, fell below everyone but one: a1 « some » (33),
    # a2 « no » from three of five, a3 low — while most respondents score well on alpha
    sets = [{"a1": "all", "a2": "no", "a3": 0.0}, {"a1": "all", "a2": "no", "a3": 0.0},
            {"a1": "none", "a2": "yes", "a3": 60.0}, {"a1": "some", "a2": "yes", "a3": 60.0},
            {"a1": "some", "a2": "no", "a3": 60.0}]
    found = consolidate(mini, ASSO, group(*sets))
    for dimension, spread in found.spreads.items():
        value = found.scores.dimensions[dimension].score
        if spread.low is not None and value is not None:
            assert spread.low <= value <= spread.high  # type: ignore[operator]
            assert value == spread.median


ANSWER = {"a1": ["none", "some", "most", "all", "dont_know"], "a2": ["yes", "no", "dont_know"],
          "a3": [0.0, 3.0, 12.0, 60.0], "b3": ["lo", "mid", "hi"]}


def one_set() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={qid: st.sampled_from(values)
                                               for qid, values in ANSWER.items()})


@settings(deadline=None, max_examples=150)
@given(st.lists(one_set(), min_size=3, max_size=12))
def test_every_group_score_lies_within_its_band(mini: Questionnaire,
                                               sets: list[dict[str, Any]]) -> None:
    found = consolidate(mini, ASSO, group(*sets))
    data = alignment_dict(mini, found, "fr")
    for dimension, spread in found.spreads.items():
        value = found.scores.dimensions[dimension].score
        if spread.respondents < MIN_GROUP:
            assert value is None
            continue
        assert spread.low is not None and spread.high is not None and value is not None
        assert spread.low <= value <= spread.high
        shown = next(s for s in data["spreads"] if s["dimension"] == dimension)
        assert shown["median"] == round(value, 1)  # one « médiane », the group's score
        if shown["low"] is not None:
            assert shown["low"] <= shown["median"] <= shown["high"]


def test_spread_is_the_quartiles_of_the_respondents_own_scores(mini: Questionnaire) -> None:
    # alpha from a1 alone (a2, a3 unanswered, left out): 0, 33.3, 66.7, 100
    found = consolidate(mini, ASSO, group(
        {"a1": "none"}, {"a1": "some"}, {"a1": "most"}, {"a1": "all"}))
    spread = found.spreads["alpha"]
    assert spread.respondents == 4
    # from the scores as shown (33.3, 66.7): within a tenth of the exact quartiles
    assert spread.low == pytest.approx(25.0, abs=0.1)
    assert spread.median == pytest.approx(50.0, abs=0.1)
    assert spread.high == pytest.approx(75.0, abs=0.1)
    assert spread.width == pytest.approx(50.0, abs=0.1)
    # beta: nobody answered it, no figure
    assert found.spreads["beta"].width is None and found.spreads["beta"].respondents == 0


def test_unanimity_has_no_spread(mini: Questionnaire) -> None:
    found = consolidate(mini, ASSO, group(*[{"a1": "most", "b3": "mid"}] * 5))
    assert found.spreads["alpha"].width == 0.0
    assert found.spreads["beta"].width == 0.0


def test_rules_read_the_spread_a_single_diagnostic_has_none() -> None:
    wide = compile_condition("spread.alpha >= 25")
    assert wide(Facts({}, {}, {}, None, {"alpha": 50.0}))
    assert not wide(Facts({}, {}, {}, None, {"alpha": 10.0}))
    assert not wide(Facts({}, {}, {}, None))  # one respondent: missing, so false
    assert compile_condition("not spread.alpha >= 25")(Facts({}, {}, {}, None))


def test_disagreement_ranks_the_split_questions_first(mini: Questionnaire) -> None:
    sets = [answers(a1="all", a2="yes", b3="lo"), answers(a1="all", a2="no", b3="hi"),
            answers(a1="all", a2="yes", b3="mid"), answers(a1="all", a2="no", b3="lo")]
    ranked = disagreements(mini, sets)
    order = [d.question for d in ranked]
    assert order[-1] == "a1"  # unanimous: last, index 0
    assert ranked[-1].index == 0.0
    # a2: two halves at both ends, the strongest: 4 pairs of 6 differ by all the range
    assert order[0] == "a2" and ranked[0].index == pytest.approx(4 / 6)
    b3 = next(d for d in ranked if d.question == "b3")
    # b3 points 0, 3, 1, 0 over a range of 3: pairs 3,1,0,2,3,1 → 10/6/3
    assert b3.index == pytest.approx(10 / 18)
    assert b3.distribution == (("lo", 2), ("mid", 1), ("hi", 1))


def test_ties_rank_the_question_more_answered_then_the_questionnaire_order(
        mini: Questionnaire) -> None:
    sets = [answers(a1="none", b3="lo", a2="no"), answers(a1="all", b3="hi", a2="yes"),
            answers(a1="dont_know", b3="dont_know", a2="dont_know"),
            answers(b3="lo", a2="no"), answers(b3="hi", a2="yes")]
    ranked = [d for d in disagreements(mini, sets) if d.question in ("a1", "a2", "b3")]
    # the same index (two halves at both ends, 2/3 with 4 answers, 1 with 2); with as many
    # answers, the graded b3 before the yes/no a2 (issue 25)
    assert [d.question for d in ranked] == ["a1", "b3", "a2"]
    assert ranked[0].answered == 2 and ranked[0].dont_know == 1
    assert ranked[1].answered == 4 and ranked[2].answered == 4


def test_dont_know_is_counted_apart_and_a_lone_answer_is_not_ranked(mini: Questionnaire) -> None:
    sets = [answers(a1="most"), answers(a1="dont_know"), answers(a1="dont_know")]
    assert [d.question for d in disagreements(mini, sets)] == []  # one real answer


@pytest.mark.parametrize(("roles", "shown"), [
    (["direction"] * 3, {"direction": True}),
    (["direction"] * 3 + ["benevoles"] * 2, {"direction": True, "benevoles": False}),
    (["direction", "benevoles", "salaries"], {"direction": False, "benevoles": False,
                                              "salaries": False}),
    (["direction"] * 2 + ["benevoles"] * 4, {"direction": False, "benevoles": True}),
])
def test_no_figure_for_a_role_under_three(mini: Questionnaire, roles: list[str],
                                          shown: dict[str, bool]) -> None:
    responses = [Response(role, answers(a1="most" if i % 2 else "none", b3="mid"))
                 for i, role in enumerate(roles)]
    found = consolidate(mini, ASSO, responses)
    figures = {r.role: r for r in found.roles}
    assert {role: f.dimensions is not None for role, f in figures.items()} == shown
    for role, has in shown.items():
        assert (figures[role].spreads is not None) == has
        assert figures[role].respondents == roles.count(role)
    data = alignment_dict(mini, found, "fr")
    for role in data["roles"]:
        assert (role["dimensions"] is None) == (role["respondents"] < MIN_GROUP)
        assert (role["spreads"] is None) == (role["respondents"] < MIN_GROUP)


def test_a_role_consolidates_its_own_members(mini: Questionnaire) -> None:
    responses = ([Response("direction", answers(a1="all"))] * 3
                 + [Response("benevoles", answers(a1="none"))] * 3)
    figures = {r.role: r.dimensions for r in consolidate(mini, ASSO, responses).roles}
    assert figures["direction"] is not None and figures["direction"]["alpha"] == 100.0
    assert figures["benevoles"] is not None and figures["benevoles"]["alpha"] == 0.0


def test_the_alignment_data_holds_counts_never_a_respondents_answers(
        mini: Questionnaire) -> None:
    found = consolidate(mini, ASSO, group(
        {"a1": "none", "b3": "hi", "note": "secret"}, {"a1": "all", "b3": "lo"},
        {"a1": "most", "b3": "lo"}))
    data = alignment_dict(mini, found, "fr")
    text = json.dumps(data, ensure_ascii=False)
    assert "secret" not in text
    assert data["respondents"] == 3
    top = data["disagreements"]
    assert all(d["index"] > 0 for d in top) and len(top) <= 5
    a1 = next(d for d in top if d["question"] == "a1")
    assert [(row["label"], row["count"]) for row in a1["distribution"]] == [
        ("Rien", 1), ("Un peu", 0), ("Beaucoup", 1), ("Tout", 1)]
    assert a1["text"] == "A1 ?" and a1["dimension_title"] == "Alpha"


ALIGNMENT_RECOS = """
- id: al_atelier
  scope: alignment
  title: {fr: "Atelier de co-construction", en: "Co-construction workshop"}
  description: {fr: "Se réunir.", en: "Meet."}
  dimensions: [alpha]
  priority: 1
  horizon: court
  rules:
    - when: "spread.alpha >= 25"
- id: al_restituer
  scope: alignment
  title: {fr: "Restituer", en: "Share back"}
  description: {fr: "Partager.", en: "Share."}
  dimensions: [alpha, beta]
  priority: 2
  horizon: court
  rules:
    - fallback: true
      because: {fr: "Toujours utile.", en: "Always useful."}
"""


@pytest.fixture
def with_alignment(mini_copy: Path) -> Questionnaire:
    return with_recommendations(mini_copy, "alignement.yaml", ALIGNMENT_RECOS)


def test_alignment_recommendations_follow_the_spread(with_alignment: Questionnaire) -> None:
    split = consolidate(with_alignment, ASSO, group(
        *[{"a1": "none"}, {"a1": "all"}] * 3))
    assert [s.recommendation.id for s in split.alignment] == ["al_atelier"]
    because = split.alignment[0].reasons[0].fr
    assert because.startswith("Parce que l'écart entre vos regards sur « Alpha » est de 100 points")
    agreed = consolidate(with_alignment, ASSO, group(*[{"a1": "most"}] * 3))
    assert [s.recommendation.id for s in agreed.alignment] == ["al_restituer"]  # the fallback
    # never in anyone's plan, collective or not
    for found in (split, agreed):
        assert not {s.recommendation.scope for s in found.roadmap.selected} - {"plan"}


@settings(deadline=None)
@given(st.lists(st.sampled_from(["none", "some", "most", "all"]), min_size=2, max_size=12))
def test_the_index_is_the_mean_difference_over_every_pair(mini: Questionnaire,
                                                          given_values: list[str]) -> None:
    q = mini
    points = {"none": 0, "some": 1, "most": 2, "all": 3}
    sets = [answers(a1=value) for value in given_values]
    pairs = list(combinations([points[v] for v in given_values], 2))
    expected = sum(abs(a - b) for a, b in pairs) / len(pairs) / 3
    (found,) = disagreements(q, sets)
    assert found.index == pytest.approx(expected)
    assert 0.0 <= found.index <= 1.0


def test_a_number_question_is_distributed_by_its_ranges(mini: Questionnaire) -> None:
    found = consolidate(mini, ASSO, group({"a3": 0.0}, {"a3": 3.0}, {"a3": 12.0},
                                          {"a3": 60.0}))
    data = alignment_dict(mini, found, "fr")
    a3 = next(d for d in data["disagreements"] if d["question"] == "a3")
    assert [(row["label"], row["count"]) for row in a3["distribution"]] == [
        ("0 partenaire", 1), ("1 – 4 partenaires", 1), ("5 – 100 partenaires", 2)]


def shown_figures(q: Questionnaire, sets: list[dict[str, Any]]) -> Any:
    """Everything the quartile table, the roles table, the radar and the rules publish about
    the dimensions (the five divisive questions' distributions aside)."""
    found = consolidate(q, ASSO, group(*sets))
    data = alignment_dict(q, found, "fr")
    return (data["spreads"], data["roles"], data["recommendations"],
            {d: s.score for d, s in found.scores.dimensions.items()},
            {s: v.score for s, v in found.scores.stages.items()}, found.scores.global_score,
            [s.recommendation.id for s in found.roadmap.selected])


@pytest.mark.parametrize(("sets", "other"), [
    # three: the lowest and the highest can be anything on their side of the median
    ([{"a1": "none"}, {"a1": "most"}, {"a1": "all"}],
     [{"a1": "some"}, {"a1": "most"}, {"a1": "most"}]),
    # four: the two in the middle only through their mean, the two outside not at all
    ([{"a1": "none"}, {"a1": "some"}, {"a1": "most"}, {"a1": "all"}],
     [{"a1": "none"}, {"a1": "none"}, {"a1": "all"}, {"a1": "all"}]),
    ([{"a1": "none"}, {"a1": "some"}, {"a1": "most"}, {"a1": "all"}],
     [{"a1": "some"}, {"a1": "some"}, {"a1": "most"}, {"a1": "most"}]),
])
def test_three_or_four_respondents_scores_cannot_be_read_back(
        with_alignment: Questionnaire, sets: list[dict[str, Any]],
        other: list[dict[str, Any]]) -> None:
    own = [sorted(score(with_alignment, answers(**s)).dimensions["alpha"].score or 0.0
                  for s in group_sets) for group_sets in (sets, other)]
    assert own[0] != own[1]
    # both groups publish the same figures: what differs between them cannot be read
    assert shown_figures(with_alignment, sets) == shown_figures(with_alignment, other)
    spreads, roles, *_ = shown_figures(with_alignment, sets)
    alpha = next(s for s in spreads if s["dimension"] == "alpha")
    assert alpha["low"] is None and alpha["high"] is None and alpha["width"] is None
    assert all(role["spreads"] is None or set(role["spreads"].values()) == {None}
               for role in roles)


@settings(deadline=None, max_examples=100)
@given(st.lists(one_set(), min_size=3, max_size=4))
def test_under_five_the_quartiles_are_never_published(mini: Questionnaire,
                                                      sets: list[dict[str, Any]]) -> None:
    found = consolidate(mini, ASSO, group(*sets))
    data = alignment_dict(mini, found, "fr")
    own = [score(mini, answers(**s)) for s in sets]
    for shown in data["spreads"]:
        assert shown["low"] is None and shown["high"] is None and shown["width"] is None
        scores = sorted(v for o in own if (v := o.dimensions[shown["dimension"]].score)
                        is not None)
        # at three, Q1, the median and Q3 gave all three back: now the median only
        if len(scores) >= MIN_GROUP:
            median = (sorted(scores)[len(scores) // 2] if len(scores) % 2
                      else (scores[1] + scores[2]) / 2)
            # one decimal, half up (issue 27: as every kept score), with more only where one
            # decimal would cross a threshold
            assert shown["median"] == _published(median) or (
                abs(shown["median"] - median) < 0.05
                and mini.level_of(shown["median"]) == mini.level_of(median))
    assert all(w is None for w in found.spread_widths.values())


def test_from_five_the_band_is_published_and_read_by_rules(with_alignment: Questionnaire) -> None:
    found = consolidate(with_alignment, ASSO, group(
        {"a1": "none"}, {"a1": "none"}, {"a1": "most"}, {"a1": "all"}, {"a1": "all"}))
    alpha = next(s for s in alignment_dict(with_alignment, found, "fr")["spreads"]
                 if s["dimension"] == "alpha")
    assert alpha["low"] == 0.0 and alpha["high"] == 100.0 and alpha["width"] == 100.0
    assert [s.recommendation.id for s in found.alignment] == ["al_atelier"]


# Roles in rounds (issue 25): a role's figures change only when three of its members are new.
@pytest.mark.parametrize(("rounds", "taken"), [
    # (role, round) per respondent → the members each role's figures are made of
    ([("d", 1)] * 3, {"d": [0, 1, 2]}),
    ([("d", 1)] * 3 + [("d", 2)], {"d": [0, 1, 2]}),  # one new: the figures stay
    ([("d", 1)] * 3 + [("d", 2)] * 2, {"d": [0, 1, 2]}),
    ([("d", 1)] * 3 + [("d", 2)] * 3, {"d": [0, 1, 2, 3, 4, 5]}),
    ([("d", 1)] * 3 + [("d", 2)] + [("d", 3)] * 2, {"d": [0, 1, 2, 3, 4, 5]}),
    ([("d", 1), ("d", 2), ("d", 3)], {"d": [0, 1, 2]}),  # one a round: shown at the third
    ([("d", 1)] * 2 + [("b", 1)] * 3 + [("d", 2)], {"d": [0, 1, 5], "b": [2, 3, 4]}),
    ([("d", 1)] * 2, {"d": []}),
])
def test_a_roles_members_change_by_three_at_least(
        rounds: list[tuple[str, int]], taken: dict[str, list[int]]) -> None:
    responses = [Response(role, {}, number) for role, number in rounds]
    assert role_members(responses) == taken


@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers(1, 4)), min_size=3, max_size=14))
@settings(max_examples=200, deadline=None)
def test_no_roles_figures_ever_differ_by_one_or_two_people(rounds: list[tuple[str, int]]) -> None:
    """After each round, each role's members are its members after the round before, or
    three more of them: differencing two successive figures never isolates one or two."""
    responses = [Response(role, {}, number) for role, number in rounds]
    before: dict[str, set[int]] = {}
    for last in sorted({number for _, number in rounds}):
        ids = [i for i, r in enumerate(responses) if r.round <= last]  # published so far
        now = {role: {ids[i] for i in members}
               for role, members in role_members([responses[i] for i in ids]).items()}
        for role, members in now.items():
            old = before.get(role, set())
            assert old <= members
            assert len(members - old) == 0 or len(members - old) >= MIN_GROUP
        before = now


def test_a_role_under_three_says_how_many_more(mini: Questionnaire) -> None:
    responses = ([Response("direction", answers(a1="all"))] * 3
                 + [Response("benevoles", answers(a1="none"))])
    figures = {r.role: r for r in consolidate(mini, ASSO, responses).roles}
    assert figures["benevoles"].dimensions is None and figures["benevoles"].missing == 2
    assert figures["direction"].missing == 0
    data = alignment_dict(mini, consolidate(mini, ASSO, responses), "fr")
    assert {r["role"]: r["missing"] for r in data["roles"]} == {"direction": 0, "benevoles": 2}


def test_the_widest_role_gaps_are_named(mini: Questionnaire) -> None:
    responses = ([Response("direction", answers(a1="all"))] * 3
                 + [Response("benevoles", answers(a1="none"))] * 3
                 + [Response("salaries", answers(a1="most"))] * 3)
    found = consolidate(mini, ASSO, responses)
    assert found.gaps and found.gaps[0].dimension == "alpha"
    gap = found.gaps[0]
    assert (gap.high_role, gap.high, gap.low_role, gap.low) == ("direction", 100.0,
                                                                "benevoles", 0.0)
    data = alignment_dict(mini, found, "fr")
    assert data["gaps"][0]["high_role"] == "direction" and data["gaps"][0]["low"] == 0


def test_roles_that_agree_have_no_gap(mini: Questionnaire) -> None:
    responses = ([Response("direction", answers(a1="all"))] * 3
                 + [Response("benevoles", answers(a1="all"))] * 3)
    assert consolidate(mini, ASSO, responses).gaps == ()
