"""A joint page reads each partner's scores as its own page shows them: a collective host's
dimensions score the median of its respondents' own (frozen in its snapshot), not the score of
its consolidated answers (issue 25, « one statistic »). And a collective's section never shows
the quartiles of fewer than five scores, even from a snapshot frozen before (issue 30, L4)."""

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


def test_an_old_snapshot_of_three_shows_no_quartile(report_app: Any) -> None:
    from parcours.engine import result_dict
    from parcours.engine.collective import Response, alignment_dict, consolidate
    from parcours.reports.alignment import alignment_context
    others = [json.loads((ADOC / "examples" / name).read_text(encoding="utf-8"))["answers"]
              for name in ("collectivite.json", "entreprise_moyenne.json")]
    profile = engine_answers(Q, ANSWERS)
    found = consolidate(Q, profile, [Response("direction", engine_answers(Q, a))
                                     for a in (ANSWERS, *others)])
    data = alignment_dict(Q, found, "fr")
    # as frozen before bands waited for five: the quartiles of three
    data["spreads"] = [{**s, "low": 10.0, "high": 90.0, "width": 80.0} for s in data["spreads"]]
    result = {**result_dict(Q, found.scores, found.roadmap, "fr"), "alignment": data}
    with report_app.test_request_context():
        shown = alignment_context(result)
    assert shown is not None and shown["small"]
    assert all(s["low"] is None and s["high"] is None for s in shown["spreads"])
    assert "entre 10 et 90" not in str(shown["radar"])
