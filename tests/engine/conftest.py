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
