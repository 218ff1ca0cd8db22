"""The PDF roadmap read back: text, order, pages, metadata, language, structure, determinism."""

from __future__ import annotations

import pytest
from flask import Flask

from parcours.reports import service

from .conftest import example_context
from .pdftext import flat, reader, squash, text

EXAMPLES = [
    ("association_jeune.json", "Les Amis du Quartier"),
    ("entreprise_moyenne.json", "Propreté Services Ouest"),
    ("collectivite.json", "Ville de Saint-Aubin"),
]
_rendered: dict[str, bytes] = {}


def rendered(name: str, organisation: str) -> bytes:
    if name not in _rendered:
        _rendered[name] = service.render(example_context(name, organisation))
    return _rendered[name]


@pytest.mark.parametrize(("name", "organisation"), EXAMPLES)
def test_the_report_has_its_parts_in_order(report_app: Flask, name: str,
                                           organisation: str) -> None:
    context = example_context(name, organisation)
    body = squash(text(rendered(name, organisation)))
    assert squash(organisation) in body
    for stage in context["result"]["stages"]:
        assert squash(stage["title"]) in body
    roadmap = body.index(squash("Votre feuille de route" if context["lang"] == "fr"
                                else "Your roadmap"), body.index(squash(organisation)) + 1)
    roadmap = body.index(squash("Votre feuille de route" if context["lang"] == "fr"
                                else "Your roadmap"), roadmap + 1)  # past the table of contents
    first = context["result"]["roadmap"]
    by_rank = sorted(first, key=lambda item: item["rank"])
    assert by_rank == first
    positions = [body.index(squash(item["title"]), roadmap) for item in first]
    assert positions == sorted(positions)  # numbered 1, 2, 3… in reading order
    assert [item["rank"] for item in first] == list(range(1, len(first) + 1))
    for group in context["plan_groups"]:  # each phase's heading before its actions
        heading = body.index(squash(group["label"]), roadmap)
        assert heading < body.index(squash(group["items"][0]["title"]), roadmap)
    assert squash(first[0]["because"]) in body


@pytest.mark.parametrize(("name", "organisation"), EXAMPLES)
def test_pages_metadata_language_and_tags(report_app: Flask, name: str,
                                          organisation: str) -> None:
    pdf = reader(rendered(name, organisation))
    assert 10 <= len(pdf.pages) <= 25
    assert organisation in pdf.metadata.title
    assert pdf.metadata.author == organisation
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == example_context(name, organisation)["lang"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert pdf.outline, "the report has bookmarks"
    first_page = pdf.pages[0].mediabox
    assert (round(float(first_page.width)), round(float(first_page.height))) == (595, 842)


def test_the_table_of_contents_gives_page_numbers(report_app: Flask) -> None:
    body = text(rendered(*EXAMPLES[0]))
    start = body.index("Sommaire", body.index("Synthèse"))  # after the summary on page 2
    toc = body[start:body.index("Méthode", start) + 40]
    assert "..." in toc and any(ch.isdigit() for ch in toc)
    assert toc.index("Synthèse") < toc.index("Votre feuille de route") < toc.index("Annexe")


def test_footer_says_page_x_of_y(report_app: Flask) -> None:
    data = rendered(*EXAMPLES[1])
    pages = len(reader(data).pages)
    assert f"Page 2 / {pages}" in text(data)


def test_same_input_same_text(report_app: Flask) -> None:
    name, organisation = EXAMPLES[2]
    again = service.render(example_context(name, organisation))
    assert text(again) == text(rendered(name, organisation))


def test_english_report(report_app: Flask) -> None:
    data = service.render(example_context(*EXAMPLES[0], lang="en"))
    body = flat(text(data))
    assert "Your roadmap" in body and "Feuille de route" not in body
    assert reader(data).trailer["/Root"]["/Lang"] == "en"
