"""Issue 27, item 1: the PDF prints a score near a threshold with the decimals it needs, never a
whole number on the other side of its level (tests/engine/exact: a practice at 1.0 out of 3
against a level at 33.33, an impact at 41 out of 167 against a level at 25)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask_babel import force_locale

from parcours.engine import check_answers, evaluate, load, result_dict
from parcours.reports import service
from parcours.reports.context import report_context
from parcours.reports.figures import points

from .conftest import WHEN
from .pdftext import squash, text

EXACT = Path(__file__).resolve().parents[1] / "engine" / "exact"
ANSWERS = {"p1": "full", "p2": "none", "p3": "none", "i1": "p41", "i2": "no"}


@pytest.mark.parametrize(("lang", "practice", "impact"), [
    ("fr", "33,33", "24,6"), ("en", "33.33", "24.6"),
])
def test_the_pdf_prints_the_decimals_a_level_needs(report_app: Flask, lang: str, practice: str,
                                                   impact: str) -> None:
    q = load(EXACT)
    scores, road = evaluate(q, check_answers(q, ANSWERS))
    result = result_dict(q, scores, road, lang)
    body = squash(text(service.render(report_context(result, "Bornes", WHEN))))
    # the dimension table: title, score, level
    assert squash(f"Pratique {practice} Deux" if lang == "fr" else
                  f"Practice {practice} Two") in body
    assert squash(f"Incidence {impact} Zéro" if lang == "fr" else
                  f"Impact {impact} Zero") in body
    # the method page's levels and strengths as written, never « 33,3 » for 33.33
    assert squash(f"{practice} / 100") in body
    assert squash("66,67 / 100" if lang == "fr" else "66.67 / 100") in body


@pytest.mark.parametrize(("value", "lang", "printed"), [
    ({"score": 33.33, "shown": 33.33}, "fr", "33,33"),
    ({"score": 33.33, "shown": 33.33}, "en", "33.33"),
    ({"score": 62.3, "shown": 62}, "fr", 62),
    ({"score": 62.3}, "fr", 62),  # a snapshot from before issue 27: the whole number
    (39.6, "fr", 40),  # a plain figure (a mean, a median) stays a whole number
    (None, "fr", None),
])
def test_the_points_filter(report_app: Flask, value: object, lang: str,
                           printed: object) -> None:
    with report_app.test_request_context(), force_locale(lang):
        assert points(value) == printed


POLICIES = Path(__file__).resolve().parents[1] / "engine" / "policies"
POLICY_ANSWERS = {"q1": "a2", "q2": "a1", "t1": "four", "c1": "yes", "c2": "yes", "c3": "no",
                  "h1": "a2", "h2": "a0", "l1": "a1", "l2": "a2", "g1": "yes"}


@pytest.mark.parametrize(("lang", "lines"), [
    ("fr", ["Moyenne 1,5 / 3", "Total 4 / 15", "Chaîne 67",
            "Incidence finale : 23 / 100 · Faible"]),
    ("en", ["Mean 1.5 / 3", "Total 4 / 15", "Chain 67", "Final impact: 23 / 100 · Low"]),
])
def test_the_pdf_shows_each_score_on_its_scale_and_the_derived_one(
        report_app: Flask, lang: str, lines: list[str]) -> None:
    q = load(POLICIES)
    scores, road = evaluate(q, check_answers(q, POLICY_ANSWERS))
    result = result_dict(q, scores, road, lang)
    body = squash(text(service.render(report_context(result, "Politiques", WHEN))))
    for line in lines:
        assert squash(line) in body, line
