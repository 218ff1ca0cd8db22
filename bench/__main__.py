"""`python -m bench [--quick] [--only NAME,…]`: run the benchmarks, print the table and the budget
(each ratio against the one recorded in bench/RESULTS.md), write bench/RESULTS.md.

`--only web,scoring` runs those alone (pdf, web, scoring, collective, dashboard, export), prints
their table and budget, and leaves RESULTS.md as it is.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from . import budget, collective, dashboard, export, pdf, scoring, web
from .common import RESULTS, Row, table, write

Part = tuple[list[Row], list[str]]


def _parts(quick: bool) -> dict[str, Callable[[], Part]]:
    return {
        "pdf": lambda: pdf.run(repeat=3 if quick else 5, memory_renders=20 if quick else 200),
        "web": lambda: web.run(5.0 if quick else 15.0),
        "scoring": lambda: scoring.run(1.0 if quick else 3.0),
        "collective": lambda: collective.run((5, 30) if quick else (5, 30, 100)),
        "dashboard": lambda: dashboard.run(20 if quick else 100),
        "export": lambda: export.run((4, 12) if quick else (10, 100, 300)),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="fewer repeats and smaller cohorts")
    parser.add_argument("--only", default="",
                        help="comma-separated benchmarks to run alone, RESULTS.md untouched")
    args = parser.parse_args(argv)
    parts = _parts(args.quick)
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(only) - set(parts))
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)} (one of {', '.join(parts)})")
    # read before anything is rewritten: the budget compares this run with the last one
    before = budget.recorded(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    rows: list[Row] = []
    notes: list[str] = []
    for name in only or list(parts):
        found, said = parts[name]()
        rows += found
        notes += said
    if only:
        print(table(rows) + "\n\n" + "\n".join(f"- {note}" for note in notes))
    else:
        print(write(rows, notes, args.quick))
    print("\n".join(budget.report(rows, before)) or "budget: no ratio recorded to compare with")


if __name__ == "__main__":
    main()
