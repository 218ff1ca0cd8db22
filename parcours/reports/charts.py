"""Charts drawn on the server as SVG: no JavaScript, the same drawing on screen and on paper.
Where a radar's labels go is labels.py's geometry; this module draws."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from .labels import CX, CY, FONT_SIZE, LINE_HEIGHT, RADIUS, Axis, Box, label_boxes, text_width

__all__ = ["Axis", "Point", "colour", "level_rings", "line_chart", "radar"]


# One colour per stage, cycling beyond eight: each at least 4.5:1 on white (text colour for
# the labels), the first four distinct in grey too (A.D.O.C.'s three levers never needed more).
PALETTE = ("#0b5d4b", "#8a4b08", "#3b4cc0", "#7a2862",
           "#b3261e", "#00677f", "#5b6300", "#4a5a6a")
# Presentation attributes, not CSS: browsers and WeasyPrint (which does not cascade document
# stylesheets into inline SVG) draw the same thing, and a strict CSP has nothing to refuse.
RING = 'fill="none" stroke="#b9b5ac" stroke-width="1"'
RING_LABEL = 'font-family="sans-serif" font-size="14" fill="#5c6370"'
SPOKE = 'stroke="#d6d3cc" stroke-width="1"'
SHAPE = 'fill="#0b5d4b" fill-opacity="0.18" stroke="#0b5d4b" stroke-width="2.5"'
# when a higher score is worse (impact, risk), a large shape is not drawn in reassuring green
WORSE = "#b3261e"
SHAPE_WORSE = f'fill="{WORSE}" fill-opacity="0.14" stroke="{WORSE}" stroke-width="2.5"'
OUTLINE = 'fill="none" stroke="#0b5d4b" stroke-width="1.5" stroke-dasharray="5 4"'
# the spread of a collective diagnostic: between Q1 and Q3 of the respondents' own scores
BAND = 'fill="#8a4b08" fill-opacity="0.22" fill-rule="evenodd" stroke="#8a4b08" stroke-width="1"'
# a second series (two partners face to face): another colour, and dashed, so that the two
# shapes stay apart in grey too
SECOND = "#8a4b08"
SHAPE_2 = (f'fill="{SECOND}" fill-opacity="0.12" stroke="{SECOND}" stroke-width="2.5" '
           'stroke-dasharray="9 5"')
LEGEND_ROW = 30


def colour(group: int) -> str:
    """The colour of a stage's axes and labels (the palette cycles beyond eight stages)."""
    return PALETTE[group % len(PALETTE)]


def level_rings(minimums: Sequence[float]) -> tuple[float, ...]:
    """The radar's rings for levels starting at `minimums`: each threshold above 0, then 100."""
    return (*sorted({float(m) for m in minimums if 0 < m < 100}), 100.0)


def _ring_label(value: float, decimal: str) -> str:
    return f"{value:g}".replace(".", decimal)


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = RADIUS * max(0.0, min(100.0, value)) / 100
    return CX + r * math.cos(angle), CY + r * math.sin(angle)


def _label(box: Box, axis: Axis, neutral: bool = False) -> str:
    """An axis's label, in its group's colour (its stage), or in ink when the colours name
    series (two partners: a label in one partner's colour would read as its own)."""
    x = {"start": box.x, "middle": box.x + box.width / 2, "end": box.x + box.width}[box.anchor]
    last, bold = len(box.lines) - 1, ' font-weight="700"'
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{box.y + (i + 0.8) * LINE_HEIGHT:.1f}"'
        f'{bold if i == last else ""}>{escape(line)}</tspan>'
        for i, line in enumerate(box.lines))
    fill = "#1f2328" if neutral else colour(axis.group)
    return (f'<text text-anchor="{box.anchor}" fill="{fill}" '
            f'font-family="sans-serif" font-size="{FONT_SIZE}">{spans}</text>')


def _band(band: Sequence[tuple[float | None, float | None]]) -> str:
    """The ring between two shapes (low, high per axis), drawn as one even-odd path."""
    count = len(band)
    if not band:
        return ""
    paths = []
    for side in (1, 0):
        points = [_point(i, count, pair[side] or 0) for i, pair in enumerate(band)]
        paths.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z")
    return f'<path class="band" d="{" ".join(paths)}" {BAND}/>'


