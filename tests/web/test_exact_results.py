"""Issue 27 on the results page: a score near a threshold printed with the decimals it needs
(tests/engine/exact), a score on its own scale and a derived score (tests/engine/policies).

Every test runs on SQLite and on PostgreSQL (the `app` fixture)."""

from __future__ import annotations

import html
from pathlib import Path

from flask import Flask

from parcours.services.questionnaires import questionnaire

from ..shapes import ROOT, questionnaires_dir
from .participant import Participant

EXACT = ROOT / "tests" / "engine" / "exact"
POLICIES = ROOT / "tests" / "engine" / "policies"


def _results(app: Flask, tmp_path: Path, key: str, answers: dict) -> str:
    app.config["QUESTIONNAIRES_DIR"] = str(questionnaires_dir(tmp_path / "served", EXACT,
                                                              POLICIES))
    with app.app_context():
        kinds = {qid: q.type for qid, q in questionnaire(key).questions.items()}
    participant = Participant(app.test_client())
    participant.start(name="Bornes", kind=None, key=key)
    participant.answer_all(answers, kinds)
    return " ".join(html.unescape(participant.complete()).split())


def test_a_practice_at_one_out_of_three_shows_the_decimals_of_its_level(
        app: Flask, tmp_path: Path) -> None:
    page = _results(app, tmp_path, "exact", {"p1": "full", "p2": "none", "p3": "none",
                                             "i1": "p41", "i2": "no"})
    assert "33,33 / 100 · Deux" in page  # 1.0 / 3 reaches the level at 33.33
    assert "24,6 / 100 · Zéro" in page  # 41 / 167: below 25, never printed « 25 »


def test_scores_on_their_own_scale_and_a_derived_score(app: Flask, tmp_path: Path) -> None:
    page = _results(app, tmp_path, "policies", {
        "q1": "a2", "q2": "a1", "t1": "four", "c1": "yes", "c2": "yes", "c3": "no",
        "h1": "a2", "h2": "a0", "l1": "a1", "l2": "a2", "g1": "yes"})
    assert "1,5 / 3 · Moyen" in page  # 50 %: on 0–3
    assert "4 / 15 · Faible" in page  # t2, hidden, counts zero against its 5 points
    assert "Incidence finale : 23 / 100 · Faible" in page  # 26.67 × 0.85, the level's source
