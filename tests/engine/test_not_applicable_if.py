"""`not_applicable_if`: a question that cannot apply to an organisation (evaluating partnerships
when it has no partner) is not asked, and it is « Non concerné »: out of its dimension's
denominator, and the answers annex says why, with the profile's label.

The mini questionnaire gets a profile `alone` (ticked « Aucun » partner) and b3 (dimension beta,
with b1 capped at 3 points) becomes not applicable to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parcours.engine import Questionnaire, check, check_answers, load, score
from parcours.engine.serialize import annex

from .test_loader_errors import edit, line_of

PROFILE = """profiles:
  - id: alone
    when: "partners contains 'none'"
    label: {fr: "vous n'avez pas encore de partenaire", en: "you have no partner yet"}
  - id: together
    when: "not profile.alone"
    label: {fr: "vous avez des partenaires", en: "you have partners"}
"""
B3 = "      - id: b3\n        type: single\n"


def excusing(folder: Path, condition: str = "profile.alone", question: str = B3) -> None:
    """Give the mini questionnaire its profiles and `not_applicable_if` on one question."""
    index = folder / "questionnaire.yaml"
    index.write_text(index.read_text(encoding="utf-8") + PROFILE, encoding="utf-8")
    edit(folder, "stage.yaml", question,
         f"{question}        not_applicable_if: \"{condition}\"\n")


@pytest.fixture
def excused(mini_copy: Path) -> Questionnaire:
    excusing(mini_copy)
    return load(mini_copy)


def approx(value: float | None) -> object:
    return None if value is None else pytest.approx(value, abs=1e-9)


# (case, answers, beta score, b3's status, coverage: questions, answered, not applicable)
CASES = [
    # b1 is worth 2 of 3 points, b3 « lo » 0 of 3
    ("no_partner_leaves_b3_out", {"partners": ["none"], "b1": ["x"], "b3": "lo"},
     66.7, "not_applicable", (5, 1, 1)),
    ("no_partner_even_unanswered", {"partners": ["none"], "b1": ["x"]},
     66.7, "not_applicable", (5, 1, 1)),
    ("partners_count_b3", {"partners": ["assos"], "b1": ["x"], "b3": "lo"},
     33.3, "answered", (5, 2, 0)),
    ("partners_unknown_count_b3", {"b1": ["x"], "b3": "lo"}, 33.3, "answered", (5, 2, 0)),
    ("partners_b3_unanswered", {"partners": ["firms"], "b1": ["x"]},
     66.7, "unanswered", (5, 1, 0)),
]


@pytest.mark.parametrize(("case", "answers", "beta", "status", "coverage"), CASES,
                         ids=[case[0] for case in CASES])
def test_a_question_that_cannot_apply_leaves_the_denominator(
        excused: Questionnaire, case: str, answers: dict, beta: float, status: str,
        coverage: tuple[int, int, int]) -> None:
    scores = score(excused, check_answers(excused, answers))
    assert scores.dimensions["beta"].score == approx(beta)
    b3 = next(c for c in scores.dimensions["beta"].contributions if c.question == "b3")
    assert b3.status == status
    assert b3.possible == (0.0 if status != "answered" else pytest.approx(50))
    found = scores.coverage
    assert (found.questions, found.answered, found.not_applicable) == coverage


def test_it_is_not_asked_and_its_answer_is_ignored(excused: Questionnaire) -> None:
    answers = check_answers(excused, {"partners": ["none"], "b3": "hi"})
    shown_ids, shown, not_applicable = excused.applicability(answers)
    assert "b3" not in shown_ids and "b3" not in shown
    assert not_applicable == frozenset({"b3"})
    assert excused.visibility(answers) == (shown_ids, shown)
    assert "b3" not in excused.visible(answers)
    with_partners = check_answers(excused, {"partners": ["assos"], "b3": "hi"})
    assert excused.applicability(with_partners)[2] == frozenset()
    assert excused.visible(with_partners)["b3"] == "hi"


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", "Non concerné — vous n'avez pas encore de partenaire"),
    ("en", "Not applicable — you have no partner yet"),
])
def test_the_annex_says_why(excused: Questionnaire, lang: str, expected: str) -> None:
    scores = score(excused, check_answers(excused, {"partners": ["none"], "b3": "hi"}))
    rows = {row["id"]: row for stage in annex(excused, scores, lang)
            for row in stage["questions"]}
    assert rows["b3"]["status"] == "not_applicable"
    assert rows["b3"]["answer"] == expected
    # a question simply hidden is still left out of the annex
    assert "b2" not in rows


def test_a_negated_profile_names_the_one_that_holds(mini_copy: Path) -> None:
    excusing(mini_copy, "not profile.together")
    q = load(mini_copy)
    scores = score(q, check_answers(q, {"partners": ["none"]}))
    rows = {row["id"]: row for stage in annex(q, scores, "fr") for row in stage["questions"]}
    assert rows["b3"]["answer"] == "Non concerné — vous n'avez pas encore de partenaire"


def test_a_condition_on_an_answer_alone_says_not_applicable(mini_copy: Path) -> None:
    excusing(mini_copy, "kind == 'asso'")
    q = load(mini_copy)
    scores = score(q, check_answers(q, {"kind": "asso", "b3": "lo"}))
    rows = {row["id"]: row for stage in annex(q, scores, "en") for row in stage["questions"]}
    assert rows["b3"]["answer"] == "Not applicable"
    assert scores.dimensions["beta"].score is None


B1 = "      - id: b1\n        type: multiple\n"
REFUSED = [
    # (case, condition, question, message)
    ("unknown_profile", "profile.alon", B3,
     "question 'b3': unknown profile 'alon' in not_applicable_if"),
    ("unknown_question", "partnrs contains 'none'", B3,
     "question 'b3': unknown earlier question 'partnrs' in not_applicable_if"),
    ("later_question", "b3 == 'lo'", B1,
     "question 'b1': unknown earlier question 'b3' in not_applicable_if"),
    ("itself", "b3 == 'lo'", B3,
     "question 'b3': unknown earlier question 'b3' in not_applicable_if"),
    ("unknown_option", "kind == 'company'", B3,
     "question 'b3': 'company' is not an option of question 'kind'"),
    ("score", "score.alpha < 40", B3,
     "question 'b3': not_applicable_if may only refer to answers and profiles, not to 'score'"),
    ("syntax", "profile.alone and", B3, "question 'b3': "),
]


@pytest.mark.parametrize(("case", "condition", "question", "message"), REFUSED,
                         ids=[case[0] for case in REFUSED])
def test_the_validator_checks_its_names(mini_copy: Path, case: str, condition: str,
                                        question: str, message: str) -> None:
    excusing(mini_copy, condition, question)
    questionnaire, problems = check(mini_copy)
    assert questionnaire is None
    matching = [p for p in problems if p.severity == "error" and message in p.message]
    assert matching, [str(p) for p in problems]
    expected_line = line_of(mini_copy, "stage.yaml", "not_applicable_if:")
    assert str(matching[0]) == f"{matching[0].file}:{expected_line}: {matching[0].message}"
    assert matching[0].file.endswith("mini/stage.yaml")


def test_a_profile_it_uses_may_not_read_a_later_question(mini_copy: Path) -> None:
    # the question is settled when it is reached: a profile reading later answers cannot say
    index = mini_copy / "questionnaire.yaml"
    index.write_text(index.read_text(encoding="utf-8") + PROFILE.replace(
        "partners contains 'none'", "partners contains 'none' or b3 == 'lo'"), encoding="utf-8")
    edit(mini_copy, "stage.yaml", B1, f"{B1}        not_applicable_if: \"profile.together\"\n")
    _, problems = check(mini_copy)
    messages = [str(p) for p in problems if p.severity == "error"]
    expected = (f"stage.yaml:{line_of(mini_copy, 'stage.yaml', 'not_applicable_if:')}: "
                "question 'b1': profile 'together' reads question 'b3', which comes later, "
                "in not_applicable_if")
    assert any(m.endswith(expected) for m in messages), messages
