"""Scoring a full diagnostic (score + roadmap) on one core: diagnostics per second."""

from __future__ import annotations

import json
import time
from pathlib import Path

from .common import Row

ROOT = Path(__file__).resolve().parents[1]


def run(seconds: float = 3.0) -> tuple[list[Row], list[str]]:
    from parcours.engine import check_answers, evaluate, load

    q = load(ROOT / "questionnaires" / "adoc")
    answer_sets = [check_answers(q, json.loads(path.read_text(encoding="utf-8"))["answers"])
                   for path in sorted((ROOT / "questionnaires/adoc/examples").glob("*.json"))]
    evaluate(q, answer_sets[0])  # plans and conditions warmed
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for answers in answer_sets:
            evaluate(q, answers)
        done += len(answer_sets)
    rate = done / (time.perf_counter() - started)
    return [Row("scoring a full diagnostic (score + roadmap), one core", f"{rate:,.0f} /s",
                "—", "—", "≥ 2,000 /s", rate >= 2000)], []
