"""Where a radar's labels go: the chart's geometry, each label measured in the PDF's font,
wrapped, set beyond the end of its spoke, then moved apart until none overlaps another or the
chart, whatever the language or the number of axes (charts.py draws them)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Axis:
    """One spoke of the radar: a label, a 0–100 value (None: no data) and a group."""

    label: str
    value: float | None
    group: int = 0
    shown: str | None = None  # the figure under the label, when not the value (two series)


WIDTH, HEIGHT, RADIUS = 760, 620, 205
CX, CY = WIDTH / 2, HEIGHT / 2


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