def radar(axes: Sequence[Axis], title: str, rings: Sequence[float] = (40, 60, 80, 100),
          outlines: Sequence[Sequence[float | None]] = (), decimal: str = ".",
          second: Sequence[float | None] | None = None, legend: Sequence[str] = (),
          band: Sequence[tuple[float | None, float | None]] = (),
          description: str | None = None, note: str | None = None,
          worse: bool = False, ring_labels: Sequence[str] = ()) -> Markup:
    """A radar chart of 0–100 values; `rings` mark the level thresholds (see `level_rings`),
    each labelled with its value (`decimal` the reader's decimal mark); `outlines` are extra
    dashed shapes (for a cohort: mean minus and plus one standard deviation); `second` is a
    second series drawn over the first (two partners), `legend` names the series below;
    `band` a shaded ring per axis from its low to its high value (a collective diagnostic's
    Q1–Q3), and `description` the text alternative that says its figures; `worse`: a higher
    score is worse (impact, risk), the shape is drawn in red rather than green; `ring_labels`
    label the rings in place of their values (on the dimensions' shared scale: « 1 », « 2 »,
    « 3 » for rings at 33.33, 66.66 and 100)."""
    count = len(axes)
    if count < 3:
        return Markup("")
    grid = []
    marks = list(ring_labels) or [_ring_label(ring, decimal) for ring in rings]
    for ring, mark in zip(rings, marks, strict=True):
        ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                               (_point(i, count, ring) for i in range(count)))
        grid.append(f'<polygon points="{ring_points}" {RING}/>')
        x, y = _point(0, count, ring)
        grid.append(f'<text x="{x + 4:.1f}" y="{y + 12:.1f}" {RING_LABEL}>'
                    f"{escape(mark)}</text>")
    spokes = "".join(
        f'<line x1="{CX}" y1="{CY}" x2="{x:.1f}" y2="{y:.1f}" {SPOKE}/>'
        for x, y in (_point(i, count, 100) for i in range(count)))
    # a dimension with no score is a gap in the shape, not a dip to 0: the outline joins the
    # scored ones, its label says « — » and `note` why
    shape = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                     (_point(i, count, axis.value) for i, axis in enumerate(axes)
                      if axis.value is not None))
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" '
        f'fill="{colour(0 if second is not None else a.group)}"/>'
        for a, (x, y) in ((a, _point(i, count, a.value or 0)) for i, a in enumerate(axes))
        if a.value is not None)
    if second is not None:
        points = [_point(i, count, v) for i, v in enumerate(second) if v is not None]
        dots += (f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" '
                 f'{SHAPE_2}/>') + "".join(
            f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{SECOND}"/>'
            for x, y in points)
    boxes = label_boxes(axes)
    labels = "".join(_label(box, axis, second is not None)
                     for box, axis in zip(boxes, axes, strict=True))
    # the drawing grows to hold every label where it had to go
    left = min([CX - RADIUS, *(b.x for b in boxes)]) - 4
    top = min([CY - RADIUS, *(b.y for b in boxes)]) - 4
    right = max([CX + RADIUS, *(b.x + b.width for b in boxes)]) + 4
    bottom = max([CY + RADIUS, *(b.y + b.height for b in boxes)]) + 4
    key = _legend(legend, left + 8, bottom + 8)
    bottom += LEGEND_ROW * len(legend) + (12 if legend else 0)
    right = max([right, *(left + 66 + text_width(name) for name in legend)])
    footnote = ""
    if note:
        footnote = (f'<text x="{left + 8:.1f}" y="{bottom + 18:.1f}" font-family="sans-serif" '
                    f'font-size="{FONT_SIZE}" fill="#5c6370">{escape(note)}</text>')
        bottom += 28
        right = max(right, left + 16 + text_width(note))
    dashed = "".join(
        f'<polygon {OUTLINE} points="' + " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (_point(i, count, v) for i, v in enumerate(line)
                                            if v is not None))
        + '"/>' for line in outlines)
    return Markup(  # noqa: S704 - labels and title are escaped above; the rest is numbers
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{left:.0f} {top:.0f} {right - left:.0f} {bottom - top:.0f}" '
        f'width="{right - left:.0f}" height="{bottom - top:.0f}" class="radar" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        + (f"<desc>{escape(description)}</desc>" if description else "")
        + f'{"".join(grid)}{spokes}{_band(band)}{dashed}<polygon points="{shape}" '
        f'{SHAPE_WORSE if worse else SHAPE}/>'
        f'{dots}{labels}{key}{footnote}</svg>'
    )


