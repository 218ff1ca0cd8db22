"""Consolidating a collective diagnostic (engine/collective.py) against scoring as many single
diagnostics: consolidation scores each respondent once, then the group and each role of three
or more, and ranks every question; it should cost little more than the scorings themselves."""

from __future__ import annotations

import json
from pathlib import Path

from .common import Row, median_ms, timed

ROOT = Path(__file__).resolve().parents[1]
ROLES = ("direction", "conseil", "salaries", "benevoles", "partenaires")


def run(sizes: tuple[int, ...] = (5, 30, 100), repeat: int = 5) -> tuple[list[Row], list[str]]:
    from parcours.engine import check_answers, evaluate, load
    from parcours.engine.collective import Response, consolidate, profile_ids

    q = load(ROOT / "questionnaires" / "adoc")
    examples = [check_answers(q, json.loads(path.read_text(encoding="utf-8"))["answers"])
                for path in sorted((ROOT / "questionnaires/adoc/examples").glob("*.json"))]
    profile = {k: v for k, v in examples[0].items() if k in profile_ids(q)}
    rows = []
    for size in sizes:
        responses = [Response(ROLES[i % len(ROLES)], examples[i % len(examples)])
                     for i in range(size)]
        consolidate(q, profile, responses)  # warmed
        ours = median_ms(timed(lambda r=responses: consolidate(q, profile, r), repeat))
        anchor = median_ms(timed(lambda r=responses: [evaluate(q, x.answers) for x in r],
                                 repeat))
        ratio = ours / anchor
        rows.append(Row(f"consolidating {size} respondents ({len(ROLES)} roles)",
                        f"{ours:.0f} ms", f"{size} single scorings {anchor:.0f} ms",
                        f"{ratio:.2f} ×", "≤ 2.0 ×", ratio <= 2.0))
    return rows, ["collective: the A.D.O.C. example answers in turn, five roles in turn; "
                  "consolidation = every respondent's score, the group's and each role's "
                  "answers and scores, the spreads, the disagreement ranking, the plan and "
                  "the alignment recommendations"]
