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


# --- the global score's policy (issue 27, item 2): tests/engine/globals ---------------------
# a: x (mean of x1, x2 on 0–3, shown on 0–3), w (w1 on 0–4); b, of weight 2: z (sum: z1 on
# 0–10, z2 on 0–5 of weight 2, shown in points), m (out of the global). Levels at 40 and 60.

GLOBALS = Path(__file__).parent / "globals"
G = {"x1": "p2", "x2": "p1", "w1": "p1", "z1": "four", "z2": "yes", "m1": "yes"}
# x = 100 × (2/3 + 1/3) / 2 = 50; w = 25; a = 37.5; z = 100 × (4 + 2 × 5) / (10 + 2 × 5) = 70
# raw points of the global's dimensions: x 3 of 6, w 1 of 4, z 14 of 20 (m is out)


def globals_with(tmp_path: Path, *edits: tuple[str, str, str]) -> Path:
    """A copy of tests/engine/globals with each (file, old, new) replacement made."""
    folder = Path(shutil.copytree(GLOBALS, tmp_path / "globals"))
    for name, old, new in edits:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("weight", "answers", "expected", "level"), [
    ("2", G, 59.2, "mid"),  # (37.5 + 2 × 70) / 3 = 59.17, below 60
    ("1", G, 53.8, "mid"),  # (37.5 + 70) / 2 = 53.75: today's mean
    ("1.5", G, 57, "mid"),  # (37.5 + 1.5 × 70) / 2.5
    ("0.5", G, 48.3, "mid"),  # (37.5 + 0.5 × 70) / 1.5 = 48.33
    ("2", {**G, "m1": "no"}, 59.2, "mid"),  # m is out of the global
    ("2", {k: v for k, v in G.items() if k != "x2"}, 61.9, "high"),
    # x = 66.67 (x2 unanswered, skipped), a = 45.83: (45.83 + 140) / 3 = 61.94
    ("2", {"x1": "p2", "x2": "p1", "w1": "p1"}, 37.5, "low"),  # b has no score: a alone
    ("2", {"x1": "p3", "x2": "p3", "w1": "p4", "z1": "ten", "z2": "yes", "m1": "no"}, 100,
     "high"),
    ("2", {}, None, None),
])
def test_a_stage_weighs_its_weight_in_the_global_score(
        tmp_path: Path, weight: str, answers: dict, expected: float | None,
        level: str | None) -> None:
    folder = globals_with(tmp_path, ("b.yaml", "scoring: {weight: 2}",
                                     f"scoring: {{weight: {weight}}}"))
    q = load(folder)
    scores, _ = evaluate(q, check_answers(q, answers))
    assert scores.global_score == approx(expected)
    assert (None if scores.level is None else q.levels[scores.level - 1].id) == level
    assert scores.derived["echo"].score == approx(expected)  # reads the global


def test_a_stage_without_weight_weighs_one_and_the_global_of_stages_is_todays(
        tmp_path: Path) -> None:
    folder = globals_with(tmp_path, ("b.yaml", "scoring: {weight: 2}\n", ""),
                          ("questionnaire.yaml", "  global: stages\n", ""))
    q = load(folder)
    scores, _ = evaluate(q, check_answers(q, G))
    assert scores.global_score == approx(53.8)


@pytest.mark.parametrize(("answers", "expected", "level"), [
    (G, 60, "high"),  # (3 + 1 + 14) / (6 + 4 + 20) = 18 / 30, exactly on the level at 60
    ({**G, "m1": "no"}, 60, "high"),
    ({**G, "w1": "p0"}, 56.7, "mid"),  # 17 / 30
    ({k: v for k, v in G.items() if k != "x2"}, 63, "high"),  # 17 / 27 = 62.96
    ({"x1": "p2", "x2": "p1", "w1": "p1"}, 40, "mid"),  # 4 / 10: b unanswered, out of the pool
    ({"x1": "p3", "x2": "p3", "w1": "p4", "z1": "ten", "z2": "yes"}, 100, "high"),
    ({"m1": "yes"}, None, None),  # only m, out of the global
])
def test_a_pooled_global_is_raw_points_out_of_their_maximum(
        tmp_path: Path, answers: dict, expected: float | None, level: str | None) -> None:
    folder = globals_with(tmp_path, ("questionnaire.yaml", "global: stages", "global: pooled"))
    q = load(folder)
    scores, _ = evaluate(q, check_answers(q, answers))
    assert scores.global_score == approx(expected)
    assert (None if scores.level is None else q.levels[scores.level - 1].id) == level
    assert scores.derived["echo"].score == approx(expected)
    # the stage weight does not enter a pool of raw points
    unweighted = load(globals_with(tmp_path / "unweighted",
                                   ("questionnaire.yaml", "global: stages", "global: pooled"),
                                   ("b.yaml", "scoring: {weight: 2}\n", "")))
    assert score(unweighted, check_answers(unweighted, answers)).global_score == approx(
        expected)


