"""Answers files and answer sets: checked against a questionnaire, one message per problem."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .model import LANGS
from .questionnaire import Questionnaire
from .questions import Answer, InvalidAnswer, check_answer


class AnswersError(ValueError):
    """Answers that do not fit the questionnaire; `problems` names each question."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class AnswersFile:
    """The content of an answers file, checked."""

    questionnaire: str
    version: str | None
    lang: str
    answers: dict[str, Answer]


def check_answers(questionnaire: Questionnaire, raw: Mapping[str, Any]) -> dict[str, Answer]:
    """Normalise every answer, or raise AnswersError listing each one that does not fit.

    A null answer means « no answer » and is dropped.
    """
    problems: list[str] = []
    checked: dict[str, Answer] = {}
    for question_id, value in raw.items():
        question = questionnaire.questions.get(question_id)
        if question is None:
            problems.append(f"unknown question {question_id!r}")
            continue
        if value is None:
            continue
        try:
            checked[question_id] = check_answer(question, value)
        except InvalidAnswer as err:
            problems.append(f"question {question_id!r}: {err}")
    if problems:
        raise AnswersError(problems)
    return checked


def read_answers(data: Any, questionnaires: Mapping[str, Questionnaire]) -> AnswersFile:
    """Check the parsed JSON of an answers file (design.md's format)."""
    if not isinstance(data, dict):
        raise AnswersError(["an answers file is a JSON object"])
    unknown = sorted(set(data) - {"questionnaire", "version", "lang", "answers"})
    if unknown:
        raise AnswersError([f"unknown key {key!r} in the answers file" for key in unknown])
    key = data.get("questionnaire")
    if not isinstance(key, str) or key not in questionnaires:
        known = ", ".join(sorted(questionnaires))
        raise AnswersError([f"unknown questionnaire {key!r} (known: {known})"])
    lang = data.get("lang", "fr")
    if lang not in LANGS:
        raise AnswersError([f"unknown language {lang!r} (expected fr or en)"])
    raw = data.get("answers")
    if not isinstance(raw, dict):
        raise AnswersError(["'answers' must be an object of question id → answer"])
    version = data.get("version")
    return AnswersFile(key, str(version) if version is not None else None, lang,
                       check_answers(questionnaires[key], raw))
