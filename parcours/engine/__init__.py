"""The pure domain core: questionnaires, scoring and roadmap. No Flask, no database."""

from .answers import AnswersError, AnswersFile, check_answers, read_answers
from .loader import (
    QuestionnaireError,
    about_format,
    check,
    check_cached,
    find_questionnaires,
    load,
)
from .questionnaire import Questionnaire
from .questions import InvalidAnswer, check_answer
from .roadmap import Roadmap, roadmap
from .scoring import Scores, score
from .serialize import about, result_dict
from .yamlfile import Problem

__all__ = [
    "AnswersError",
    "AnswersFile",
    "InvalidAnswer",
    "Problem",
    "Questionnaire",
    "QuestionnaireError",
    "Roadmap",
    "Scores",
    "about",
    "about_format",
    "check",
    "check_cached",
    "check_answer",
    "check_answers",
    "evaluate",
    "find_questionnaires",
    "load",
    "read_answers",
    "result_dict",
    "roadmap",
    "score",
]


def evaluate(questionnaire: Questionnaire, answers: dict) -> tuple[Scores, Roadmap]:
    """Score checked answers and build their roadmap."""
    scores = score(questionnaire, answers)
    return scores, roadmap(questionnaire, scores)
