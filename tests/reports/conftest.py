"""Report fixtures: one app (no database needed) and its render pool for the whole module."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from parcours import create_app
from parcours.engine import check_answers, evaluate, result_dict
from parcours.reports.context import report_context
from parcours.services.questionnaires import questionnaire

EXAMPLES = Path(__file__).resolve().parents[2] / "questionnaires" / "adoc" / "examples"
WHEN = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def report_app() -> Iterator[Flask]:
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        yield app
    app.extensions["parcours_render_pool"].close()


def example_context(name: str, organisation: str, lang: str | None = None) -> dict[str, Any]:
    """The report context of an example answers file."""
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    q = questionnaire()
    scores, road = evaluate(q, check_answers(q, data["answers"]))
    return report_context(result_dict(q, scores, road, lang or data["lang"]), organisation, WHEN)
