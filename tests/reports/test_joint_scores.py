"""A joint page reads each partner's scores as its own page shows them: a collective host's
dimensions score the median of its respondents' own (frozen in its snapshot), not the score of
its consolidated answers (issue 25, « one statistic »)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from parcours.engine import load, score
from parcours.reports.joint import Side, _scores
from parcours.services.questionnaires import engine_answers

ADOC = Path(__file__).resolve().parents[2] / "questionnaires" / "adoc"
Q = load(ADOC)
ANSWERS = json.loads((ADOC / "examples" / "association_jeune.json").read_text(
    encoding="utf-8"))["answers"]


def side(results: dict[str, Any], medians: dict[str, float | None]) -> Side:
    snapshot = SimpleNamespace(answers=ANSWERS, results=results, dimension_scores=[
        SimpleNamespace(dimension_id=d, score=v) for d, v in medians.items()])
    return Side(SimpleNamespace(), snapshot)  # type: ignore[arg-type]


def test_a_single_diagnostic_is_scored_from_its_answers() -> None:
    found = _scores(Q, side({"fr": {}}, dict.fromkeys(Q.dimensions, 0.0)))
    assert found == score(Q, engine_answers(Q, ANSWERS))


@pytest.mark.parametrize("median", [0.0, 42.0, 100.0])
def test_a_collective_host_reads_the_medians_its_page_shows(median: float) -> None:
    medians: dict[str, float | None] = dict.fromkeys(Q.dimensions, median)
    found = _scores(Q, side({"fr": {"alignment": {"respondents": 5}}}, medians))
    assert {d: s.score for d, s in found.dimensions.items()} == medians
    assert found.global_score == pytest.approx(median)
    assert all(s.score == pytest.approx(median) for s in found.stages.values())
    assert found.level == Q.level_of(median)
