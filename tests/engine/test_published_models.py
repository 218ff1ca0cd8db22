"""Issue 27, item 6: published assessments we did not write, scored exactly as their authors
publish it. Each model in tests/questionnaires/ is converted from its public source by the
convert.py beside it, and each of its answer files carries the figures that its reference.py
(the authors' formula, read from source/ and the answers alone) gives: on every level boundary
and just below it. The engine must give the same figures, exactly."""

from __future__ import annotations

import json
import runpy
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from parcours.engine import Questionnaire, check_answers, evaluate, load
from tests.questionnaires.samm.reference import samm
from tests.shapes import ROOT

SAMM = ROOT / "tests" / "questionnaires" / "samm"
PRACTICES = {"SM": "strategy_metrics", "PC": "policy_compliance", "EG": "education_guidance"}


def examples(folder: Path) -> list[Any]:
    """Each answer file of a model, as a pytest parameter named after it."""
    return [pytest.param(json.loads(path.read_text(encoding="utf-8")), id=path.stem)
            for path in sorted((folder / "examples").glob("*.json"))]


@pytest.fixture(scope="module")
def owasp() -> Questionnaire:
    return load(SAMM)


def on(measure: Any, scale: int) -> Fraction:
    """An exact engine score (percent of its maximum) on the model's own scale."""
    return measure.exact() * scale / 100


@pytest.mark.parametrize("example", examples(SAMM))
def test_samm_scores_as_owasp_publishes_it(owasp: Questionnaire, example: dict) -> None:
    expected = example["expected"]
    # the reference gives the figures the file says (it is the authors' formula)...
    reference = samm(example["answers"])
    assert {k: str(v) for k, v in reference["practices"].items()} == expected["practices"]
    assert (str(reference["function"]), reference["level"]) == (expected["function"],
                                                               expected["level"])
    # ...and the engine gives them exactly: practices and function on 0–3, the level
    scores, _ = evaluate(owasp, check_answers(owasp, example["answers"]))
    for short, dimension in PRACTICES.items():
        assert on(scores.dimensions[dimension].measure, 3) == Fraction(
            expected["practices"][short]), dimension
    assert on(scores.stages["governance"].measure, 3) == Fraction(expected["function"])
    assert on(scores.measure, 3) == Fraction(expected["function"])
    assert owasp.levels[scores.level - 1].id == f"level_{expected['level']}"


def test_the_samm_boundaries_are_all_there() -> None:
    # every level's threshold is sat on exactly, and the closest score below it is there too
    functions = {Fraction(e.values[0]["expected"]["function"]) for e in examples(SAMM)}
    assert {Fraction(0), Fraction(1), Fraction(2), Fraction(3)} <= functions
    assert {Fraction(23, 24), Fraction(47, 24), Fraction(35, 12)} <= functions


def test_samm_is_written_without_workarounds(owasp: Questionnaire) -> None:
    # no question outside SAMM's eighteen, no weight but 1, no rule reading a score to make one
    assert sorted(owasp.questions) == sorted(
        path.stem.lower().replace("-", "_") for path in (SAMM / "source" / "questions").glob(
            "*.yml"))
    assert {q.weight for q in owasp.questions.values()} == {1}
    assert {d.weight for d in owasp.dimensions.values()} == {1}
    assert not owasp.derived


@pytest.mark.parametrize("folder", [SAMM], ids=lambda folder: folder.name)
def test_the_conversion_script_reproduces_the_committed_files(folder: Path,
                                                              tmp_path: Path) -> None:
    written = runpy.run_path(str(folder / "convert.py"))["write"](tmp_path)
    assert written
    for path in written:
        assert path.read_text(encoding="utf-8") == (folder / path.name).read_text(
            encoding="utf-8"), path.name
