"""`flask parcours upgrade QUESTIONNAIRE_DIR [--check]` (issue 27, item 5), through Click's
runner: an old folder is rewritten for the current format, `--check` only says so (exit 1), and
bad input gets a clear message and exit 1, never a traceback, with nothing written."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from parcours import warm_up
from parcours.engine.formats import FORMAT

from ..shapes import FORMAT1, questionnaires_dir


def contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.yaml"))}


def test_check_then_upgrade_then_nothing_left(runner: FlaskCliRunner, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(FORMAT1, tmp_path / "questionnaires" / "ancien"))
    before = contents(folder)
    checked = runner.invoke(args=["parcours", "upgrade", str(folder), "--check"])
    assert checked.exit_code == 1, checked.output
    assert "recos.yaml:11: 'medoc' is now 'category' (4 times)" in checked.output
    assert f"format 1 → {FORMAT}: would rewrite questionnaire.yaml, recos.yaml" in checked.output
    assert contents(folder) == before
    upgraded = runner.invoke(args=["parcours", "upgrade", str(tmp_path / "questionnaires")])
    assert upgraded.exit_code == 0, upgraded.output
    assert f"format 1 → {FORMAT}: rewrote questionnaire.yaml, recos.yaml" in upgraded.output
    assert "warning" not in upgraded.output  # validated after the rewrite: nothing to say
    after = contents(folder)
    assert after["recos.yaml"] != before["recos.yaml"] and f"format: {FORMAT}\n".encode() in \
        after["questionnaire.yaml"] and after["stage.yaml"] == before["stage.yaml"]
    again = runner.invoke(args=["parcours", "upgrade", str(folder), "--check"])
    assert again.exit_code == 0 and f"format {FORMAT}, nothing to change" in again.output
    valid = runner.invoke(args=["parcours", "validate", str(folder)])
    assert valid.exit_code == 0 and valid.output.strip().endswith("recommendations)")
    assert "warning" not in valid.output


def test_the_shipped_questionnaires_need_no_upgrade(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["parcours", "upgrade", "questionnaires", "--check"])
    assert result.exit_code == 0, result.output
    assert f"questionnaires/adoc: format {FORMAT}, nothing to change" in result.output


BROKEN = [
    ("missing_folder", None, None, "nowhere: no such folder"),
    ("no_index", "questionnaire.yaml", None, "no questionnaire.yaml here: not a questionnaire "
                                             "folder"),
    ("unreadable_yaml", "recos.yaml", ("  priority: 3\n", "  priority: [3\n"),
     "recos.yaml:38: invalid YAML"),
    ("bad_index_yaml", "questionnaire.yaml", ("key: ancien", "key: [ancien"),
     "questionnaire.yaml:6: invalid YAML"),
    ("newer_format", "questionnaire.yaml", ("key: ancien", "format: 7\nkey: ancien"),
     "questionnaire.yaml:5: format 7 is newer than this app reads"),
    ("not_utf8", "recos.yaml", ("Travailler bêta", "Travailler b\udce9ta"),
     "recos.yaml:1: cannot read file"),
]


@pytest.mark.parametrize(("name", "file", "edit", "message"), BROKEN,
                         ids=[case[0] for case in BROKEN])
def test_bad_input_gets_a_clear_message_and_writes_nothing(
        runner: FlaskCliRunner, tmp_path: Path, name: str, file: str | None,
        edit: tuple[str, str] | None, message: str) -> None:
    folder = Path(shutil.copytree(FORMAT1, tmp_path / "ancien"))
    target = tmp_path / "nowhere" if name == "missing_folder" else folder
    if file is not None and edit is None:
        (folder / file).unlink()
    elif file is not None and edit is not None:
        text = (folder / file).read_text(encoding="utf-8").replace(*edit)
        (folder / file).write_bytes(text.encode("utf-8", "surrogateescape"))
    before = contents(folder)
    for args in ([], ["--check"]):
        result = runner.invoke(args=["parcours", "upgrade", str(target), *args])
        assert result.exit_code == 1, result.output
        assert isinstance(result.exception, SystemExit)  # never a traceback
        assert message in result.output, result.output
        assert "Traceback" not in result.output
    assert contents(folder) == before


def test_the_app_serves_an_old_folder_and_says_so_in_its_log(
        app: Flask, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    app.config["QUESTIONNAIRES_DIR"] = str(questionnaires_dir(tmp_path / "served", FORMAT1))
    with caplog.at_level(logging.WARNING, logger="parcours"):
        warm_up(app)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "format1 is served, but written for an older format" in logged
    assert f"recos.yaml:11: warning: format 1 → {FORMAT}: 'medoc' is now 'category' (4 times)" \
        in logged
    client = app.test_client()
    assert client.get("/commencer/ancien").status_code == 200
