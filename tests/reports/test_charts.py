"""The radar draws with SVG attributes only: the same picture in browsers and in WeasyPrint,
which does not cascade document stylesheets into inline SVG (a class-styled radar came out
as a black disc in the PDF)."""

from __future__ import annotations

import re

from parcours.reports.charts import Axis, radar


def test_the_radar_needs_no_stylesheet() -> None:
    svg = str(radar([Axis("Un <b>", 50, 0), Axis("Deux", None, 1), Axis("Trois", 90, 2)],
                    "Titre", outlines=[[40, None, 80]]))
    shapes = re.findall(r"<(polygon|line|circle)\b[^>]*>", svg)
    assert shapes, "nothing drawn"
    for tag in re.finditer(r"<(polygon|line)\b([^>]*)>", svg):
        assert "stroke=" in tag.group(2), tag.group(0)
    for tag in re.finditer(r"<polygon\b([^>]*)>", svg):
        assert "fill=" in tag.group(1), tag.group(0)  # else a polygon is filled black
    assert "<style" not in svg and 'class="' not in svg.replace('class="radar"', "")
    assert "Un &lt;b&gt;" in svg and "—" in svg  # escaped label; no data shown as a dash


def test_three_axes_at_least() -> None:
    assert str(radar([Axis("A", 1), Axis("B", 2)], "t")) == ""
