"""The PDF of a questionnaire of another shape (tests/questionnaires/numerique) read back: its own
names, its three levels, and no word of A.D.O.C.
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


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_report_says_its_product_tagline_and_three_levels(report_app: Flask,
                                                              lang: str) -> None:
    context, data = rendered(lang)
    about = context["result"]["questionnaire"]
    body = squash(text(data))  # a cover line may be letter-spaced
    assert squash(about["product"]) in body  # Boussole numérique / Digital compass
    assert squash(about["tagline"]) in body
    assert squash("sur 3" if lang == "fr" else "of 3") in body


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_report_has_no_word_of_adoc(report_app: Flask, lang: str) -> None:
    _, data = rendered(lang)
    squashed = squash(text(data)).lower()  # letter-spaced headings too
    assert [name for name in ("a.d.o.c", "m.e.d.o.c") if name in squashed] == []
    words = set(re.findall(r"\w+", flat(text(data)).lower()))
    assert words & {"levier", "leviers", "lever", "levers", "alliance", "alliances"} == set()


def test_the_method_says_unanswered_questions_count_as_zero(report_app: Flask) -> None:
    # A.D.O.C.'s method page says unanswered questions leave the calculation; under
    # `unanswered: zero` they count, as no points (only « Non concerné » leaves it)
    _, data = rendered("fr")
    method = flat(text(data))
    assert "sans réponse, sortent du calcul" not in method
    assert "Une question sans réponse, ou répondue « Je ne sais pas », compte pour zéro point" \
        in method
