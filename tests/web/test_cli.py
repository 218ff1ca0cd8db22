"""`flask parcours validate | score | export`, through Click's runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from flask.testing import FlaskCliRunner

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "questionnaires" / "adoc" / "examples"
MINI = ROOT / "tests" / "engine" / "mini"


def test_validate_accepts_the_shipped_questionnaires(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["parcours", "validate"])
    assert result.exit_code == 0, result.output
    assert "adoc 3.0.0 OK" in result.output


def test_validate_reports_file_line_and_exits_1(runner: FlaskCliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "mini"
    shutil.copytree(MINI, broken)
    stage = broken / "stage.yaml"
    stage.write_text(stage.read_text(encoding="utf-8").replace(
        "        weight: 2\n", "        wieght: 2\n"), encoding="utf-8")
    result = runner.invoke(args=["parcours", "validate", str(broken)])
    assert result.exit_code == 1
    line = next(i for i, text in enumerate(stage.read_text().splitlines(), 1) if "wieght" in text)
    assert f"stage.yaml:{line}: section 'main_section', question 'a2': unknown key 'wieght'" \
        in result.output


def test_score_prints_scores_levels_and_roadmap(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["parcours", "score", str(EXAMPLES / "association_jeune.json")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["questionnaire"]["key"] == "adoc"
    assert {"global", "stages", "roadmap", "strengths", "coverage"} <= set(data)
    assert data["roadmap"][0]["because"].startswith("Parce que")


def test_score_in_english(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["parcours", "score", "--lang", "en",
                                 str(EXAMPLES / "association_jeune.json")])
    data = json.loads(result.output)
    assert data["lang"] == "en" and data["roadmap"][0]["because"].startswith("Because")


def test_score_names_the_question_of_a_bad_answer(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"questionnaire": "adoc", "answers": {
        "profil_type": "cooperative", "nope": 1}}), encoding="utf-8")
    result = runner.invoke(args=["parcours", "score", str(path)])
    assert result.exit_code == 1
    assert "question 'profil_type': 'cooperative' is not one of the options" in result.output
    assert "unknown question 'nope'" in result.output


def test_score_refuses_a_file_that_is_not_json(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(b"\xff{not json")
    result = runner.invoke(args=["parcours", "score", str(path)])
    assert result.exit_code == 1
    assert "not a JSON file" in result.output


def test_export_prints_the_questionnaire(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["parcours", "export", "adoc", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["key"] == "adoc" and len(data["content_hash"]) == 64
    question = data["stages"][0]["sections"][0]["questions"][0]
    assert {"id", "type", "options", "text", "help"} <= set(question)
    assert data["recommendations"][0]["rules"][0]["when"]


def test_export_of_an_unknown_questionnaire_fails(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["parcours", "export", "nope"])
    assert result.exit_code == 1 and "unknown questionnaire 'nope'" in result.output
