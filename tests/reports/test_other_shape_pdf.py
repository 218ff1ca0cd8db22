"""The PDF of a questionnaire of another shape (tests/questionnaires/numerique) read back: its own
names, its three levels, and no word of A.D.O.C.

The tests marked `REPORTS15` check what the report templates say of the questionnaire itself
(product, tagline, number of levels, stage word, scoring method): they wait for the templates'
generalisation (branch reports15). They are strict xfails: once it lands they pass, the marker
turns them into failures, and it must be removed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask import Flask

from parcours.engine import check_answers, evaluate, load, result_dict
from parcours.reports import service
from parcours.reports.context import report_context

from .conftest import WHEN
from .pdftext import flat, reader, squash, text

EXAMPLE = (Path(__file__).resolve().parents[1] / "questionnaires" / "numerique" / "examples"
           / "mixte.json")
ORGANISATION = "Jardins partagés du Marais"
REPORTS15 = pytest.mark.xfail(strict=True, reason="the report templates still speak of A.D.O.C. "
                              "(their generalisation is on branch reports15)")
_rendered: dict[str, tuple[dict, bytes]] = {}


def rendered(lang: str) -> tuple[dict, bytes]:
    """The report context and PDF of the example answers, in `lang` (rendered once)."""
    if lang not in _rendered:
        data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
        q = load(EXAMPLE.parents[1])
        scores, road = evaluate(q, check_answers(q, data["answers"]))
        context = report_context(result_dict(q, scores, road, lang), ORGANISATION, WHEN)
        _rendered[lang] = context, service.render(context)
    return _rendered[lang]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_report_names_its_own_content(report_app: Flask, lang: str) -> None:
    context, data = rendered(lang)
    result = context["result"]
    body = squash(text(data))
    assert squash(ORGANISATION) in body
    assert squash(result["questionnaire"]["title"]) in body
    assert [stage["id"] for stage in result["stages"]] == [
        "strategie", "outils", "donnees", "competences", "publics"]
    for stage in result["stages"]:
        assert squash(stage["title"]) in body
        for dimension in stage["dimensions"]:
            assert squash(dimension["title"]) in body
    assert squash(result["global"]["level"]["label"]) in body  # En progression / Making progress
    for item in result["roadmap"]:
        assert squash(item["title"]) in body
    pdf = reader(data)
    assert ORGANISATION in pdf.metadata.title
    assert pdf.trailer["/Root"]["/Lang"] == lang


@REPORTS15
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_report_says_its_product_tagline_and_three_levels(report_app: Flask,
                                                              lang: str) -> None:
    context, data = rendered(lang)
    about = context["result"]["questionnaire"]
    body = squash(text(data))  # a cover line may be letter-spaced
    assert squash(about["product"]) in body  # Boussole numérique / Digital compass
    assert squash(about["tagline"]) in body
    assert squash("sur 3" if lang == "fr" else "of 3") in body


@REPORTS15
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_report_has_no_word_of_adoc(report_app: Flask, lang: str) -> None:
    _, data = rendered(lang)
    squashed = squash(text(data)).lower()  # letter-spaced headings too
    assert [name for name in ("a.d.o.c", "m.e.d.o.c") if name in squashed] == []
    words = set(re.findall(r"\w+", flat(text(data)).lower()))
    assert words & {"levier", "leviers", "lever", "levers", "alliance", "alliances"} == set()


@REPORTS15
def test_the_method_says_unanswered_questions_count_as_zero(report_app: Flask) -> None:
    # A.D.O.C.'s method page says unanswered questions « ne comptent ni pour ni contre vous »;
    # under `unanswered: zero` they do count, as no points
    _, data = rendered("fr")
    assert "ni pour ni contre" not in flat(text(data))
