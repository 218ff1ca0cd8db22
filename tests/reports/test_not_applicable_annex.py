"""The answers annex of an organisation with no partner: the partnership governance and evaluation
questions it was not asked read « Non concerné — vous n'avez pas encore de partenaire »."""

from __future__ import annotations

import json

import pytest
from flask import Flask

from parcours.engine import check_answers, evaluate, result_dict
from parcours.reports import service
from parcours.reports.context import report_context
from parcours.services.questionnaires import questionnaire

from .conftest import EXAMPLES, WHEN
from .pdftext import squash, text

WHY = {"fr": "Non concerné — vous n'avez pas encore de partenaire",
       "en": "Not applicable — you have no partner yet"}


def context(lang: str) -> dict:
    """The young association of the examples, had it no partner yet."""
    data = json.loads((EXAMPLES / "association_jeune.json").read_text(encoding="utf-8"))
    answers = {**data["answers"], "profil_partenaires": ["aucun"], "modele_nombre_partenaires": 0}
    q = questionnaire()
    scores, road = evaluate(q, check_answers(q, answers))
    return report_context(result_dict(q, scores, road, lang), "Les Amis du Quartier", WHEN)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_annex_says_why_a_question_was_not_asked(report_app: Flask, lang: str) -> None:
    found = context(lang)
    rows = {row["id"]: row for stage in found["result"]["annex"] for row in stage["questions"]}
    for qid in ("gestion_evaluation_realisee", "gestion_gouvernance_formalisation",
                "gestion_communication_conjointe"):
        assert rows[qid]["status"] == "not_applicable" and rows[qid]["answer"] == WHY[lang]
    html = service.render_html(found)
    assert html.count(WHY[lang].replace("'", "&#39;")) == 8
    assert squash(WHY[lang]) in squash(text(service.render(found)))