@pytest.mark.parametrize(("policy", "expected", "level", "echo"), [
    ("x", 50, "mid", 50),  # the global is x
    ("z", 70, "high", 70),
    ("halved", 25, "low", 25),  # a derived score: x / 2
])
def test_the_global_can_be_a_named_score(tmp_path: Path, policy: str, expected: float,
                                         level: str, echo: float) -> None:
    folder = globals_with(tmp_path, ("questionnaire.yaml", "global: stages",
                                     f"global: {policy}"))
    q = load(folder)
    scores, road = evaluate(q, check_answers(q, G))
    assert scores.global_score == approx(expected)
    assert q.levels[scores.level - 1].id == level
    # derived scores are worked out after the global, which they may read (echo), except
    # the one the global is
    assert scores.derived["echo"].score == approx(echo)
    # rules read the same global: `raise` is chosen by its rule below 60, else as a fallback
    assert [item.recommendation.id for item in road.main] == ["raise"]
    assert (road.main[0].reasons[0].fr == "Parce que.") is (expected >= 60)


def test_a_collective_follows_the_global_policy(tmp_path: Path) -> None:
    pooled = load(globals_with(tmp_path / "p", ("questionnaire.yaml", "global: stages",
                                                "global: pooled")))
    scores = score(pooled, check_answers(pooled, G))
    # z at 100 instead of 70: 20 of its 20 points, 24 / 30 = 80
    again = with_dimension_scores(pooled, scores, {"x": 50, "w": 25, "z": 100, "m": 100})
    assert again.global_score == approx(80)
    named = load(globals_with(tmp_path / "n", ("questionnaire.yaml", "global: stages",
                                               "global: halved")))
    scores = score(named, check_answers(named, G))
    again = with_dimension_scores(named, scores, {"x": 80, "w": 25, "z": 70, "m": 100})
    assert again.global_score == approx(40)
    weighted = load(GLOBALS)
    scores = score(weighted, check_answers(weighted, G))
    again = with_dimension_scores(weighted, scores, {"x": 50, "w": 25, "z": 100, "m": 0})
    assert again.global_score == approx(79.2)  # (37.5 + 2 × 100) / 3 = 79.17


@pytest.mark.parametrize(("policy", "scale", "answers", "shown", "most"), [
    ("pooled", "points", G, 18, 30),
    ("pooled", "points", {k: v for k, v in G.items() if k != "x2"}, 17, 27),
    ("pooled", "3", G, 1.8, 3),
    ("x", "points", G, 3, 6),  # x's own maximum: 6 points
    ("x", "3", G, 1.5, 3),
    ("z", "points", G, 14, 20),
    ("stages", "10", G, 5.92, 10),  # 59.17 on 0–10
    ("stages", "percent", G, None, None),
])
def test_the_global_is_shown_on_its_own_scale(tmp_path: Path, policy: str, scale: str,
                                              answers: dict, shown: float | None,
                                              most: int | None) -> None:
    folder = globals_with(tmp_path, ("questionnaire.yaml", "global: stages\n  global_scale: "
                                     "percent", f"global: {policy}\n  global_scale: {scale}"))
    q = load(folder)
    scores, road = evaluate(q, check_answers(q, answers))
    data = result_dict(q, scores, road, "fr")
    assert data["global"]["scaled"] == (None if shown is None else {"shown": shown,
                                                                    "max": most})
    assert data["global_from"] == policy


def test_adoc_and_the_policies_keep_no_scaled_global() -> None:
    q = load(POLICIES)
    scores, road = evaluate(q, check_answers(q, A))
    data = result_dict(q, scores, road, "fr")
    assert data["global"]["scaled"] is None and data["global_from"] == "stages"


def test_format_2_folders_load_unchanged_and_the_new_keys_need_format_3(
        tmp_path: Path) -> None:
    # the policies folder says no format (format 1): it loads with no warning
    assert check(POLICIES)[1] == []
    folder = globals_with(tmp_path, ("questionnaire.yaml", "format: 3", "format: 2"))
    questionnaire, problems = check(folder)
    assert questionnaire is None
    said = [f"{Path(p.file).name}:{p.line}: {p.message}" for p in problems]
    assert said == [
        "questionnaire.yaml:17: scoring.global needs format 3 (this folder says format 2): "
        "write `format: 3` at the top of questionnaire.yaml (questionnaires/README.md, "
        "« Format changelog »)",
        "questionnaire.yaml:18: scoring.global_scale needs format 3 (this folder says format "
        "2): write `format: 3` at the top of questionnaire.yaml (questionnaires/README.md, "
        "« Format changelog »)",
        "b.yaml:3: scoring.weight needs format 3 (this folder says format 2): write "
        "`format: 3` at the top of questionnaire.yaml (questionnaires/README.md, « Format "
        "changelog »)"]


