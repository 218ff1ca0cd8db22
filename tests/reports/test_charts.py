"""The radar draws with SVG attributes only: the same picture in browsers and in WeasyPrint,
which does not cascade document stylesheets into inline SVG (a class-styled radar came out
as a black disc in the PDF)."""

from __future__ import annotations

import math
import re

import pytest

from parcours.reports.charts import PALETTE, Axis, Point, colour, level_rings, line_chart, radar
from parcours.reports.labels import CX, CY, RADIUS, Box, label_boxes, text_width


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


def _circle_clear(box: Box, radius: float) -> bool:
    """Whether a box stays outside the chart's disc (the nearest point of the box is beyond it)."""
    nearest_x = min(max(CX, box.x), box.x + box.width)
    nearest_y = min(max(CY, box.y), box.y + box.height)
    return math.hypot(nearest_x - CX, nearest_y - CY) >= radius


TITLES = {
    "fr": ["Comprendre les enjeux", "Une vision partagée", "Ancrage territorial",
           "Innovation sociétale et démarches sectorielles", "Richesses humaines",
           "Ressources financières", "Alliances stratégiques", "Agir ensemble",
           "Méthodes et outils", "Données et évaluation", "Compétences et exemples",
           "Gouvernance des alliances", "Communication et médias"],
    "en": ["Understanding the stakes", "A shared vision", "Territorial roots",
           "Societal innovation and sector-wide approaches", "People and skills",
           "Financial resources", "Strategic alliances", "Acting together",
           "Methods and tools", "Data and evaluation", "Skills and examples",
           "Governance of alliances", "Communication and media"],
}


@pytest.mark.parametrize("lang", TITLES)
@pytest.mark.parametrize("count", range(3, 21))
def test_labels_never_overlap_each_other_nor_the_chart(lang: str, count: int) -> None:
    titles = (TITLES[lang] * 2)[:count]
    axes = [Axis(title, 100.0 * (i % 5) / 4, i % 4) for i, title in enumerate(titles)]
    boxes = label_boxes(axes)
    for i, a in enumerate(boxes):
        assert _circle_clear(a, RADIUS), (i, a)
        for j, b in enumerate(boxes[i + 1:], start=i + 1):
            assert not a.overlaps(b), (count, i, j, a, b)
    svg = str(radar(axes, "t"))
    left, top, width, height = (float(v) for v in re.search(
        r'viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"', svg).groups())
    for box in boxes:  # every label inside the drawing
        assert left <= box.x and box.x + box.width <= left + width
        assert top <= box.y and box.y + box.height <= top + height


def test_the_two_labels_that_overlapped_in_english_are_apart() -> None:
    # « 8. Acting together7. Strategic alliances » on the page and in the PDF (issue 12)
    axes = [Axis(title, 50.0, 0) for title in TITLES["en"]]
    boxes = label_boxes(axes)
    assert not boxes[6].overlaps(boxes[7], pad=4.0)


def test_the_radar_has_a_title_for_its_alternative_text() -> None:
    # WeasyPrint takes a figure's /Alt from the SVG's <title> (PDF/UA, WCAG 1.1.1)
    svg = str(radar([Axis("A", 1), Axis("B", 2), Axis("C", 3)], "Score <de> chaque"))
    assert "<title>Score &lt;de&gt; chaque</title>" in svg


