"""Issue 27, items 3 and 4 on the results page: under `scoring.higher_is: worse` no « points
forts » and no green bars; a global score on its own scale (`scoring.global_scale`), and the
« Score / 100 » header only when every dimension is on 0–100 (tests/engine/policies,
tests/engine/globals).

Every test runs on SQLite and on PostgreSQL (the `app` fixture)."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
from flask import Flask

from parcours.services.questionnaires import questionnaire

from ..shapes import ROOT, questionnaires_dir
from .participant import Participant

ENGINE = ROOT / "tests" / "engine"
POLICY_ANSWERS = {"q1": "a2", "q2": "a1", "t1": "four", "c1": "yes", "c2": "yes", "c3": "no",
                  "h1": "a2", "h2": "a0", "l1": "a1", "l2": "a2", "g1": "yes"}
GLOBAL_ANSWERS = {"x1": "p2", "x2": "p1", "w1": "p1", "z1": "four", "z2": "yes", "m1": "yes"}


def copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of a test questionnaire of tests/engine with its index edited."""
    folder = Path(shutil.copytree(ENGINE / name, tmp_path / "copies" / name))
    index = folder / "questionnaire.yaml"
    before = index.read_text(encoding="utf-8")
    assert old in before
    index.write_text(before.replace(old, new, 1), encoding="utf-8")
    return folder


def results(app: Flask, tmp_path: Path, folder: Path, answers: dict) -> str:
    app.config["QUESTIONNAIRES_DIR"] = str(questionnaires_dir(tmp_path / "served", folder))
    with app.app_context():
        found = questionnaire(folder.name)
        kinds = {qid: q.type for qid, q in found.questions.items()}
    participant = Participant(app.test_client())
    participant.start(name="Incidences", kind=None, key=folder.name)
    participant.answer_all(answers, kinds)
    return " ".join(html.unescape(participant.complete()).split())


def test_higher_is_worse_names_no_strength_and_paints_no_green(
        app: Flask, tmp_path: Path) -> None:
    folder = copy(tmp_path, "policies", "scoring:\n  hidden: skip\n",
                  "scoring:\n  hidden: skip\n  higher_is: worse\n")
    page = results(app, tmp_path, folder, POLICY_ANSWERS)
    assert "Vos risques maîtrisés" in page and "points forts" not in page
    assert 'class="level-card level-1 worse"' in page
    assert page.count('<progress class="bar worse"') == 2 + 6  # two stages, six dimensions


def test_higher_is_better_keeps_its_strengths(app: Flask, tmp_path: Path) -> None:
    page = results(app, tmp_path, ENGINE / "policies", POLICY_ANSWERS)
    assert "Vos points forts" in page and "worse" not in page


@pytest.mark.parametrize(("policy", "shown"), [
    ("global: pooled\n  global_scale: points", "Score global : 18 / 30"),
    ("global: x\n  global_scale: 3", "Score global : 1,5 / 3"),
    ("global: stages\n  global_scale: percent", "Score global : 59 / 100"),
])
def test_the_global_score_and_the_headers_follow_the_scale(
        app: Flask, tmp_path: Path, policy: str, shown: str) -> None:
    folder = copy(tmp_path, "globals", "global: stages\n  global_scale: percent", policy)
    page = results(app, tmp_path, folder, GLOBAL_ANSWERS)
    assert shown in page
    assert "/ 30 / 100" not in page and "/ 3 / 100" not in page
    # x is on 0–3 and z in points: the table's header does not say « / 100 »
    assert "<th scope=\"col\">Score</th>" in page and "Score / 100" not in page
    assert "1,5 / 3 · Moyen" in page and "14 / 20 · Haut" in page
