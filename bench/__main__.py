"""`python -m bench [--quick]`: run every benchmark, print the table, write bench/RESULTS.md."""

from __future__ import annotations

import sys

from . import collective, dashboard, export, pdf, scoring, web
from .common import write


def main() -> None:
    quick = "--quick" in sys.argv
    rows, notes = pdf.run(repeat=3 if quick else 5, memory_renders=20 if quick else 200)
    for part in (web.run(5.0 if quick else 15.0), scoring.run(1.0 if quick else 3.0),
                 collective.run((5, 30) if quick else (5, 30, 100)),
                 dashboard.run(20 if quick else 100),
                 export.run((4, 12) if quick else (10, 100, 300))):
        rows += part[0]
        notes += part[1]
    print(write(rows, notes, quick))


if __name__ == "__main__":
    main()
