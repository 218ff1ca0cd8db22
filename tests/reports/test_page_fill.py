"""No PDF page is less than a third full but the cover and a section's last page (issue 26,
item 8), for the three reference reports: a first diagnostic, a follow-up a year later (its
progress on the page after the summary, then the contents and the plan) and a flash diagnostic.
Measured with poppler's word boxes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime
from functools import cache
from typing import Any

import pytest
from flask import Flask

from parcours.engine import check_answers, evaluate, result_dict
from parcours.reports import service
from parcours.reports.context import progress_context, report_context
from parcours.services.questionnaires import questionnaire
from tests.conftest import missing

from .conftest import EXAMPLES, WHEN
from .pdftext import reader

pytestmark = pytest.mark.usefixtures("report_app")
MM = 72 / 25.4
TOP, BOTTOM = 24 * MM, 22 * MM  # report.css @page margins: the running header and footer
_WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def fills(data: bytes) -> list[float]:
    """How far down each page its body text reaches, from 0 (empty) to 1 (to the footer)."""
    if not shutil.which("pdftotext"):
        missing("poppler's pdftotext")
    done = subprocess.run(["pdftotext", "-q", "-bbox", "-", "-"], input=data,
                          capture_output=True, check=True, timeout=120)
    found = []
    for _width, height, words in _PAGE.findall(done.stdout.decode("utf-8")):
        bottom = float(height) - BOTTOM
        body = [float(y_max) for y_min, y_max in _WORD.findall(words)
                if float(y_min) >= TOP - 1 and float(y_max) <= bottom + 1]
        found.append((max(body) - TOP) / (bottom - TOP) if body else 0.0)
    return found


def section_starts(data: bytes) -> set[int]:
    """The pages (from 1) where a section of the first level (a bookmark) begins."""
    document = reader(data)
    return {document.get_destination_page_number(item) + 1
            for item in document.outline if not isinstance(item, list)}


def _result(key: str, answers: dict[str, Any], lang: str) -> dict[str, Any]:
    q = questionnaire(key)
    scores, road = evaluate(q, check_answers(q, answers))
    return result_dict(q, scores, road, lang)


def _example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))["answers"]


def _a_step_lower(key: str, answers: dict[str, Any]) -> dict[str, Any]:
    """The same organisation a year earlier: each single choice one option lower."""
    q, before = questionnaire(key), dict(answers)
    for qid, value in answers.items():
        question = q.questions.get(qid)
        if question is None or not question.dimension or question.type != "single":
            continue
        options = sorted(question.options, key=lambda option: option.points or 0)
        index = [option.value for option in options].index(value) if value in [
            option.value for option in options] else 0
        before[qid] = options[max(index - 1, 0)].value
    return before


@cache
def reference(kind: str, lang: str) -> bytes:
    """A reference report's PDF: `first`, `follow_up` or `flash`."""
    answers = _example("association_jeune.json")
    if kind == "flash":
        flash = questionnaire("flash")
        result = _result("flash", {qid: value for qid, value in answers.items()
                                   if qid in flash.questions}, lang)
        return service.render(report_context(result, "Les Amis du Quartier", WHEN))
    result = _result("adoc", answers, lang)
    context = report_context(result, "Les Amis du Quartier", WHEN)
    if kind == "follow_up":
        before = _result("adoc", _a_step_lower("adoc", answers), lang)
        context["progress"] = progress_context(before, datetime(2025, 11, 20, tzinfo=UTC),
                                               result)
        assert context["progress"] is not None
    return service.render(context)


CASES = [(kind, lang) for kind in ("first", "follow_up", "flash") for lang in ("fr", "en")]


@pytest.mark.parametrize(("kind", "lang"), CASES, ids=[f"{k}-{v}" for k, v in CASES])
def test_no_page_but_the_cover_and_section_ends_is_under_a_third_full(
        report_app: Flask, kind: str, lang: str) -> None:
    data = reference(kind, lang)
    found, starts = fills(data), section_starts(data)
    thin = [(number, round(fill, 2)) for number, fill in enumerate(found, start=1)
            if fill < 1 / 3 and number != 1 and number + 1 not in starts
            and number != len(found)]
    assert thin == [], f"pages under a third full: {thin} (sections start on {sorted(starts)})"


@pytest.mark.parametrize(("kind", "lang"), CASES, ids=[f"{k}-{v}" for k, v in CASES])
def test_no_page_but_the_cover_is_a_heading_and_a_few_lines(
        report_app: Flask, kind: str, lang: str) -> None:
    """A section's last page may be short, not a heading and two lines (a follow-up's « Vos
    points forts » stood so on a page of its own, after a plan that filled the one before)."""
    found = fills(reference(kind, lang))
    stray = [(number, round(fill, 2)) for number, fill in enumerate(found, start=1)
             if number != 1 and fill < 0.15]
    assert stray == []


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", ["first", "follow_up"])
def test_the_contents_share_their_page_with_the_section_after_them(
        report_app: Flask, kind: str, lang: str) -> None:
    """The contents never stand alone: the plan starts under them (a follow-up's progress, one
    page of its own, comes before them: it once left them alone on a page)."""
    data = reference(kind, lang)
    document = reader(data)
    heading = "Sommaire" if lang == "fr" else "Contents"
    contents = next(number for number, page in enumerate(document.pages, start=1)
                    if heading in (page.extract_text() or "").split("\n")[:3])
    assert contents in section_starts(data), (contents, sorted(section_starts(data)))


def test_the_measure_sees_a_page_a_third_full() -> None:
    """The measure itself: a page whose text stops at a quarter reads 0.25, not full."""
    html = ('<html><head><style>@page { size: A4; margin: 24mm 18mm 22mm 18mm }</style></head>'
            '<body><p style="margin-top: 60mm">Un quart de page.</p></body></html>')
    data = service.pool().render(html)
    (fill,) = fills(data)
    assert 0.2 < fill < 0.3, fill
