"""The cohort overview's PDF, a workshop handout (issue 31, item 2): a full first page, a radar
whose labels print at 8 pt or more, the grid on a page of its own (landscape)."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from parcours.services.questionnaires import questionnaire

from ..reports.pdftext import reader, squash
from .workshop import seed


def label_sizes(page: object, words: set[str]) -> list[float]:
    """The printed size (pt) of each piece of text on `page` that is one of `words`."""
    sizes: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip() and text.strip() in words:
            scale = (abs(tm[0] * cm[0] + tm[1] * cm[2]) ** 2
                     + abs(tm[0] * cm[1] + tm[1] * cm[3]) ** 2) ** 0.5
            sizes.append(size * scale)

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return sizes


def test_the_overview_pdf_is_a_workshop_handout(app: Flask,
                                                trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    seed(app, group)
    response = client.get(f"/formateur/groupes/{group}/synthese.pdf")
    assert response.status_code == 200
    if os.environ.get("KEEP_PDF"):
        Path(os.environ["KEEP_PDF"]).write_bytes(response.data)
    pdf: PdfReader = reader(response.data)
    pages = [page.extract_text() or "" for page in pdf.pages]
    # page 1: the group, its levels and its radar; not a heading over a blank page
    assert len(squash(pages[0])) > 600, pages[0]
    with app.app_context():
        titles = {str(d.title.get("fr")) for d in questionnaire().dimensions.values()}
    words = {w for t in titles for w in t.split() if len(w) > 3}
    sizes = label_sizes(pdf.pages[0], words)
    assert len(sizes) >= 10, "the radar's labels are not on page 1"
    assert min(sizes) >= 8.0 - 0.05, sorted(sizes)[:5]
    # the grid: a page of its own, in landscape
    grid = [n for n, text in enumerate(pages)
            if squash("Chaque participant, dimension par dimension") in squash(text)]
    assert len(grid) == 1
    box = pdf.pages[grid[0]].mediabox
    assert float(box.width) > float(box.height)
    # nobody agreed to be named to the group: the handout's grid names no one
    assert "Organisation J" not in pages[grid[0]] and "non nommée" in pages[grid[0]]
    assert "Question par question" not in pages[grid[0]]
    assert squash("Moyenne du groupe par dimension") not in squash(pages[grid[0]])
    assert any(squash("Question par question") in squash(p) for p in pages[grid[0] + 1:])
