"""The Diagnostic flash's PDF holds on two pages, for the longest plan it can make, in both
languages and with a long organisation name; its first page shows every dimension."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from parcours.engine import check_answers, evaluate, load, result_dict
from parcours.reports import service
from parcours.reports.context import report_context

from .conftest import WHEN
from .pdftext import reader, squash

pytestmark = pytest.mark.usefixtures("report_app")
FLASH = load(Path(__file__).resolve().parents[2] / "questionnaires" / "flash")
LONG_NAME = "Communauté d'agglomération du Grand Territoire Métropolitain et de ses communes"


def weakest(kind: str, size: str) -> dict[str, Any]:
    """Every scored question at its lowest option: the plan is as long as it gets."""
    answers: dict[str, Any] = {"profil_type": kind, "profil_taille": size,
                               "profil_partenaires": ["associations", "entreprises"]}
    for question in FLASH.questions.values():
        if question.dimension and question.type == "single":
            answers[question.id] = min(question.options, key=lambda o: o.points or 0).value
    return answers


@pytest.mark.parametrize(("kind", "lang"), [("association", "fr"), ("collectivite", "en"),
                                            ("entreprise", "fr")])
def test_the_longest_flash_plan_holds_on_two_pages(kind: str, lang: str) -> None:
    scores, road = evaluate(FLASH, check_answers(FLASH, weakest(kind, "grande")))
    result = result_dict(FLASH, scores, road, lang)
    assert len(result["roadmap"]) == max(FLASH.index.roadmap.sizes.values())
    data = service.render(report_context(result, LONG_NAME, WHEN))  # (a trainer's comments
    # may take a third page: they are as long as the trainer writes them)
    pdf = reader(data)
    assert len(pdf.pages) <= 2
    first = squash(pdf.pages[0].extract_text())
    for stage in result["stages"]:
        for dimension in stage["dimensions"]:
            assert squash(dimension["title"]) in first, dimension["title"]
