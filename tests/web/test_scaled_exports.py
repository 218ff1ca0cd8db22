"""Issue 27, item 4 on the trainer's side: a questionnaire whose scores are on scales of their
own (tests/engine/globals: x on 0–3, z in points, the global pooled in points) shows them so on
the participant's page, and its CSV export adds, beside each score from 0 to 100 (kept as it
was), its figure on its scale and that scale's maximum. A.D.O.C.'s exports keep their columns
(tests/web/test_exports.py).

Every test runs on SQLite and on PostgreSQL (the `app` fixture)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from flask import Flask

from parcours.engine import check_answers
from parcours.journey import services as journey
from parcours.journey.navigation import progress
from parcours.models import Cohort, Diagnostic, User
from parcours.services import cohorts as membership
from parcours.services.questionnaires import questionnaire
from parcours.trainer.services import create_cohort

from ..shapes import ROOT, questionnaires_dir
from .people import login, user

GLOBALS = ROOT / "tests" / "engine" / "globals"
ANSWERS = {"x1": "p2", "x2": "p1", "w1": "p1", "z1": "four", "z2": "yes", "m1": "yes"}


def test_the_trainer_sees_and_exports_each_score_on_its_scale(app: Flask,
                                                              tmp_path: Path) -> None:
    folder = Path(shutil.copytree(GLOBALS, tmp_path / "copies" / "globals"))
    index = folder / "questionnaire.yaml"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "global: stages\n  global_scale: percent", "global: pooled\n  global_scale: points"),
        encoding="utf-8")
    app.config["QUESTIONNAIRES_DIR"] = str(questionnaires_dir(tmp_path / "served", folder))
    user(app, "f@example.org")
    with app.app_context():
        trainer = User.query.filter_by(email="f@example.org").one()
        group = create_cohort(trainer, "Incidences", None, None, "fr", "globals").public_id
        q = questionnaire("globals")
        for n in range(5):  # the grid shows from five participants on
            d = journey.start(q, f"Service public {n}", None, "fr").diagnostic
            checked = check_answers(q, ANSWERS)
            journey.save_answers(d, checked, set(), progress(q, checked).percent)
            journey.complete(d, q)
            membership.join(d, Cohort.query.filter_by(public_id=group).one())
        public_id = Diagnostic.query.first().public_id
    client = app.test_client()
    login(client, "f@example.org")
    page = client.get(f"/formateur/groupes/{group}/participants/{public_id}"
                      ).get_data(as_text=True)
    assert "18 / 30" in page  # the global, pooled, in points
    assert "1,5 / 3" in page and "14 / 20" in page
    assert "Score / 100" not in page and "/ 30 / 100" not in page
    data = client.get(f"/formateur/groupes/{group}/reponses.csv").data
    book = client.get(f"/formateur/groupes/{group}/codebook.csv").data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    ids = {row[0]: row[1] for row in csv.reader(io.StringIO(book.decode("utf-8-sig")))}
    assert len(rows) == 1 + 5
    found = dict(zip([ids[label] for label in rows[0]], rows[1], strict=True))
    assert (found["score_global"], found["score_global_echelle"],
            found["score_global_max"]) == ("60", "18", "30")
    assert (found["x"], found["x_echelle"], found["x_max"]) == ("50", "1.5", "3")
    assert (found["z"], found["z_echelle"], found["z_max"]) == ("70", "14", "20")
    assert "w_echelle" not in found  # on 0–100: no column of its own
    assert rows[0].index("Score global (sur son échelle)") == rows[0].index("Score global") + 1
    # the cohort's grid: x on 0–3; z in points and the global keep their percent, and say so
    grid = " ".join(client.get(f"/formateur/groupes/{group}/synthese").get_data(as_text=True)
                    .split())
    assert ">1,5 / 3</td>" in grid and ">70</td>" in grid
    assert "un score en points, sur 100." in grid
