"""Names per level where participants agreed to be seen (issue 31, item 2): the overview (page
and PDF, a workshop handout) names the organisations of each level whose participant ticked the
box on its results page, and only counts the others."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from ..conftest import csrf_token
from ..reports.pdftext import squash, text
from .people import diagnostic
from .test_cohort_reference import FILES
from .workshop import joined_participant


def test_only_those_who_agreed_are_named_per_level(app: Flask,
                                                   trainer: tuple[FlaskClient, str]) -> None:
    client, group = trainer
    browser = app.test_client()
    participant = joined_participant(app, browser, group)  # « Les Amis du Quartier »
    for n in range(4):
        diagnostic(app, f"Discrète {n}", group, FILES[n % 3])
    results = browser.get(f"/d/{participant.public_id}/resultats").get_data(as_text=True)
    assert 'id="named-in-group"' in results and 'id="named-in-group" checked' not in results
    overview = f"/formateur/groupes/{group}/synthese"
    page = client.get(overview).get_data(as_text=True)
    named = page.split('class="named-levels"')[1].split("</ul>")[0]
    assert "Les Amis du Quartier" not in named and "Discrète" not in named
    assert "non nommée" in named
    # the participant agrees: named under its level, the others still only counted
    browser.post(f"/d/{participant.public_id}/groupe/nom",
                 data={"csrf_token": csrf_token(results), "named": "1"})
    page = client.get(overview).get_data(as_text=True)
    named = page.split('class="named-levels"')[1].split("</ul>")[0]
    assert "Les Amis du Quartier" in named and "Discrète" not in named
    pdf = squash(text(client.get(overview + ".pdf").data))
    # a handout: the names of those who agreed, in the list per level and in the grid, only
    assert squash("Les Amis du Quartier") in pdf and "Discrète" not in pdf
    assert squash("Organisation non nommée") in pdf
    # and takes it back
    results = browser.get(f"/d/{participant.public_id}/resultats").get_data(as_text=True)
    assert 'id="named-in-group" checked' in results
    browser.post(f"/d/{participant.public_id}/groupe/nom",
                 data={"csrf_token": csrf_token(results)})
    page = client.get(overview).get_data(as_text=True)
    assert "Les Amis du Quartier" not in page.split('class="named-levels"')[1].split("</ul>")[0]
