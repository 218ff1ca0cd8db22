"""Issue 26, the PDF's pages: the table of contents no longer stands alone on a page a third
full; the plan starts under it."""

from __future__ import annotations

from flask import Flask

from ..reports.pdftext import flat, reader
from .people import diagnostic, holder


def _fill(page: object) -> float:
    """How far down the page its text goes, between the running header and footer (0 to 1)."""
    heights: list[float] = []

    def seen(text: str, _cm: object, tm: list[float], _font: object, _size: object) -> None:
        if text.strip():
            heights.append(float(tm[5]))

    page.extract_text(visitor_text=seen)  # type: ignore[attr-defined]
    top = float(page.mediabox.top)  # type: ignore[attr-defined]
    body = [y for y in heights if 60 < y < top - 60]  # not the running header nor the footer
    return (top - 60 - min(body)) / (top - 120) if body else 0.0


def test_the_contents_share_their_page_with_the_plan(app: Flask) -> None:
    public_id = diagnostic(app, "Les Amis du Quartier", example_name="association_jeune.json")
    client = holder(app, public_id)
    document = reader(client.get(f"/d/{public_id}/feuille-de-route.pdf").data)
    texts = [flat(page.extract_text() or "") for page in document.pages]
    contents = next(n for n, words in enumerate(texts) if "Sommaire" in words)
    assert "Parce que" in texts[contents]  # the plan's first action is on the same page
    assert _fill(document.pages[contents]) > 1 / 3
