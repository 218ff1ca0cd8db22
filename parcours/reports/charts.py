"""Charts drawn on the server as SVG: no JavaScript, the same drawing on screen and on paper."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Axis:
    """One spoke of the radar: a label, a 0–100 value (None: no data) and a group."""

    label: str
    value: float | None
    group: int = 0


PALETTE = ("#0b5d4b", "#8a4b08", "#3b4cc0", "#7a2862")  # dark enough on white, distinct in grey
# Presentation attributes, not CSS: browsers and WeasyPrint (which does not cascade document
# stylesheets into inline SVG) draw the same thing, and a strict CSP has nothing to refuse.
RING = 'fill="none" stroke="#b9b5ac" stroke-width="1"'
RING_LABEL = 'font-family="sans-serif" font-size="11" fill="#5c6370"'
SPOKE = 'stroke="#d6d3cc" stroke-width="1"'
SHAPE = 'fill="#0b5d4b" fill-opacity="0.18" stroke="#0b5d4b" stroke-width="2.5"'
OUTLINE = 'fill="none" stroke="#0b5d4b" stroke-width="1.5" stroke-dasharray="5 4"'
WIDTH, HEIGHT, RADIUS = 760, 620, 205
CX, CY = WIDTH / 2, HEIGHT / 2


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = RADIUS * max(0.0, min(100.0, value)) / 100
    return CX + r * math.cos(angle), CY + r * math.sin(angle)


def _label(index: int, count: int, axis: Axis, number: int) -> str:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    x = CX + (RADIUS + 18) * math.cos(angle)
    y = CY + (RADIUS + 18) * math.sin(angle)
    anchor = "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")
    lines = textwrap.wrap(f"{number}. {axis.label}", 22)[:3]
    value = "—" if axis.value is None else f"{axis.value:.0f}"
    lines.append(value)
    top = y - (len(lines) - 1) * 7 if abs(math.sin(angle)) < 0.5 else (
        y if math.sin(angle) > 0 else y - (len(lines) - 1) * 14)
    value_weight = ' font-weight="700"'
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{top + i * 14:.1f}"'
        f'{value_weight if i == len(lines) - 1 else ""}>{escape(line)}</tspan>'
        for i, line in enumerate(lines))
    colour = PALETTE[axis.group % len(PALETTE)]
    return (f'<text text-anchor="{anchor}" fill="{colour}" font-family="sans-serif" '
            f'font-size="12.5">{spans}</text>')


def radar(axes: Sequence[Axis], title: str, rings: Sequence[float] = (40, 60, 80, 100),
          outlines: Sequence[Sequence[float | None]] = ()) -> Markup:
    """A radar chart of 0–100 values; `rings` mark the level thresholds; `outlines` are extra
    dashed shapes (for a cohort: mean minus and plus one standard deviation)."""
    count = len(axes)
    if count < 3:
        return Markup("")
    grid = []
    for ring in rings:
        ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                               (_point(i, count, ring) for i in range(count)))
        grid.append(f'<polygon points="{ring_points}" {RING}/>')
        x, y = _point(0, count, ring)
        grid.append(f'<text x="{x + 4:.1f}" y="{y + 12:.1f}" {RING_LABEL}>{ring:.0f}</text>')
    spokes = "".join(
        f'<line x1="{CX}" y1="{CY}" x2="{x:.1f}" y2="{y:.1f}" {SPOKE}/>'
        for x, y in (_point(i, count, 100) for i in range(count)))
    shape = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                     (_point(i, count, axis.value or 0) for i, axis in enumerate(axes)))
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{PALETTE[a.group % len(PALETTE)]}"/>'
        for a, (x, y) in ((a, _point(i, count, a.value or 0)) for i, a in enumerate(axes))
        if a.value is not None)
    labels = "".join(_label(i, count, axis, i + 1) for i, axis in enumerate(axes))
    dashed = "".join(
        f'<polygon {OUTLINE} points="' + " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (_point(i, count, v or 0) for i, v in enumerate(line)))
        + '"/>' for line in outlines)
    return Markup(  # noqa: S704 - labels and title are escaped above; the rest is numbers
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="radar" '
        f'role="img" aria-label="{escape(title)}">'
        f'{"".join(grid)}{spokes}{dashed}<polygon points="{shape}" {SHAPE}/>{dots}{labels}'
        '</svg>'
    )
