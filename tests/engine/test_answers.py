"""Answers that do not fit their question are refused with a message naming the question."""

from __future__ import annotations

import pytest

from parcours.engine import AnswersError, Questionnaire, check_answers, read_answers


@pytest.mark.parametrize(("answers", "message"), [
    ({"zz": "x"}, "unknown question 'zz'"),
    ({"a1": "best"}, "question 'a1': 'best' is not one of the options"),
    ({"a1": 3}, "question 'a1': 3 is not one of the options"),
    ({"a1": ["all"]}, "question 'a1': ['all'] is not one of the options"),
    ({"a2": "maybe"}, "question 'a2': 'maybe' is not 'yes' or 'no'"),
    ({"a3": "3"}, "question 'a3': '3' is not a number"),
    ({"a3": True}, "question 'a3': True is not a number"),
    ({"a3": 2.5}, "question 'a3': 2.5 is not a whole number"),
    ({"a3": -1}, "question 'a3': -1 is outside 0–100"),
    ({"a3": 1e308 * 10}, "is not a number"),
    ({"b1": []}, "question 'b1': expected a list of option values"),
    ({"b1": ["x", "x"]}, "question 'b1': an option is chosen twice"),
    ({"b1": ["x", "z"]}, "question 'b1': an exclusive option is combined with others"),
    ({"b1": ["w"]}, "question 'b1': 'w' is not one of the options"),
    ({"note": 12}, "question 'note': 12 is not a text"),
    ({"note": "x" * 2001}, "question 'note': text longer than 2000 characters"),
    ({"kind": "dont_know"}, "question 'kind': « je ne sais pas » is not offered here"),
    ({"a1": "not_applicable"}, "question 'a1': « non concerné » is not offered here"),
])
def test_bad_answers_are_refused(mini: Questionnaire, answers: dict, message: str) -> None:
    with pytest.raises(AnswersError) as caught:
        check_answers(mini, answers)
    assert any(message in problem for problem in caught.value.problems), caught.value.problems


def test_answers_are_normalised(mini: Questionnaire) -> None:
    checked = check_answers(mini, {"a2": True, "a3": 4, "b1": ["y", "x"], "b3": None})
    assert checked == {"a2": "yes", "a3": 4.0, "b1": ("x", "y")}


@pytest.mark.parametrize(("data", "message"), [
    ([], "an answers file is a JSON object"),
    ({"questionnaire": "nope", "answers": {}}, "unknown questionnaire 'nope'"),
    ({"questionnaire": "mini", "lang": "de", "answers": {}}, "unknown language 'de'"),
    ({"questionnaire": "mini", "answers": []}, "'answers' must be an object"),
    ({"questionnaire": "mini", "answers": {}, "extra": 1}, "unknown key 'extra'"),
])
def test_bad_answers_files_are_refused(mini: Questionnaire, data: object, message: str) -> None:
    with pytest.raises(AnswersError, match=message):
        read_answers(data, {"mini": mini})