def _legend(names: Sequence[str], x: float, top: float) -> str:
    """One row per series: a stroke drawn like its shape, then its name."""
    rows = []
    for i, name in enumerate(names):
        y = top + i * LEGEND_ROW + LEGEND_ROW / 2
        stroke = (f'stroke="{SECOND}" stroke-dasharray="9 5"' if i else 'stroke="#0b5d4b"')
        rows.append(f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 44:.1f}" y2="{y:.1f}" {stroke} '
                    f'stroke-width="4"/><text x="{x + 54:.1f}" y="{y + 6:.1f}" '
                    f'font-family="sans-serif" font-size="{FONT_SIZE}" fill="#1f2328">'
                    f'{escape(name)}</text>')
    return "".join(rows)


@dataclass(frozen=True)
class Point:
    """One score on a line chart: its label on the time axis, a 0–100 value and its series."""

    label: str
    value: float
    series: int = 0


LINE_W, LINE_H, PAD_L, PAD_R, PAD_T, PAD_B = 640, 268, 44, 24, 24, 46
GRID = 'stroke="#d6d3cc" stroke-width="1"'
AXIS_TEXT = 'font-family="sans-serif" font-size="13" fill="#5c6370"'


def line_chart(points: Sequence[Point], title: str, description: str,
               series: Sequence[str] = ()) -> Markup:
    """Scores over time, oldest on the left, evenly spaced (two diagnostics of one day stay
    apart); one line per series (a questionnaire), named in a legend when there are several.
    `title` and `description` are its text alternative (the description lists every point).
    Empty under two points: one score is no line."""
    if len(points) < 2:
        return Markup("")
    plot_w, plot_h = LINE_W - PAD_L - PAD_R, LINE_H - PAD_T - PAD_B
    step = plot_w / (len(points) - 1)

    def x(i: int) -> float:
        return PAD_L + i * step

    def y(value: float) -> float:
        return PAD_T + plot_h * (1 - max(0.0, min(100.0, value)) / 100)

    grid = "".join(
        f'<line x1="{PAD_L}" y1="{y(v):.1f}" x2="{LINE_W - PAD_R}" y2="{y(v):.1f}" {GRID}/>'
        f'<text x="{PAD_L - 6}" y="{y(v) + 4:.1f}" text-anchor="end" {AXIS_TEXT}>{v}</text>'
        for v in (0, 25, 50, 75, 100))
    # every label when they fit, else the first and the last
    every = all(text_width(p.label, 13) < step - 6 for p in points)
    labels = "".join(
        f'<text x="{x(i):.1f}" y="{LINE_H - PAD_B + 20}" '
        f'text-anchor="{"start" if i == 0 else "end" if i == len(points) - 1 else "middle"}" '
        f'{AXIS_TEXT}>{escape(p.label)}</text>'
        for i, p in enumerate(points) if every or i in (0, len(points) - 1))
    lines: list[str] = []
    dots: list[str] = []
    for group in sorted({p.series for p in points}):
        mine = [(x(i), y(p.value)) for i, p in enumerate(points) if p.series == group]
        if len(mine) > 1:
            lines.append(f'<polyline fill="none" stroke="{colour(group)}" stroke-width="2.5" '
                         f'points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in mine)}"/>')
        dots.extend(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="5" fill="{colour(group)}"/>'
                    for a, b in mine)
    values = "".join(  # each point's score, as the table shows it (half up)
        f'<text x="{x(i):.1f}" y="{y(p.value) - 10:.1f}" '
        f'text-anchor="{"start" if i == 0 else "end" if i == len(points) - 1 else "middle"}" '
        f'font-family="sans-serif" font-size="13" font-weight="700" fill="{colour(p.series)}">'
        f'{math.floor(p.value + 0.5)}</text>' for i, p in enumerate(points))
    legend = ""
    height = LINE_H
    if len(series) > 1:
        items = []
        left = float(PAD_L)
        for group, name in enumerate(series):
            items.append(
                f'<line x1="{left:.1f}" y1="{LINE_H + 2}" x2="{left + 22:.1f}" y2="{LINE_H + 2}" '
                f'stroke="{colour(group)}" stroke-width="3"/>'
                f'<text x="{left + 28:.1f}" y="{LINE_H + 7}" font-family="sans-serif" '
                f'font-size="13" fill="{colour(group)}">{escape(name)}</text>')
            left += 28 + text_width(name, 13) + 24
        legend, height = "".join(items), LINE_H + 20
    return Markup(  # noqa: S704 - every text is escaped above; the rest is numbers
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LINE_W} {height}" '
        f'width="{LINE_W}" height="{height}" class="line-chart" role="img" '
        f'aria-labelledby="line-chart-title line-chart-desc">'
        f'<title id="line-chart-title">{escape(title)}</title>'
        f'<desc id="line-chart-desc">{escape(description)}</desc>'
        f'{grid}{labels}{"".join(lines)}{"".join(dots)}{values}{legend}</svg>')
