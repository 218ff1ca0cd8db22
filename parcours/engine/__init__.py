"""The pure domain core: questionnaires, scoring and roadmap. No Flask, no database."""

from .answers import AnswersError, AnswersFile, check_answers, read_answers
from .loader import QuestionnaireError, check, find_questionnaires, load, load_cached
from .questionnaire import Questionnaire
from .questions import InvalidAnswer, check_answer
from .roadmap import Roadmap, roadmap
from .scoring import Scores, score
from .serialize import result_dict

__all__ = [
    "AnswersError",
    "AnswersFile",
    "InvalidAnswer",
    "Questionnaire",
    "QuestionnaireError",
    "Roadmap",
    "Scores",
    "check",
    "check_answer",
    "check_answers",
    "evaluate",
    "find_questionnaires",
    "load",
    "load_cached",
    "read_answers",
    "result_dict",
    "roadmap",
    "score",
]


def evaluate(questionnaire: Questionnaire, answers: dict) -> tuple[Scores, Roadmap]:
    """Score checked answers and build their roadmap."""
    scores = score(questionnaire, answers)
    return scores, roadmap(questionnaire, scores)
