"""What an alliance partner can learn of the other's answers (issue 30, M2): the joint page's
divergences are those of the day the link was confirmed. A partner that completes its own
diagnostic again and again with extreme answers, to read the other's answers question by
question, sees the same divergences every time: it learns nothing beyond its first view."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from parcours.engine import check_answers, joint, score
from parcours.journey import services as journey
from parcours.journey.navigation import progress
from parcours.models import Diagnostic
from parcours.services.questionnaires import engine_answers, questionnaire

from ..reports.pdftext import flat, text
from .test_alliances import Side, link, pair, plain  # noqa: F401 - `pair` is a fixture


def _section(html: str) -> str:
    """The joint page's « Là où vos visions divergent », as read."""
    found = re.search(r'<section class="joint-diverge".*?</section>', html, re.S)
    assert found, "the joint page has its divergences section"
    return plain(found.group(0))


def _pdf_section(data: bytes) -> str:
    words = flat(text(data))
    return words.split("Là où vos visions divergent", 1)[1].split(
        "Vos prochaines étapes communes", 1)[0]


def _extremes(app: Flask, round_number: int) -> dict[str, Any]:
    """Every single-choice and yes/no question of the shared vision at one end of its scale:
    the highest, the lowest, then alternating ends, question by question."""
    with app.app_context():
        q = questionnaire()
    answers: dict[str, Any] = {}
    vision = [question for section in q.scored_stages[0].sections
              for question in section.questions]
    for n, question in enumerate(vision):
        high = round_number % 2 == 0 if round_number < 2 else (n + round_number) % 2 == 0
        if question.type == "yesno":
            answers[question.id] = "yes" if high else "no"
        elif question.type == "single":
            ranked = sorted(question.options, key=lambda o: o.points or 0)  # type: ignore[union-attr]
            answers[question.id] = (ranked[-1] if high else ranked[0]).value
    return answers


def _complete_again(app: Flask, side: Side, answers: dict[str, Any]) -> list[str]:
    """`side` reopens its diagnostic, gives `answers` and completes it again; the questions on
    which the two would diverge now, read live (what the page showed before M2)."""
    with app.app_context():
        q = questionnaire()
        mine = Diagnostic.query.filter_by(public_id=side.public_id).one()
        journey.reopen(mine)
        checked = check_answers(q, {**mine.answer_map(), **answers})
        journey.save_answers(mine, checked, set(), progress(q, checked).percent)
        journey.complete(mine, q)
        scores = []
        for diagnostic in Diagnostic.query.filter(Diagnostic.host_id.is_(None)).order_by(
                Diagnostic.id):
            scores.append(score(q, engine_answers(q, diagnostic.latest_snapshot().answers)))
        return [d.question for d in joint.pair(q, *scores).divergences[:joint.SHOWN]]


def test_completing_again_with_extreme_answers_learns_nothing_of_the_partners_answers(
        app: Flask, pair: tuple[Side, Side]) -> None:  # noqa: F811
    victim, attacker = pair
    public_id = link(victim, attacker)
    first = _section(attacker.client.get(f"/alliance/{public_id}").get_data(as_text=True))
    first_pdf = _pdf_section(attacker.client.get(
        f"/alliance/{public_id}/regards-croises.pdf").data)
    assert "Sur ces questions" in first  # the first view has divergences to show
    live_views = set()
    for round_number in range(6):
        live_views.add(tuple(_complete_again(app, attacker, _extremes(app, round_number))))
        page = attacker.client.get(f"/alliance/{public_id}")
        assert page.status_code == 200
        assert _section(page.get_data(as_text=True)) == first, round_number
        # the victim's page says the same: neither side's answers moved on the page
        assert _section(victim.client.get(f"/alliance/{public_id}").get_data(
            as_text=True)) == first
    # the attack had something to learn: live, its six rounds would have shown other questions
    assert len(live_views) > 1
    assert _pdf_section(attacker.client.get(
        f"/alliance/{public_id}/regards-croises.pdf").data) == first_pdf
