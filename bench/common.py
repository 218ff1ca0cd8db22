"""Timing helpers and the results table."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

RESULTS = Path(__file__).parent / "RESULTS.md"


@dataclass
class Row:
    """One line of the table: a figure, ours, its anchor, the ratio and the target."""

    figure: str
    ours: str
    anchor: str
    ratio: str
    target: str
    met: bool | None = None


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of each call."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def table(rows: list[Row]) -> str:
    lines = ["| figure | ours | anchor | ratio | target | met |", "|---|---|---|---|---|---|"]
    for row in rows:
        met = "—" if row.met is None else ("yes" if row.met else "**no**")
        lines.append(f"| {row.figure} | {row.ours} | {row.anchor} | {row.ratio} | {row.target} "
                     f"| {met} |")
    return "\n".join(lines)


def write(rows: list[Row], notes: list[str], quick: bool = False) -> str:
    """Print the table and write bench/RESULTS.md, keeping the sections (`## …`) below its
    table: those benchmarks run alone (bench/storage.py, bench/pdf_ready.py) write them."""
    packages = ", ".join(f"{name} {version(name)}" for name in
                         ("flask", "sqlalchemy", "weasyprint", "playwright"))
    kind = " (quick run: fewer repeats and smaller cohorts)" if quick else ""
    header = (f"# Benchmark results{kind}\n\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · "
              f"{os.cpu_count()} cores · Python {platform.python_version()} · {packages}\n\n")
    body = header + table(rows) + "\n\n" + "\n".join(f"- {note}" for note in notes) + "\n"
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    sections = old.find("\n## ")
    RESULTS.write_text(body + (old[sections:] if sections >= 0 else ""), encoding="utf-8")
    return body
