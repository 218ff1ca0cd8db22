"""`python -m bench [--quick]`: run every benchmark, print the table, write bench/RESULTS.md."""

from __future__ import annotations

import sys

from . import export, pdf
from .common import write


def main() -> None:
    quick = "--quick" in sys.argv
    rows, notes = pdf.run(repeat=3 if quick else 5, memory_renders=20 if quick else 200)
    more_rows, more_notes = export.run((4, 12) if quick else (10, 100, 300))
    print(write(rows + more_rows, notes + more_notes, quick))


if __name__ == "__main__":
    main()
