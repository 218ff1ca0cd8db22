"""Issue 27, items 3 and 4 in the PDF: under `scoring.higher_is: worse` the strengths are not
« points forts » (the questionnaire's `words.strengths` when it says, else « risques
maîtrisés ») and the level and the radar are not drawn in green; a global score on a scale of
its own (`scoring.global_scale`) is printed on it, and the radar's labels say each dimension's
scaled figure (tests/engine/policies, tests/engine/globals)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask

from parcours.engine import check_answers, evaluate, load, result_dict
from parcours.reports import service
from parcours.reports.charts import SHAPE, SHAPE_WORSE
from parcours.reports.context import report_context

from .conftest import WHEN
from .pdftext import squash, text

ENGINE = Path(__file__).resolve().parents[1] / "engine"
POLICY_ANSWERS = {"q1": "a2", "q2": "a1", "t1": "four", "c1": "yes", "c2": "yes", "c3": "no",
                  "h1": "a2", "h2": "a0", "l1": "a1", "l2": "a2", "g1": "yes"}
GLOBAL_ANSWERS = {"x1": "p2", "x2": "p1", "w1": "p1", "z1": "four", "z2": "yes", "m1": "yes"}


def copy(tmp_path: Path, name: str, file: str, old: str, new: str) -> Path:
    """A copy of a test questionnaire of tests/engine with one replacement made."""
    folder = Path(shutil.copytree(ENGINE / name, tmp_path / name))
    path = folder / file
    before = path.read_text(encoding="utf-8")
    assert old in before
    path.write_text(before.replace(old, new, 1), encoding="utf-8")
    return folder


def context(folder: Path, answers: dict, lang: str) -> dict:
    q = load(folder)
    scores, road = evaluate(q, check_answers(q, answers))
    return report_context(result_dict(q, scores, road, lang), "Incidences", WHEN)


WORSE = "scoring:\n  hidden: skip\n  higher_is: worse\n"
OWN = 'words:\n  strengths: {fr: "incidences faibles", en: "low impacts"}\n' + WORSE


@pytest.mark.parametrize(("lang", "index", "words"), [
    ("fr", WORSE, ["Vos risques maîtrisés", "Ici, un score élevé est défavorable : une "
                   "dimension compte parmi vos risques maîtrisés jusqu'à 75 / 100."]),
    ("en", WORSE, ["Your risks under control", "Here a high score is unfavourable: a dimension "
                   "counts among your risks under control up to 75 / 100."]),
    ("fr", OWN, ["Vos incidences faibles", "compte parmi vos incidences faibles jusqu'à 75"]),
])
def test_higher_is_worse_has_no_strengths_and_no_green(
        report_app: Flask, tmp_path: Path, lang: str, index: str, words: list[str]) -> None:
    folder = copy(tmp_path, "policies", "questionnaire.yaml", "scoring:\n  hidden: skip\n",
                  index)
    found = context(folder, POLICY_ANSWERS, lang)
    body = squash(text(service.render(found)))
    for line in words:
        assert squash(line) in body, line
    assert "points forts" not in body and "Your strengths" not in body
    assert SHAPE_WORSE in str(found["radar"]) and SHAPE not in str(found["radar"])


def test_higher_is_better_keeps_its_strengths_and_green(report_app: Flask) -> None:
    found = context(ENGINE / "policies", POLICY_ANSWERS, "fr")
    body = squash(text(service.render(found)))
    assert squash("Vos points forts") in body
    assert squash("Une dimension compte parmi vos points forts à partir de 75 / 100.") in body
    assert SHAPE in str(found["radar"]) and SHAPE_WORSE not in str(found["radar"])


@pytest.mark.parametrize(("lang", "policy", "line"), [
    ("fr", "global: pooled\n  global_scale: points", "score global 18 / 30"),
    ("en", "global: pooled\n  global_scale: points", "overall score 18 / 30"),
    ("fr", "global: x\n  global_scale: 3", "score global 1,5 / 3"),
    ("fr", "global: stages\n  global_scale: percent", "score global 59 / 100"),
])
def test_the_global_score_is_printed_on_its_scale(report_app: Flask, tmp_path: Path, lang: str,
                                                  policy: str, line: str) -> None:
    folder = copy(tmp_path, "globals", "questionnaire.yaml",
                  "global: stages\n  global_scale: percent", policy)
    body = squash(text(service.render(context(folder, GLOBAL_ANSWERS, lang))))
    assert squash(line) in body, line
    assert "/ 30 / 100" not in body and "/ 3 / 100" not in body


def test_the_radar_labels_say_the_scaled_figure(report_app: Flask) -> None:
    radar = str(context(ENGINE / "globals", GLOBAL_ANSWERS, "fr")["radar"])
    assert ">1,5 / 3<" in radar  # x, on 0–3
    assert ">14 / 20<" in radar  # z, in points
    assert ">25<" in radar  # w, on 0–100: the figure alone, as before
