"""The budget line of `make bench`: each ratio of this run against the one recorded in
bench/RESULTS.md by the last run, « regressed » when it is more than 15 % worse.

Ratios, not times: each is measured against an anchor in the same run, so a busy machine moves
both sides of it. The recorded figures are read before the run rewrites the file. Which way is
worse comes from the row's target: « ≥ 0.30 » (a share of a bare route's requests: lower is
worse), « ≤ 2.0 × » (a multiple of Chromium's time: higher is worse); a row whose target says
neither, or whose ratio is not a plain number, has no budget.
"""

from __future__ import annotations

import re

from .common import Row

TOLERANCE = 0.15  # a ratio more than 15 % worse than the recorded one has regressed
_NUMBER = re.compile(r"^\s*(-?[0-9][0-9,]*(?:\.[0-9]+)?)\s*×?\s*$")


def _ratio(text: str) -> float | None:
    found = _NUMBER.match(text)
    return float(found.group(1).replace(",", "")) if found else None


def _higher_is_better(target: str) -> bool | None:
    text = target.strip()
    if text.startswith("≥"):
        return True
    if text.startswith("≤"):
        return False
    return None


def recorded(results: str) -> dict[str, tuple[float, bool]]:
    """Figure → (ratio, whether higher is better), from the first table of a RESULTS.md."""
    found: dict[str, tuple[float, bool]] = {}
    for line in results.splitlines():
        if found and not line.startswith("|"):
            break  # the end of the first table: the sections below are measured alone
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 5 or cells[0] in ("figure", "---"):
            continue
        ratio, higher = _ratio(cells[3]), _higher_is_better(cells[4])
        if ratio is not None and higher is not None:
            found[cells[0]] = (ratio, higher)
    return found


def verdict(now: float, before: float, higher: bool) -> str:
    """« regressed » when `now` is more than 15 % worse than `before`, else « ok »."""
    if higher:
        worse = now < before * (1 - TOLERANCE)
    else:  # a multiple of the anchor's time: worse by 15 % is the inverse 15 % lower
        worse = now * (1 - TOLERANCE) > before
    return "regressed" if worse else "ok"


def report(rows: list[Row], before: dict[str, tuple[float, bool]]) -> list[str]:
    """One line per ratio that was recorded: this run's, the recorded one, and the verdict."""
    lines = []
    for row in rows:
        now = _ratio(row.ratio)
        if now is None or row.figure not in before:
            continue
        then, higher = before[row.figure]
        lines.append(f"budget: {row.figure}: {now:g} now, {then:g} recorded "
                     f"({'higher' if higher else 'lower'} is better): {verdict(now, then, higher)}")
    return lines
