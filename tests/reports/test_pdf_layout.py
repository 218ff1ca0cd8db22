"""The PDF as a board document (issue 12): the summary on page 2, no page of a few stray lines,
no answer cut from its question, table headers whole, English in English."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

import pytest
from flask import Flask

from parcours.reports import service
from tests.conftest import missing

from .conftest import example_context
from .pdftext import reader, squash
from .test_pdf import EXAMPLES, rendered

pytestmark = pytest.mark.usefixtures("report_app")


def pages(data: bytes) -> list[list[str]]:
    """Each page's non-empty lines, by poppler's pdftotext (which keeps lines as laid out)."""
    if not shutil.which("pdftotext"):
        missing("poppler's pdftotext")
    count = len(reader(data).pages)
    found = []
    for number in range(1, count + 1):
        done = subprocess.run(["pdftotext", "-q", "-layout", "-f", str(number), "-l", str(number),
                               "-", "-"], input=data, capture_output=True, check=True, timeout=60)
        found.append([line for line in done.stdout.decode("utf-8").splitlines() if line.strip()])
    return found


def body_lines(page: list[str]) -> list[str]:
    """A page's lines without its running header (first line) and footer (last line)."""
    return page[1:-1]


@pytest.mark.parametrize(("name", "organisation"), EXAMPLES)
def test_the_summary_a_board_can_adopt_is_page_two(report_app: Flask, name: str,
                                                   organisation: str) -> None:
    context = example_context(name, organisation)
    found = pages(rendered(name, organisation))
    second = squash(" ".join(found[1]))
    heading = "Synthèse" if context["lang"] == "fr" else "Summary"
    assert squash(heading) in second
    assert squash(context["result"]["global"]["level"]["label"]) in second
    for item in context["first_actions"]:  # the first three actions, each with its owner line
        assert squash(item["title"])[:40] in second
    owner = "Responsable :" if context["lang"] == "fr" else "Owner:"
    assert second.count(squash(owner)) == 3


@pytest.mark.parametrize(("name", "organisation"), EXAMPLES)
def test_no_page_but_the_cover_and_section_ends_holds_only_a_few_lines(
        report_app: Flask, name: str, organisation: str) -> None:
    found = pages(rendered(name, organisation))
    toc = next(i for i, page in enumerate(found) if re.search(r"Sommaire|Contents", page[1]))
    starts = {int(m.group(1)) for line in found[toc] if (m := re.search(r"(\d+)\s*$", line))}
    for number, page in enumerate(found, start=1):
        section_end = number + 1 in starts or number == len(found)
        if number == 1 or section_end:
            continue
        assert len(body_lines(page)) >= 5, (number, page)


@pytest.mark.parametrize(("name", "organisation"), EXAMPLES)
def test_no_answer_is_separated_from_its_question(report_app: Flask, name: str,
                                                  organisation: str) -> None:
    context = example_context(name, organisation)
    flat_pages = [squash(" ".join(body_lines(page))) for page in pages(rendered(name,
                                                                              organisation))]
    annex = [row for stage in context["result"]["annex"] for row in stage["questions"]]
    for row in annex:
        answer = row["answer"] if row["answer"] is not None else (
            "Sans réponse" if context["lang"] == "fr" else "No answer")
        pair = squash(row["question"])[-30:] + squash(answer)[:20]
        assert any(pair in page for page in flat_pages), row["id"]


def test_an_english_report_is_english_to_its_footer(report_app: Flask) -> None:
    name, organisation = next((n, o) for n, o in EXAMPLES
                              if example_context(n, o)["lang"] == "en")
    data = rendered(name, organisation)
    found = pages(data)
    for page in found[1:]:
        assert "A.D.O.C. pathway" in page[-1] and "Parcours" not in page[-1], page[-1]
    body = " ".join(" ".join(page) for page in found)
    assert "M.E.D.O.C. :" not in body  # French spacing before a colon only in French
    assert "Methods to commit, Examples to inspire, Data to understand" in body
    assert "Parcours A.D.O.C." not in (reader(data).metadata.get("/Creator") or "")


def test_french_typography_stays_in_french(report_app: Flask) -> None:
    name, organisation = next((n, o) for n, o in EXAMPLES
                              if example_context(n, o)["lang"] == "fr")
    body = " ".join(" ".join(page) for page in pages(rendered(name, organisation)))
    assert "M.E.D.O.C. : " in body and "Méthodes pour s'engager" in body


def _figures(data: bytes) -> list[str]:
    """The /Alt of every /Figure of the PDF's structure tree."""
    found: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt", "")))
            if node.get("/K") is not None:
                walk(node["/K"])
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(reader(data).trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize(("lang", "alt"), [("fr", "Score de chaque dimension, sur 100"),
                                           ("en", "Score for each dimension, out of 100")])
def test_the_radar_figure_has_its_alternative_text(report_app: Flask, lang: str,
                                                   alt: str) -> None:
    # PDF/UA-1 7.3 and WCAG 1.1.1: WeasyPrint takes it from the SVG's <title> (issue 19)
    data = service.render(example_context(*EXAMPLES[0], lang=lang))
    assert _figures(data) == [alt]
