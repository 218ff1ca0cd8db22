"""Journey fixtures: the page save needs no app and no database."""

from __future__ import annotations

from pathlib import Path

import pytest

from parcours.engine import Questionnaire, load
from parcours.journey.navigation import Page, pages

MINI = Path(__file__).resolve().parents[1] / "engine" / "mini"


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    """The small test questionnaire of tests/engine/mini: a profile page, then a main page."""
    return load(MINI)


@pytest.fixture(scope="session")
def main_page(mini: Questionnaire) -> Page:
    """The second page: a1 (single), a2 (yes/no), a3 (number), b1 (multiple), b2 (firms only),
    b3 (single), note (text)."""
    return pages(mini)[1]
