"""The group at a glance (issue 31, item 2): the grid, « Je ne sais pas » per participant and per
question, each question's answers, the split by kind, who has not finished; its cost does not
grow with the cohort; every row of the grid it shows is logged."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from parcours.infra.extensions import db
from parcours.models import Answer, Diagnostic

from .test_access_log import rows
from .test_trainer import count_queries
from .workshop import UNSURE, seed


def test_the_grid_shows_each_completed_participant_by_dimension(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    ids = seed(app, group)
    with app.app_context():
        unsure = Diagnostic.query.filter_by(public_id=ids[0]).one()
        dont_know = sum(1 for a in db.session.query(Answer).filter_by(diagnostic_id=unsure.id)
                        if a.value == "dont_know")
    assert dont_know >= 20
    page = client.get(f"/formateur/groupes/{group}/synthese").get_data(as_text=True)
    grid = page.split('class="scores-table grid-table"')[1].split("</table>")[0]
    body = grid.split("<tbody>")[1]
    assert body.count("<tr>") == 10  # the completed ones, not the unfinished
    assert "En route" not in grid
    line = body[body.index("Organisation A"):].split("</tr>")[0]
    assert re.search(rf'data-label="« Je ne sais pas »">{dont_know}</td>', line.replace(
        "&#34;", '"').replace("&laquo;", "«")) or f">{dont_know}</td>" in line
    full = body[body.index("Organisation D"):].split("</tr>")[0]
    assert full.count("heat-") == 14  # a coloured cell per dimension, and the global score
    assert line.count("—") >= 1  # a dimension all « Je ne sais pas » has no score
    # sorted by name, ascending on the first click
    by_name = client.get(f"/formateur/groupes/{group}/synthese?tri=name").get_data(as_text=True)
    names = re.findall(r">(Organisation [A-J])</a>", by_name)
    assert names == sorted(names) and len(names) == 10
    by_unsure = client.get(f"/formateur/groupes/{group}/synthese?tri=dont_know&ordre=desc"
                           ).get_data(as_text=True)
    first = re.findall(r">(Organisation [A-J])</a>", by_unsure)[:UNSURE]
    assert sorted(first) == ["Organisation A", "Organisation B", "Organisation C"]
    # each view of the grid records its rows, like the participants' pages
    assert [r[0] for r in rows(app)].count("results_viewed") == 30


def test_each_question_is_summarised_and_topics_come_first(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    seed(app, group, completed=6, unfinished=3)  # half of the six answer « Je ne sais pas »
    page = client.get(f"/formateur/groupes/{group}/synthese").get_data(as_text=True)
    assert "Question par question" in page
    assert "sujets d'atelier : la moitié du groupe ou plus ne sait pas" in page
    topic = page.split('class="notice topics"')[1].split("</div>")[0]
    assert "3 « Je ne sais pas » sur 6" in topic
    summary = page.split('class="question-summary')[1].split("</div>")[0]
    assert summary.count("<li") >= 2 and "%" in summary
    # profile: the kind question, six answers among three kinds
    assert "Par type d'organisation" in page
    kinds = page.split('class="scores-table kinds-table"')[1].split("</table>")[0]
    assert "Association</th><td>2</td><td>1</td>" in kinds
    assert "moins de cinq" in kinds  # no mean for a kind of fewer than five
    unfinished = page.split('id="unfinished-title"')[1].split("</section>")[0]
    assert unfinished.count("En route") == 3 and "% des réponses" in unfinished


def test_the_overview_costs_the_same_queries_whatever_the_cohort(
        app: Flask, trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    seed(app, group, completed=5, unfinished=1)
    url = f"/formateur/groupes/{group}/synthese"
    few = count_queries(app, client, url)
    seed(app, group, completed=12, unfinished=4)
    many = count_queries(app, client, url)
    assert many == few, "a query per participant"
    # and the group's figures, read again while nothing changed, come from memory
    again = count_queries(app, client, url)
    assert again < many
