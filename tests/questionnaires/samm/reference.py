"""OWASP SAMM v2's score, as its authors publish it, worked out from source/ and an answer file
alone (never from this app's engine nor from the converted YAML): the independent check of
tests/engine/test_published_models.py.

A question's answer is its answer set's value (0, 0.25, 0.5 or 1); a stream scores the sum of
its three levels' answers (0–3); a practice the mean of its two streams; the business function
the mean of its practices (the overall score, with one function); the level is the greatest
whole number the score reaches (0 to 3). An unanswered question counts 0, as in SAMM's toolbox.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

SOURCE = Path(__file__).parent / "source"
# an answer file names an answer by its rank in the question's answer set, lowest first
RANKS = ("no", "quarter", "half", "full")


def _yaml(path: Path) -> Any:
    # the values are numbers and GUIDs: YAML 1.1's booleans (« No ») never matter here
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _values(question: dict[str, Any]) -> list[Fraction]:
    """The values of a question's answer set, by rank (the generic set K when its own set is
    not among the stored ones; every SAMM answer set has the values 0, 0.25, 0.5, 1)."""
    sets = {data["id"]: data for data in map(_yaml, (SOURCE / "answer_sets").glob("*.yml"))}
    chosen = sets.get(question.get("answerSet") or question.get("answerset"),
                      _yaml(SOURCE / "answer_sets" / "K.yml"))
    return [Fraction(str(v["value"])) for v in sorted(chosen["values"], key=lambda v: v["order"])]


def samm(answers: dict[str, str]) -> dict[str, Any]:
    """{"practices": {SHORT NAME: score 0–3}, "function": score, "level": 0–3} as Fractions."""
    streams: dict[tuple[str, str], Fraction] = {}
    for path in sorted((SOURCE / "questions").glob("G-*.yml")):
        _, practice, _level, stream = path.stem.split("-")
        answer = answers.get(path.stem.lower().replace("-", "_"))
        value = _values(_yaml(path))[RANKS.index(answer)] if answer else Fraction(0)
        streams[practice, stream] = streams.get((practice, stream), Fraction(0)) + value
    practices: dict[str, Fraction] = {}
    for (practice, _stream), total in streams.items():
        practices[practice] = practices.get(practice, Fraction(0)) + total / 2
    function = sum(practices.values(), Fraction(0)) / len(practices)
    return {"practices": practices, "function": function, "level": int(function)}
