"""Charts drawn on the server as SVG: no JavaScript, the same drawing on screen and on paper."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Axis:
    """One spoke of the radar: a label, a 0–100 value (None: no data) and a group."""

    label: str
    value: float | None
    group: int = 0
    shown: str | None = None  # the figure under the label, when not the value (two series)


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
OUTLINE = 'fill="none" stroke="#0b5d4b" stroke-width="1.5" stroke-dasharray="5 4"'
# the spread of a collective diagnostic: between Q1 and Q3 of the respondents' own scores
BAND = 'fill="#8a4b08" fill-opacity="0.22" fill-rule="evenodd" stroke="#8a4b08" stroke-width="1"'
# a second series (two partners face to face): another colour, and dashed, so that the two
# shapes stay apart in grey too
SECOND = "#8a4b08"
SHAPE_2 = (f'fill="{SECOND}" fill-opacity="0.12" stroke="{SECOND}" stroke-width="2.5" '
           'stroke-dasharray="9 5"')
LEGEND_ROW = 30
WIDTH, HEIGHT, RADIUS = 760, 620, 205
CX, CY = WIDTH / 2, HEIGHT / 2


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


@dataclass
class Box:
    """A label's box on the chart: its top-left corner, size and lines."""

    x: float
    y: float
    width: float
    height: float
    lines: list[str]
    anchor: str  # where the text starts within the box: start, middle or end

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        """Whether two boxes (grown by `pad`) share any area."""
        return not (self.x + self.width + pad <= other.x or other.x + other.width + pad <= self.x
                    or self.y + self.height + pad <= other.y
                    or other.y + other.height + pad <= self.y)


FONT_SIZE, LINE_HEIGHT, LABEL_WIDTH, GAP = 14.0, 16.5, 160.0, 14.0
# Advance widths in ems of DejaVu Sans, the PDF's font and a wide one among screen sans-serifs:
# measuring with it over-estimates other fonts a little, which only adds room.
_NARROW, _WIDE = set("iljtfr.,;:'!|()[] "), set("mwMW@%")


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """The drawn width of a line of text, in the chart's units."""
    ems = 0.0
    for char in text:
        if char in _NARROW:
            ems += 0.36
        elif char in _WIDE:
            ems += 0.92
        elif char.isupper() or char.isdigit():
            ems += 0.70
        else:
            ems += 0.62
    return ems * size


def _wrap(text: str, limit: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}") <= limit:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines[:4]


def label_boxes(axes: Sequence[Axis]) -> list[Box]:
    """Where each axis's label goes: beyond the end of its spoke, boxes measured and moved
    apart until none overlaps another or the chart, whatever the language or number of axes."""
    count, boxes = len(axes), []
    for index, axis in enumerate(axes):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = CX + (RADIUS + GAP) * cos, CY + (RADIUS + GAP) * sin
        value = axis.shown if axis.shown is not None else (
            "—" if axis.value is None else f"{axis.value:.0f}")
        lines = [*_wrap(f"{index + 1}. {axis.label}", LABEL_WIDTH), value]
        width = max(text_width(line) for line in lines)
        height = len(lines) * LINE_HEIGHT
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        left = x - width / 2 if anchor == "middle" else (x if anchor == "start" else x - width)
        top = y - height / 2 if abs(sin) < 0.5 else (y if sin > 0 else y - height)
        boxes.append(Box(left, top, width, height, lines, anchor))
    _separate(boxes)
    return boxes


def _centre(box: Box) -> tuple[float, float]:
    return box.x + box.width / 2 - CX, box.y + box.height / 2 - CY


def _clear_of_chart(box: Box) -> None:
    """Slide a box away from the centre until it no longer covers the chart: sideways for a
    label beside it, up or down for one centred above or below it."""
    limit = RADIUS + GAP / 2
    nearest_x = min(max(CX, box.x), box.x + box.width) - CX
    nearest_y = min(max(CY, box.y), box.y + box.height) - CY
    if math.hypot(nearest_x, nearest_y) >= limit:
        return
    dx, dy = _centre(box)
    if box.anchor == "middle":  # above or below the chart
        box.y = (CY + math.sqrt(max(0.0, limit ** 2 - nearest_x ** 2)) if dy >= 0 else
                 CY - math.sqrt(max(0.0, limit ** 2 - nearest_x ** 2)) - box.height)
        return
    reach = math.sqrt(max(0.0, limit ** 2 - nearest_y ** 2))
    if dx >= 0:
        box.x = CX + reach
    else:
        box.x = CX - reach - box.width


