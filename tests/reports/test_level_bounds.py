"""The PDF's method lists each level from its threshold on the scale of the score the level is
read from (issue 27): « 1,2 / 3 » when the global is printed on 0–3, « 12 / 30 » in points (the
participant's own maximum), « 29,75 / 119 » for the AIA's final impact, never « 40 / 100 » beside
scores printed on another scale. A.D.O.C. and every questionnaire on 0–100 keep « 40 / 100 ».

tests/engine/globals: levels from 0, 40 and 60; x on 0–3, z in points (20 with every answer,
10 without z2), the pooled global 30 points (20 without z2), `halved` a derived score."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from parcours.engine import check_answers, evaluate, load, result_dict
from parcours.reports import service
from parcours.reports.context import report_context
from tests.engine.test_published_models import AIA, SAMM, examples, ours
from tests.engine.test_scaled_reasons import HALVED_ON_10, POOLED_POINTS, STAGES_ON_3, WORSE
from tests.engine.test_scoring_policies import G, globals_with

from .conftest import WHEN
from .pdftext import squash, text

WITHOUT_Z = {k: v for k, v in G.items() if k not in ("z1", "z2")}
WITHOUT_Z2 = {k: v for k, v in G.items() if k != "z2"}


def level_from(score: str) -> tuple[str, str, str]:
    return ("questionnaire.yaml", "global_scale: percent",
            f"global_scale: percent\n  level_from: {score}")


def bounds(folder: Path, answers: dict, lang: str) -> list[str]:
    q = load(folder)
    scores, road = evaluate(q, check_answers(q, answers))
    found = report_context(result_dict(q, scores, road, lang), "Maison", WHEN)
    return [found["wording"]["level_bounds"][n] for n in sorted(
        found["wording"]["level_bounds"])]


@pytest.mark.parametrize(("edits", "answers", "fr", "en"), [
    # 0–100: as before
    ((), G, ["0 / 100", "40 / 100", "60 / 100"], ["0 / 100", "40 / 100", "60 / 100"]),
    ((level_from("w"),), G, ["0 / 100", "40 / 100", "60 / 100"],
     ["0 / 100", "40 / 100", "60 / 100"]),
    # the global on 0–3, in points (this diagnostic's own maximum: 30, or 20 without z2)
    ((STAGES_ON_3,), G, ["0 / 3", "1,2 / 3", "1,8 / 3"], ["0 / 3", "1.2 / 3", "1.8 / 3"]),
    ((POOLED_POINTS,), G, ["0 / 30", "12 / 30", "18 / 30"], ["0 / 30", "12 / 30", "18 / 30"]),
    ((POOLED_POINTS,), WITHOUT_Z2, ["0 / 20", "8 / 20", "12 / 20"],
     ["0 / 20", "8 / 20", "12 / 20"]),
    # the level read from a dimension on 0–3, in points, from a derived score on 0–10
    ((level_from("x"),), G, ["0 / 3", "1,2 / 3", "1,8 / 3"], ["0 / 3", "1.2 / 3", "1.8 / 3"]),
    ((level_from("z"),), G, ["0 / 20", "8 / 20", "12 / 20"], ["0 / 20", "8 / 20", "12 / 20"]),
    ((level_from("z"),), WITHOUT_Z2, ["0 / 10", "4 / 10", "6 / 10"],
     ["0 / 10", "4 / 10", "6 / 10"]),
    ((HALVED_ON_10, level_from("halved")), G, ["0 / 10", "4 / 10", "6 / 10"],
     ["0 / 10", "4 / 10", "6 / 10"]),
    # a higher score is worse: the thresholds do not move
    ((WORSE, level_from("x")), G, ["0 / 3", "1,2 / 3", "1,8 / 3"],
     ["0 / 3", "1.2 / 3", "1.8 / 3"]),
    # in points without a score there is no maximum of this participant's: percent
    ((level_from("z"),), WITHOUT_Z, ["0 / 100", "40 / 100", "60 / 100"],
     ["0 / 100", "40 / 100", "60 / 100"]),
])
def test_a_level_starts_on_the_scale_of_its_score(report_app: Flask, tmp_path: Path,
                                                 edits: tuple, answers: dict, fr: list[str],
                                                 en: list[str]) -> None:
    folder = globals_with(tmp_path, *edits)
    assert (bounds(folder, answers, "fr"), bounds(folder, answers, "en")) == (fr, en)


@pytest.mark.parametrize("example", examples(SAMM)[:1] + examples(AIA)[:1])
def test_the_published_models_levels_start_on_their_scales(report_app: Flask,
                                                          example: dict) -> None:
    # SAMM: the global on 0–3 (33.33 % of 3 is 0.9999, said « 1 », as a reason says it);
    # the AIA: the final impact on 0–119
    folder = SAMM if "answers" in example else AIA
    answers = example["answers"] if folder == SAMM else ours(example["data"])
    expected = (["0 / 3", "1 / 3", "2 / 3", "3 / 3"] if folder == SAMM
                else ["0 / 119", "29.75 / 119", "59.5 / 119", "89.25 / 119"])
    assert bounds(folder, answers, "en") == expected
    assert bounds(folder, answers, "fr") == [bound.replace(".", ",") for bound in expected]


@pytest.mark.parametrize(("edits", "lang", "rows"), [
    ((), "fr", ["1. Bas 0 / 100", "2. Moyen 40 / 100", "3. Haut 60 / 100"]),
    ((STAGES_ON_3,), "fr", ["1. Bas 0 / 3", "2. Moyen 1,2 / 3", "3. Haut 1,8 / 3"]),
    ((POOLED_POINTS,), "en", ["1. Low 0 / 30", "2. Medium 12 / 30", "3. High 18 / 30"]),
])
def test_the_pdfs_method_prints_them(report_app: Flask, tmp_path: Path, edits: tuple,
                                     lang: str, rows: list[str]) -> None:
    q = load(globals_with(tmp_path, *edits))
    scores, road = evaluate(q, check_answers(q, G))
    body = squash(text(service.render(report_context(result_dict(q, scores, road, lang),
                                                     "Maison", WHEN))))
    for row in rows:
        assert squash(row) in body, row
    # the row in percent is gone where the level's score is on another scale
    percent = "2. Moyen 40 / 100" if lang == "fr" else "2. Medium 40 / 100"
    assert (squash(percent) in body) == (not edits)


def samm_context(lang: str) -> dict:
    example = examples(SAMM)[0].values[0]
    q = load(SAMM)
    scores, road = evaluate(q, check_answers(q, example["answers"]))
    return report_context(result_dict(q, scores, road, lang), "Maison", WHEN)


@pytest.mark.parametrize(("lang", "rings", "example", "title"), [
    ("fr", "de 0 au centre à 3 au bord\u00a0; les anneaux marquent les seuils des niveaux "
     "(1, 2).", "un score inférieur à 1 / 3 dans une dimension",
     "Score de chaque dimension, sur 3"),
    ("en", "from 0 at the centre to 3 at the edge; the rings mark the level thresholds (1, 2).",
     "a score below 1 / 3 in a dimension", "Score for each dimension, out of 3"),
])
def test_dimensions_on_one_scale_have_their_rings_on_it(report_app: Flask, lang: str,
                                                        rings: str, example: str,
                                                        title: str) -> None:
    # SAMM's practices are all on 0–3: the radar's rings (at the levels' thresholds), its
    # caption and the method's example of a rule say 1 and 2, not 33,33 and 66,66
    found = samm_context(lang)
    assert found["wording"]["rings"].endswith(rings)
    assert example in " ".join(found["wording"]["method"]["after"])
    radar = str(found["radar"])
    assert title in radar
    assert [mark for mark in ("33.33", "33,33", "66.66", "66,66", ">100<") if mark in radar] == []
    assert all(f">{n}</text>" in radar for n in (1, 2, 3))


def test_dimensions_on_several_scales_keep_their_rings_in_percent(report_app: Flask,
                                                                 tmp_path: Path) -> None:
    # tests/engine/globals: x on 0–3, w on 0–100, z in points: the radar stays in percent
    q = load(globals_with(tmp_path, STAGES_ON_3))
    scores, road = evaluate(q, check_answers(q, G))
    found = report_context(result_dict(q, scores, road, "fr"), "Maison", WHEN)
    assert found["wording"]["rings"].endswith("à 100 au bord ; les anneaux marquent les seuils "
                                              "des niveaux (40, 60).")
    assert "un score inférieur à 40 dans une dimension" in " ".join(
        found["wording"]["method"]["after"])
    assert "Score de chaque dimension, sur 100" in str(found["radar"])
