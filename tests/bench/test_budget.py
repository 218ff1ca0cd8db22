"""The budget line of `make bench`: each ratio against the one RESULTS.md recorded, « regressed »
when more than 15 % worse, which way being worse read from the row's target."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import budget, common
from bench.common import Row

GET = "stage page GET under gunicorn, requests/s (p95)"
SAMPLE = """# Benchmark results

2026-11-26 10:11 UTC · 2 cores · Python 3.11.7

| figure | ours | anchor | ratio | target | met |
|---|---|---|---|---|---|
| full roadmap PDF, warm render (median) | 678 ms | Chromium 420 ms | 1.62 × | ≤ 2.0 × | yes |
| render worker memory | 122 MB | 123 MB | -0.8 % | growth ≤ 10 % | yes |
| {GET} | 1,028/s (p95 26 ms) | bare route 6,136/s | 0.20 | ≥ 0.30; p95 ≤ 50 ms | **no** |
| scoring a full diagnostic (score + roadmap), one core | 4,917 /s | — | — | ≥ 2,000 /s | yes |

- requests/s: wrk, 20 connections

## From a completion to a ready PDF

| figure | ours | target | met |
|---|---|---|---|
| completion → PDF ready, median of 20 (worst) | 1314 ms (4906 ms) | 0.5 | ≥ 2 s | **no** |
""".replace("{GET}", GET)
PDF = "full roadmap PDF, warm render (median)"


def row(figure: str, ratio: str) -> Row:
    return Row(figure, "", "", ratio, "")


def test_only_the_first_tables_plain_ratios_with_a_direction_are_recorded() -> None:
    assert budget.recorded(SAMPLE) == {PDF: (1.62, False), GET: (0.20, True)}


@pytest.mark.parametrize(("figure", "now", "expected"), [
    (GET, "0.24", "ok"),  # better
    (GET, "0.18", "ok"),  # 10 % below
    (GET, "0.17", "ok"),  # 15 % below: the tolerance itself
    (GET, "0.16", "regressed"),  # 20 % below
    (PDF, "1.62 ×", "ok"),
    (PDF, "1.85 ×", "ok"),  # 12 % slower against Chromium
    (PDF, "1.95 ×", "regressed"),  # 17 % slower: the inverse ratio is 17 % below
    (PDF, "1.20 ×", "ok"),  # faster
])
def test_a_ratio_more_than_15_percent_worse_has_regressed(figure: str, now: str,
                                                          expected: str) -> None:
    [line] = budget.report([row(figure, now)], budget.recorded(SAMPLE))
    assert line.endswith(f": {expected}")
    assert f"{float(now.rstrip(' ×')):g} now" in line
    assert f"{budget.recorded(SAMPLE)[figure][0]:g} recorded" in line


def test_a_figure_without_a_recorded_ratio_has_no_budget_line() -> None:
    rows = [row("scoring a full diagnostic (score + roadmap), one core", "—"),
            row("a figure added since", "0.5")]
    assert budget.report(rows, budget.recorded(SAMPLE)) == []


def test_writing_the_table_keeps_the_sections_measured_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(SAMPLE, encoding="utf-8")
    monkeypatch.setattr(common, "RESULTS", results)
    common.write([Row(GET, "1,500/s", "bare route 6,000/s", "0.25", "≥ 0.20")], ["a note"])
    text = results.read_text(encoding="utf-8")
    assert budget.recorded(text) == {GET: (0.25, True)}
    assert text.count("## From a completion to a ready PDF") == 1
    assert "- a note" in text and "4,917" not in text


def test_a_full_run_compares_with_the_figures_recorded_before_it_rewrote_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench import __main__ as run

    results = tmp_path / "RESULTS.md"
    results.write_text(SAMPLE, encoding="utf-8")
    monkeypatch.setattr(common, "RESULTS", results)
    monkeypatch.setattr(run, "RESULTS", results)
    monkeypatch.setattr(run, "_parts", lambda quick: {
        "web": lambda: ([Row(GET, "", "", "0.16", "≥ 0.20")], [])})
    run.main([])
    printed = capsys.readouterr().out
    assert f"budget: {GET}: 0.16 now, 0.2 recorded (higher is better): regressed" in printed
    assert budget.recorded(results.read_text(encoding="utf-8")) == {GET: (0.16, True)}
    run.main(["--only", "web"])  # alone: compared, not written
    assert "0.16 now, 0.16 recorded" in capsys.readouterr().out