def _separate(boxes: list[Box], pad: float = 4.0) -> None:
    """Push overlapping labels apart, always away from the centre (down below it, up above it,
    sideways for labels side by side), then clear of the chart: each move only ever takes a
    label further out, so a few rounds settle twenty axes."""
    for box in boxes:
        _clear_of_chart(box)
    for _ in range(400):
        moved = False
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                if not a.overlaps(b, pad):
                    continue
                moved = True
                (ax, ay), (bx, by) = _centre(a), _centre(b)
                side_by_side = abs(ay - by) < abs(ax - bx) and ax * bx <= 0
                if side_by_side:  # left of the centre goes left, right goes right
                    left, right = (a, b) if ax < bx else (b, a)
                    overlap = left.x + left.width + pad - right.x
                    centred = abs(_centre(left)[0]) < 1, abs(_centre(right)[0]) < 1
                    left.x -= 0 if centred[0] else overlap if centred[1] else overlap / 2
                    right.x += 0 if centred[1] else overlap if centred[0] else overlap / 2
                elif ay + by >= 0:  # below the centre: the lower one goes down
                    upper, lower = (a, b) if ay <= by else (b, a)
                    lower.y = upper.y + upper.height + pad
                    _clear_of_chart(lower)
                else:  # above: the upper one goes up
                    upper, lower = (a, b) if ay <= by else (b, a)
                    upper.y = lower.y - pad - upper.height
                    _clear_of_chart(upper)
        if not moved:
            return


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
          description: str | None = None) -> Markup:
    """A radar chart of 0–100 values; `rings` mark the level thresholds (see `level_rings`),
    each labelled with its value (`decimal` the reader's decimal mark); `outlines` are extra
    dashed shapes (for a cohort: mean minus and plus one standard deviation); `second` is a
    second series drawn over the first (two partners), `legend` names the series below;
    `band` a shaded ring per axis from its low to its high value (a collective diagnostic's
    Q1–Q3), and `description` the text alternative that says its figures."""
    count = len(axes)
    if count < 3:
        return Markup("")
    grid = []
    for ring in rings:
        ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                               (_point(i, count, ring) for i in range(count)))
        grid.append(f'<polygon points="{ring_points}" {RING}/>')
        x, y = _point(0, count, ring)
        grid.append(f'<text x="{x + 4:.1f}" y="{y + 12:.1f}" {RING_LABEL}>'
                    f'{_ring_label(ring, decimal)}</text>')
    spokes = "".join(
        f'<line x1="{CX}" y1="{CY}" x2="{x:.1f}" y2="{y:.1f}" {SPOKE}/>'
        for x, y in (_point(i, count, 100) for i in range(count)))
    shape = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                     (_point(i, count, axis.value or 0) for i, axis in enumerate(axes)))
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" '
        f'fill="{colour(0 if second is not None else a.group)}"/>'
        for a, (x, y) in ((a, _point(i, count, a.value or 0)) for i, a in enumerate(axes))
        if a.value is not None)
    if second is not None:
        points = [_point(i, count, v or 0) for i, v in enumerate(second)]
        dots += (f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" '
                 f'{SHAPE_2}/>') + "".join(
            f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{SECOND}"/>'
            for v, (x, y) in zip(second, points, strict=True) if v is not None)
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
    dashed = "".join(
        f'<polygon {OUTLINE} points="' + " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (_point(i, count, v or 0) for i, v in enumerate(line)))
        + '"/>' for line in outlines)
    return Markup(  # noqa: S704 - labels and title are escaped above; the rest is numbers
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{left:.0f} {top:.0f} {right - left:.0f} {bottom - top:.0f}" '
        f'width="{right - left:.0f}" height="{bottom - top:.0f}" class="radar" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        + (f"<desc>{escape(description)}</desc>" if description else "")
        + f'{"".join(grid)}{spokes}{_band(band)}{dashed}<polygon points="{shape}" {SHAPE}/>'
        f'{dots}{labels}{key}</svg>'
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
