"""Adding a question type is a model, an engine entry and a web handler (journey/fields.py):
a toy « scale » type, added that way, is checked, scored, read from a page, echoed, displayed
and drawn, with nothing else changed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any, Literal

import pytest
from jinja2 import ChoiceLoader, DictLoader
from werkzeug.datastructures import MultiDict

from parcours import create_app
from parcours.engine import InvalidAnswer, Questionnaire, check_answer
from parcours.engine.model import QuestionBase, Text
from parcours.engine.questions import QUESTION_TYPES, QuestionType
from parcours.journey import fields
from parcours.journey.blocks import question_html
from parcours.journey.navigation import Page
from parcours.journey.page import save


class ScaleQuestion(QuestionBase):
    """1. The model: a whole number from 1 to `steps`."""

    type: Literal["scale"]
    steps: int = 5


def _check(question: ScaleQuestion, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not 1 <= value <= question.steps:
        raise InvalidAnswer("out_of_range", f"{value!r} is not a step")
    return float(value)


class ScaleHandler(fields.FieldHandler):
    """3. The web handler: the steps are radio buttons; the answer is their number."""

    template = "toy/_scale.html"
    macro = "scale"

    def read(self, question: Any, form: Any) -> fields.Posted:
        posted = super().read(question, form)
        if posted.present and posted.value is not None:
            return fields.Posted(True, int(posted.value)) if str(posted.value).isdigit() \
                else fields.Posted(True, error="not_a_number")
        return posted

    def display(self, question: Any, value: Any, lang: str) -> Any:
        return int(value) if isinstance(value, float) else value


TOY_MACRO = """{% macro scale(q, value, extra, kind, lang, described) -%}
{% for step in range(1, q.steps + 1) %}<input type="radio" name="{{ q.id }}" value="{{ step }}"
{%- if value == step %} checked{% endif %}>{% endfor %}
{%- endmacro %}"""


@pytest.fixture
def scale() -> Iterator[ScaleQuestion]:
    """The toy type registered, for one test; 2. its engine entry goes with it."""
    QUESTION_TYPES["scale"] = QuestionType(_check, lambda q: float(q.steps),
                                           lambda q, v: float(v))
    fields.HANDLERS["scale"] = ScaleHandler()
    yield ScaleQuestion(id="mood", type="scale", text=Text(fr="Humeur ?", en="Mood?"),
                        help=Text(fr="De 1 à 5.", en="From 1 to 5."), dimension="alpha")
    del QUESTION_TYPES["scale"], fields.HANDLERS["scale"]


def with_question(q: Questionnaire, page: Page, question: Any) -> tuple[Questionnaire, Page]:
    """The mini questionnaire with `question` replacing `note` on its main page."""
    section = page.section.model_copy(update={"questions": tuple(
        question if old.id == "note" else old for old in page.section.questions)})
    questions = {qid: old for qid, old in q.questions.items() if qid != "note"}
    return (dataclasses.replace(q, questions={**questions, question.id: question}),
            dataclasses.replace(page, section=section))


def test_the_engine_checks_the_toy_type(scale: ScaleQuestion) -> None:
    assert check_answer(scale, 3) == 3.0
    with pytest.raises(InvalidAnswer):
        check_answer(scale, 9)


def test_a_page_with_the_toy_type_is_saved_echoed_and_displayed(
        scale: ScaleQuestion, mini: Questionnaire, main_page: Page) -> None:
    q, page = with_question(mini, main_page, scale)
    form = MultiDict([("questions", "a1,mood"), ("revisions", ""), ("a1", "all"),
                      ("mood", "4")])
    saved = save(q, page, form, {"kind": "asso"}, {}, "fr")
    assert saved.changes == {"a1": "all", "mood": 4.0} and not saved.errors
    assert fields.display_values(q, saved.answers, "fr")["mood"] == 4
    bad = save(q, page, MultiDict([("questions", "mood"), ("mood", "9")]), {}, {}, "fr")
    assert bad.errors == {"mood": ("out_of_range", 9)} and bad.values["mood"] == "9"


def test_the_toy_type_is_drawn_by_its_own_macro(scale: ScaleQuestion) -> None:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app.jinja_loader = ChoiceLoader([app.jinja_loader,  # type: ignore[list-item]
                                     DictLoader({"toy/_scale.html": TOY_MACRO})])
    with app.test_request_context():
        html = str(question_html(scale, "hash", 3, 4, None, None, "fr"))
    assert html.count('type="radio"') == 5 and 'value="4" checked' in html
    assert "Humeur ?" in html and 'id="q-mood"' in html