def test_the_content_hash_leaves_out_the_global_keys_left_to_their_default(
        tmp_path: Path) -> None:
    written = load(GLOBALS)
    folder = globals_with(tmp_path, ("questionnaire.yaml", "  global: stages\n  global_scale: "
                                     "percent\n", ""))
    assert load(folder).content_hash == written.content_hash
    pooled = globals_with(tmp_path / "p", ("questionnaire.yaml", "global: stages",
                                           "global: pooled"))
    assert load(pooled).content_hash != written.content_hash


NEEDS = "(questionnaires/README.md, « Format changelog »)"


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("b.yaml", "{weight: 2}", "{weight: 0}",
     "b.yaml:3: weight: Value error, a stage's 'weight' is a number above 0 (its weight in "
     "the global score), not 0"),
    ("b.yaml", "{weight: 2}", "{weight: -1.5}",
     "b.yaml:3: weight: Value error, a stage's 'weight' is a number above 0"),
    ("b.yaml", "{weight: 2}", "{weight: two}",
     "b.yaml:3: weight: Value error, a stage's 'weight' is a number above 0 (its weight in "
     "the global score), not 'two'"),
    ("b.yaml", "{weight: 2}", "{weight: true}",
     "b.yaml:3: weight: Value error, a stage's 'weight' is a number above 0"),
    ("b.yaml", "{weight: 2}", "{weights: 2}", "b.yaml:3: unknown key 'weights'"),
    ("questionnaire.yaml", "global: stages", "global: nowhere",
     "questionnaire.yaml:17: scoring: global 'nowhere' is neither 'stages', 'pooled', a "
     "dimension nor a derived score (expected one of x, w, z, m, halved, echo)"),
    ("questionnaire.yaml", "global: stages", "global: m",
     "questionnaire.yaml:17: scoring: global 'm' is a dimension kept out of the global "
     "(in_global: false)"),
    ("questionnaire.yaml", "global: stages", "global: echo",
     "questionnaire.yaml:17: scoring: global 'echo' cannot be the global: it reads global"),
    ("questionnaire.yaml", "global_scale: percent", "global_scale: -2",
     "questionnaire.yaml:18: global_scale: Value error, 'scale' is 'percent', 'points' or a "
     "number above 0 (the N of 0–N), not -2"),
    ("questionnaire.yaml", "global_scale: percent", "global_scale: points",
     "questionnaire.yaml:18: scoring: global_scale 'points' needs a maximum in points: "
     "global 'pooled' or a dimension's id, not 'stages'"),
])
def test_a_bad_global_policy_is_named_where_it_is(tmp_path: Path, file: str, old: str,
                                                  new: str, message: str) -> None:
    questionnaire, problems = check(globals_with(tmp_path, (file, old, new)))
    assert questionnaire is None
    said = [f"{Path(p.file).name}:{p.line}: {p.message}" for p in problems]
    assert any(line.startswith(message) for line in said), said


@pytest.mark.parametrize(("edits", "message"), [
    # echo reads halved, which reads the global: the global would read itself
    ((("questionnaire.yaml", 'value: "global"', 'value: "score.halved"'),
      ("questionnaire.yaml", 'value: "score.x / 2"', 'value: "global / 2"')),
     "questionnaire.yaml:17: scoring: global 'echo' cannot be the global: it reads global "
     "through 'halved'"),
    # halved reads the global before echo, the global, is worked out
    ((("questionnaire.yaml", 'value: "global"', 'value: "score.x"'),
      ("questionnaire.yaml", 'value: "score.x / 2"', 'value: "global / 2"')),
     "questionnaire.yaml:22: derived score 'halved' reads global, which is the derived score "
     "'echo' declared after it: declare 'halved' after 'echo'"),
])
def test_a_derived_global_never_reads_itself(tmp_path: Path, edits: tuple, message: str
                                             ) -> None:
    folder = globals_with(tmp_path, ("questionnaire.yaml", "global: stages", "global: echo"),
                          *edits)
    questionnaire, problems = check(folder)
    assert questionnaire is None
    said = [f"{Path(p.file).name}:{p.line}: {p.message}" for p in problems]
    assert any(line.startswith(message) for line in said), said