def _contrast_on_white(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_rings_sit_at_the_level_thresholds_whatever_their_number() -> None:
    assert level_rings([0, 40, 60, 80]) == (40, 60, 80, 100)
    assert level_rings([0, 45, 70]) == (45, 70, 100)
    assert level_rings([0, 37.5]) == (37.5, 100)
    svg = str(radar([Axis("A", 10), Axis("B", 20), Axis("C", 30)], "t",
                    rings=level_rings([0, 37.5, 70]), decimal=","))
    labels = re.findall(r'font-size="14" fill="#5c6370">([^<]+)</text>', svg)
    assert labels == ["37,5", "70", "100"]
    assert svg.count("<polygon") == 3 + 1  # a ring per threshold, and the shape


def test_each_stage_has_a_colour_dark_enough_for_text_on_white() -> None:
    assert PALETTE[:4] == ("#0b5d4b", "#8a4b08", "#3b4cc0", "#7a2862")  # A.D.O.C. as before
    assert len(set(PALETTE)) == len(PALETTE) == 8
    for found in PALETTE:
        assert _contrast_on_white(found) >= 4.5, found
    assert [colour(n) for n in range(10)] == [*PALETTE, PALETTE[0], PALETTE[1]]  # cycles


def test_the_fifth_stage_is_drawn_in_its_own_colour() -> None:
    axes = [Axis(f"D{n}", 50, n) for n in range(6)]
    svg = str(radar(axes, "t"))
    for n in range(6):
        assert f'fill="{PALETTE[n]}"' in svg


def test_a_line_chart_needs_two_points() -> None:
    assert line_chart([], "t", "d") == ""
    assert line_chart([Point("1 mars", 40.0)], "t", "d") == ""


def test_a_line_chart_says_what_it_shows_and_escapes_its_words() -> None:
    svg = str(line_chart([Point("<1 mars>", 26.0), Point("10 mars", 59.5, 1),
                          Point("20 mars", 100.0)], "Score & co", "26 puis 60",
                         ["Parcours <A>", "Flash"]))
    assert 'role="img"' in svg and 'aria-labelledby="line-chart-title line-chart-desc"' in svg
    assert "<title id=\"line-chart-title\">Score &amp; co</title>" in svg
    assert "<desc id=\"line-chart-desc\">26 puis 60</desc>" in svg
    assert "&lt;1 mars&gt;" in svg and "Parcours &lt;A&gt;" in svg and "Flash" in svg
    assert svg.count("<polyline") == 1  # the first series has two points, the second one
    assert svg.count("<circle") == 3
    assert ">60</text>" in svg and ">100</text>" in svg  # each point's score, half up
    # every drawn y stays inside the drawing, a score of 100 and its label included
    height = float(re.search(r'viewBox="0 0 \d+ (\d+)"', svg).group(1))
    assert all(0 <= float(y) <= height for y in re.findall(r' (?:y|cy|y1|y2)="([\d.-]+)"', svg))


def test_two_series_each_drawn_apart_with_a_legend_inside_the_drawing() -> None:
    axes = [Axis(f"Dimension {n}", 20 * n, 0, f"{20 * n} · {100 - 20 * n}") for n in range(1, 5)]
    long_name = "Association des habitants du quartier de la Gare et des environs"
    svg = str(radar(axes, "A <et> B", second=[80, 60, None, 20], legend=["A & fils", long_name]))
    assert svg.count("<polygon") == 4 + 2  # rings, then one shape per series
    assert 'stroke-dasharray="9 5"' in svg  # the second series dashed: apart in grey too
    assert svg.count("<rect") == 3  # its three known values marked
    assert "A &amp; fils" in svg and "A &lt;et&gt; B" in svg
    assert "20 · 80" in svg  # both figures under a label
    left, top, width, height = (float(v) for v in
                                re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    legend_y = max(float(y) for y in re.findall(r'<text x="[^"]+" y="([^"]+)"', svg))
    assert legend_y < top + height
    assert left + width >= left + 8 + 54 + text_width(long_name)


def test_a_dimension_without_a_score_is_a_gap_not_a_zero() -> None:
    """Issue 26: no point and no vertex at the centre for « — »; the outline joins the others,
    and the note under the chart says why."""
    svg = str(radar([Axis("A", 50), Axis("B", None), Axis("C", 90), Axis("D", 70)], "t",
                    outlines=[[40, None, 80, 60]], second=[30, None, 20, 10],
                    note="— : pas de score"))
    polygons = re.findall(r"<polygon\b[^>]*>", svg)
    shapes = [re.search(r'points="([^"]+)"', p).group(1) for p in polygons
              if 'stroke="#b9b5ac"' not in p]  # not the rings
    assert len(shapes) == 3  # the scores, the previous outline, the second series
    for points in shapes:
        assert len(points.split()) == 3, points  # four axes, one without a score
        assert f"{CX:.1f},{CY:.1f}" not in points  # never drawn at the centre
    assert svg.count("<circle") == 3
    assert "— : pas de score</text>" in svg
