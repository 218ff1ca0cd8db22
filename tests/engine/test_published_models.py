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

from parcours.engine import Questionnaire, check_answers, evaluate, load, result_dict
from tests.questionnaires.aia.convert import slug
from tests.questionnaires.aia.reference import aia
from tests.questionnaires.samm.reference import samm
from tests.shapes import ROOT

SAMM = ROOT / "tests" / "questionnaires" / "samm"
AIA = ROOT / "tests" / "questionnaires" / "aia"
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
    scores, road = evaluate(owasp, check_answers(owasp, example["answers"]))
    for short, dimension in PRACTICES.items():
        assert on(scores.dimensions[dimension].measure, 3) == Fraction(
            expected["practices"][short]), dimension
    assert on(scores.stages["governance"].measure, 3) == Fraction(expected["function"])
    assert on(scores.measure, 3) == Fraction(expected["function"])
    assert scores.level is not None
    assert owasp.levels[scores.level - 1].id == f"level_{expected['level']}"
    # the overall score printed on 0–3, never on the other side of a level (0,96 is not 1)
    shown = result_dict(owasp, scores, road, "en")["global"]["scaled"]
    assert shown["max"] == 3 and int(shown["shown"]) == expected["level"]


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


@pytest.fixture(scope="module")
def canada() -> Questionnaire:
    return load(AIA)


def ours(data: dict[str, Any]) -> dict[str, Any]:
    """A survey's data as the AIA tool saves it, in this app's ids (convert.py's names)."""
    return {slug(name): [slug(v) for v in value] if isinstance(value, list) else slug(value)
            for name, value in data.items()}


@pytest.mark.parametrize("example", examples(AIA))
def test_the_aia_scores_as_canada_publishes_it(canada: Questionnaire, example: dict) -> None:
    expected = example["expected"]
    assert aia(example["data"]) == expected  # the tool's own arithmetic gives the file's figures
    scores, road = evaluate(canada, check_answers(canada, ours(example["data"])))
    assert on(scores.dimensions["impact"].measure, expected["max_raw"]) == expected["raw"]
    assert on(scores.dimensions["mitigation"].measure,
              expected["max_mitigation"]) == expected["mitigation"]
    assert on(scores.derived["final"].measure, expected["max_raw"]) == expected["total"]
    assert scores.level is not None
    assert canada.levels[scores.level - 1].id == f"level_{expected['level']}"
    assert on(scores.measure, expected["max_raw"]) == expected["raw"]  # the global: raw impact
    # printed as the tool prints them: raw points, the final total, out of 119
    data = result_dict(canada, scores, road, "en")
    assert data["global"]["scaled"] == {"shown": expected["raw"], "max": expected["max_raw"]}
    assert data["derived"][0]["scaled"] == {"shown": expected["total"],
                                            "max": expected["max_raw"]}


def test_the_aia_boundaries_are_all_there() -> None:
    # every level's last total and the next one, with and without the 15 % deduction, and the
    # mitigation at 80 % exactly and just below
    found = {(e.values[0]["expected"]["total"], e.values[0]["expected"]["raw"] !=
              e.values[0]["expected"]["total"]) for e in examples(AIA)}
    assert {(29, False), (30, False), (59, False), (60, False), (89, False), (90, False),
            (29, True), (30, True), (59, True), (60, True), (89, True), (90, True)} <= found
    mitigations = {e.values[0]["expected"]["mitigation"] for e in examples(AIA)}
    assert {35, 36} <= mitigations


def test_the_aia_is_written_without_workarounds(canada: Questionnaire) -> None:
    # every question is one of the survey's, no weight but 1, the tool's maxima
    survey = json.loads((AIA / "source" / "survey-extract.json").read_text(encoding="utf-8"))
    names = {slug(q["name"]) for page in survey["pages"] for panel in page["elements"]
             for q in panel["elements"] if "choices" in q}
    assert set(canada.questions) == names
    assert {q.weight for q in canada.questions.values()} == {1}
    example = json.loads((AIA / "examples" / "zero.json").read_text(encoding="utf-8"))
    assert (example["expected"]["max_raw"], example["expected"]["max_mitigation"]) == (119, 90)
    # the level comes from the derived score; the only rule reading a score picks an action
    assert [r.when for rec in canada.recommendations for r in rec.rules
            if r.when and "score." in r.when] == ["score.mitigation < 40"]
    assert (canada.scoring.level_from, list(canada.derived)) == ("final", ["final"])


@pytest.mark.parametrize("folder", [SAMM, AIA], ids=lambda folder: folder.name)
def test_the_conversion_script_reproduces_the_committed_files(folder: Path,
                                                              tmp_path: Path) -> None:
    written = runpy.run_path(str(folder / "convert.py"))["write"](tmp_path)
    assert written
    for path in written:
        assert path.read_text(encoding="utf-8") == (folder / path.name).read_text(
            encoding="utf-8"), path.name


def test_the_aia_extract_is_what_its_documented_step_keeps() -> None:
    # source/extract.py cut survey-extract.json out of the tool's survey: run on the extract, it
    # keeps everything (nothing in it is of a kind the step leaves out)
    extract = runpy.run_path(str(AIA / "source" / "extract.py"))["extract"]
    survey = json.loads((AIA / "source" / "survey-extract.json").read_text(encoding="utf-8"))
    assert extract(survey) == survey
    assert {q["type"] for page in survey["pages"] for panel in page["elements"]
            for q in panel["elements"]} == {"radiogroup", "checkbox", "dropdown", "html"}
