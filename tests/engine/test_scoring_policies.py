"""Issue 27, item 2: scoring policies as data (tests/engine/policies).

avg: mean on 0–3; total: sum in raw points, t2 hidden counts zero; chain: the last answer of a
chain of questions; high/low: maximum/minimum; mitigation: out of the global; final: a derived
score (total, less 15 % when mitigation reaches 80), which the level is read from."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parcours.engine import Questionnaire, check, check_answers, evaluate, load, result_dict
from parcours.engine.scoring import score, with_dimension_scores
from tests.shapes import ADOC, NUMERIQUE, ROOT

POLICIES = Path(__file__).parent / "policies"
A = {"q1": "a2", "q2": "a1", "t1": "four", "c1": "yes", "c2": "yes", "c3": "no",
     "h1": "a2", "h2": "a0", "l1": "a1", "l2": "a2", "g1": "yes"}


@pytest.fixture(scope="module")
def policies() -> Questionnaire:
    return load(POLICIES)


def approx(value: float | None) -> object:
    return None if value is None else pytest.approx(value, abs=1e-9)


@pytest.mark.parametrize(("answers", "dimension", "expected"), [
    # mean (today's), whatever its scale
    (A, "avg", 50), ({"q1": "a3"}, "avg", 100),
    # sum: raw points out of the pooled maximum; t2, hidden, counts zero against its 5 points
    (A, "total", 26.7), ({"t1": "ten", "t2": "yes"}, "total", 100),
    ({"t1": "ten"}, "total", 100),  # t2 shown and unanswered: skipped (unanswered: skip)
    # last answered in order, out of the best points of the chain (3)
    (A, "chain", 66.7), ({"c1": "no"}, "chain", 0), ({"c1": "yes", "c2": "no"}, "chain", 33.3),
    ({"c1": "yes"}, "chain", 33.3), ({}, "chain", None),
    # maximum, minimum
    (A, "high", 100), ({"h1": "a1"}, "high", 50), (A, "low", 50),
    ({"l1": "a0", "l2": "a2"}, "low", 0),
])
def test_answers_combine_as_the_dimension_says(policies: Questionnaire, answers: dict,
                                               dimension: str, expected: float | None) -> None:
    scores, _ = evaluate(policies, check_answers(policies, answers))
    assert scores.dimensions[dimension].score == approx(expected)


def test_a_hidden_question_counts_zero_only_where_it_says_so(policies: Questionnaire) -> None:
    scores, _ = evaluate(policies, check_answers(policies, {"t1": "four", "c1": "no"}))
    total = {c.question: c for c in scores.dimensions["total"].contributions}
    assert (total["t2"].status, total["t2"].possible) == ("hidden", pytest.approx(100 / 3))
    # c2 and c3, hidden, are skipped (the questionnaire's `hidden: skip`)
    assert [c.question for c in scores.dimensions["chain"].contributions] == ["c1"]
    assert scores.coverage.questions == 9  # a hidden question was not asked


def test_a_dimension_out_of_the_global_still_scores_its_stage(policies: Questionnaire) -> None:
    scores, _ = evaluate(policies, check_answers(policies, A))
    assert scores.stages["s1"].score == approx(47.8)  # (50 + 26.67 + 66.67) / 3
    assert scores.stages["s2"].score == approx(83.3)  # high, low and mitigation
    assert scores.global_score == approx(61.4)  # (47.78 + (100 + 50) / 2) / 2


@pytest.mark.parametrize(("answers", "final", "level"), [
    (A, 22.7, "faible"),  # mitigation 100: 26.67 × 0.85
    ({**A, "g1": "no"}, 26.7, "faible"),
    ({**A, "t1": "ten", "t2": "yes"}, 85, "fort"),
    ({**A, "t1": "ten", "t2": "yes", "g1": "no"}, 100, "fort"),
    ({**A, "t1": "zero"}, 0, "faible"),
])
def test_a_derived_score_and_the_level_read_from_it(policies: Questionnaire, answers: dict,
                                                    final: float, level: str) -> None:
    scores, road = evaluate(policies, check_answers(policies, answers))
    assert scores.derived["final"].score == approx(final)
    assert policies.levels[scores.level - 1].id == level
    reduce = [item for item in road.main if item.recommendation.id == "reduce"]
    assert bool(reduce) is (final >= 50)
    if final == 85:
        assert reduce[0].reasons[0].fr == (
            "Parce que votre score « Incidence finale » est de 85/100, au moins 50.")


@pytest.mark.parametrize(("answers", "dimension", "shown", "most"), [
    (A, "avg", 1.5, 3), ({"q1": "a3", "q2": "a1"}, "avg", 2, 3),
    ({"q1": "a3", "q2": "a2"}, "avg", 2.5, 3),
    (A, "total", 4, 15), ({"t1": "ten"}, "total", 10, 10),
    (A, "chain", None, None),  # percent: no scale of its own
])
def test_a_score_is_shown_on_its_own_scale(policies: Questionnaire, answers: dict,
                                           dimension: str, shown: float | None,
                                           most: int | None) -> None:
    scores, road = evaluate(policies, check_answers(policies, answers))
    data = result_dict(policies, scores, road, "fr")
    found = next(d for stage in data["stages"] for d in stage["dimensions"]
                 if d["id"] == dimension)
    assert found["scaled"] == (None if shown is None else {"shown": shown, "max": most})
    assert data["level_from"] == "final"
    assert [d["id"] for d in data["derived"]] == ["final"]


def test_higher_is_worse_turns_strengths_and_gaps_round(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    index = folder / "questionnaire.yaml"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "  hidden: skip\n", "  hidden: skip\n  higher_is: worse\n"), encoding="utf-8")
    worse = load(folder)
    scores, road = evaluate(worse, check_answers(worse, A))
    # at most 75 is a strength when a higher score is worse, the lowest first
    assert [s.dimension for s in road.strengths] == ["total", "avg", "low", "chain"]
    better = load(POLICIES)
    _, road = evaluate(better, check_answers(better, A))
    assert [s.dimension for s in road.strengths] == ["high", "mitigation"]


@pytest.mark.parametrize("folder", [ADOC, ROOT / "questionnaires" / "flash", NUMERIQUE])
def test_shipped_questionnaires_keep_todays_scoring(folder: Path) -> None:
    assert load(folder).plain_scoring


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("s1.yaml", "scoring: {scale: 3}", "scoring: {combine: average}",
     "s1.yaml:4: dimension 'avg': combine: Input should be 'mean', 'sum', 'max', 'min' or "
     "'last'"),
    ("s1.yaml", "scoring: {scale: 3}", "scoring: {scale: -3}",
     "s1.yaml:4: dimension 'avg': scale: Value error, 'scale' is 'percent', 'points' or a "
     "number above 0 (the N of 0–N), not -3"),
    ("s1.yaml", "scoring: {scale: 3}", "scoring: {scales: 3}",
     "s1.yaml:4: dimension 'avg': unknown key 'scales'"),
    ("s1.yaml", "scoring: {hidden: zero}", "scoring: {hidden: maybe}",
     "s1.yaml:22: section 't2_section', question 't2': hidden: Input should be 'skip' or "
     "'zero'"),
    ("questionnaire.yaml", "level_from: final", "level_from: finale",
     "questionnaire.yaml:17: scoring: level_from 'finale' is neither a dimension nor a derived "
     "score (expected one of avg, total, chain, high, low, mitigation, final)"),
    ("questionnaire.yaml", 'value: "score.total"', 'value: "score.total +"',
     "questionnaire.yaml:21: derived score 'final': expression does not parse at column 13"),
    ("questionnaire.yaml", 'value: "score.total"', 'value: "score.totals"',
     "questionnaire.yaml:21: derived score 'final': unknown dimension or derived score "
     "'totals' in expression"),
    ("questionnaire.yaml", "- id: final", "- id: total",
     "questionnaire.yaml:19: derived score 'total': the id is already a dimension's"),
    ("questionnaire.yaml", 'when: "score.mitigation >= 80"', 'when: "score.mitigations >= 80"',
     "questionnaire.yaml:23: derived score 'final': unknown dimension 'mitigations'"),
])
def test_a_bad_scoring_policy_is_named_where_it_is(tmp_path: Path, file: str, old: str,
                                                  new: str, message: str) -> None:
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    questionnaire, problems = check(folder)
    assert questionnaire is None
    said = [f"{Path(p.file).name}:{p.line}: {p.message}" for p in problems]
    assert any(line.startswith(message) for line in said), said


def test_a_collective_reads_its_level_and_derived_scores_from_its_medians(
        policies: Questionnaire) -> None:
    scores = score(policies, check_answers(policies, A))
    medians = {d: found.score for d, found in scores.dimensions.items()}
    again = with_dimension_scores(policies, scores, {**medians, "total": 100.0})
    assert again.derived["final"].score == approx(85)  # mitigation 100: 100 × 0.85
    assert policies.levels[again.level - 1].id == "fort"
    # total's stage gains (100 - 26.7) / 3, the global half of it: one decimal kept
    assert again.global_score == pytest.approx(scores.global_score + (100 - 26.7) / 6, abs=0.05)
