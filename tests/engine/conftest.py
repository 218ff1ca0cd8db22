"""Engine fixtures: no app, no database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parcours.engine import Questionnaire, load

MINI = Path(__file__).parent / "mini"
ADOC = Path(__file__).resolve().parents[2] / "questionnaires" / "adoc"


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    """The small test questionnaire of tests/engine/mini."""
    return load(MINI)


@pytest.fixture(scope="session")
def adoc() -> Questionnaire:
    """The shipped A.D.O.C. questionnaire."""
    return load(ADOC)


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A copy of the mini questionnaire that a test may break."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def with_recommendations(folder: Path, name: str, text: str) -> Questionnaire:
    """The mini questionnaire copied in `folder` with one more recommendations file, loaded."""
    (folder / name).write_text(text, encoding="utf-8")
    index = folder / "questionnaire.yaml"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "recommendations: [recos.yaml]", f"recommendations: [recos.yaml, {name}]"),
        encoding="utf-8")
    return load(folder)
