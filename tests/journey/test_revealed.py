"""A required question revealed by a condition is never an error before the respondent has seen
it (issue 27, item 4): the page stays, shows it as new, and keeps what was typed. Only a question
the page showed (listed in its hidden field) and left empty is an error.

The questionnaire is tests/questionnaires/chaine: on its first page c1 shows c2, c2 shows c3, c3
shows c4, each required; on its second, u1 (optional) shows u2, which shows u3."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.datastructures import MultiDict

from parcours.engine import Questionnaire, load
from parcours.journey.navigation import Page, pages, shown_questions
from parcours.journey.page import encode_revisions, save

from ..shapes import CHAINE


@pytest.fixture(scope="module")
def chaine() -> Questionnaire:
    return load(CHAINE)


def posted(listed: str, **fields: Any) -> MultiDict[str, Any]:
    data: list[tuple[str, Any]] = [("questions", listed), ("revisions", encode_revisions({}))]
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            data.append((name, item))
    return MultiDict(data)


def page(q: Questionnaire, number: int) -> Page:
    return pages(q)[number - 1]


# listed: what the page showed; fields: what was posted; stored: the answers before;
# new: the questions shown as new; errors: the questions in error and their codes
CASES = [
    ("c1 reveals c2", 1, "c1,c_note", {"c1": "yes"}, {}, ["c2"], {}),
    ("c2 reveals c3", 1, "c1,c2,c_note", {"c1": "yes", "c2": "tous"}, {"c1": "yes"},
     ["c3"], {}),
    ("c3 reveals c4", 1, "c1,c2,c3,c_note", {"c1": "yes", "c2": "tous", "c3": "8"},
     {"c1": "yes", "c2": "tous"}, ["c4"], {}),
    ("a seen c2 left empty is an error", 1, "c1,c2,c_note", {"c1": "yes"}, {"c1": "yes"},
     [], {"c2": "required"}),
    ("a seen c1 left empty is an error, nothing new", 1, "c1,c_note", {"c_note": "x"}, {},
     [], {"c1": "required"}),
    ("a bad number reveals nothing", 1, "c1,c2,c3,c_note",
     {"c1": "yes", "c2": "tous", "c3": "huit"}, {"c1": "yes", "c2": "tous"}, [],
     {"c3": "not_a_number"}),
    ("a seen error and a new question at once", 1, "c1,c_note",
     {"c1": "yes", "c_note": "x" * 2001}, {}, ["c2"], {"c_note": "too_long"}),
    ("c1 = no hides the rest: next page", 1, "c1,c_note", {"c1": "no"}, {}, [], {}),
    ("an optional u1 reveals u2", 2, "u1", {"u1": ["comptes"]}, {"c1": "no"}, ["u2"], {}),
    ("u2 reveals u3", 2, "u1,u2", {"u1": ["comptes"], "u2": "yes"},
     {"c1": "no", "u1": ("comptes",)}, ["u3"], {}),
    ("a seen u2 left empty is an error", 2, "u1,u2", {"u1": ["comptes"]},
     {"c1": "no", "u1": ("comptes",)}, [], {"u2": "required"}),
]


@pytest.mark.parametrize(("number", "listed", "fields", "stored", "new", "errors"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_only_a_question_seen_and_left_empty_is_an_error(
        chaine: Questionnaire, number: int, listed: str, fields: dict[str, Any],
        stored: dict[str, Any], new: list[str], errors: dict[str, Any]) -> None:
    saved = save(chaine, page(chaine, number), posted(listed, **fields), stored, {}, "fr")
    assert {qid: code for qid, (code, _) in saved.errors.items()} == errors
    assert list(saved.new) == new
    assert saved.appeared is bool(new) and saved.stay is bool(new or errors)


def test_the_answers_typed_before_a_new_question_are_written_and_shown_again(
        chaine: Questionnaire) -> None:
    saved = save(chaine, page(chaine, 1), posted("c1,c2,c_note", c1="yes", c2="tous",
                                                 c_note="Une remarque"), {"c1": "yes"}, {}, "fr")
    assert saved.changes == {"c2": "tous", "c_note": "Une remarque"} and not saved.errors
    assert [q.id for q in saved.shown] == ["c1", "c2", "c3", "c_note"]
    assert saved.values["c2"] == "tous" and saved.values["c_note"] == "Une remarque"


def test_a_new_question_that_has_an_answer_already_does_not_hold_the_page(
        chaine: Questionnaire) -> None:
    # c2 was answered earlier, then hidden by c1 = no; c1 = yes again shows it with its answer
    saved = save(chaine, page(chaine, 1), posted("c1,c_note", c1="yes"),
                 {"c1": "no", "c2": "une_personne"}, {}, "fr")
    assert not saved.errors and not saved.stay and saved.next == page(chaine, 2)


def test_a_page_whose_hidden_field_is_missing_holds_nobody_to_a_question(
        chaine: Questionnaire) -> None:
    # no list of what was shown (a hand-made request): nothing was read, nothing was seen,
    # nothing appeared: nothing is an error, and the page is left as it was
    saved = save(chaine, page(chaine, 1), MultiDict([("revisions", "")]), {}, {}, "fr")
    assert not saved.errors and not saved.stay and saved.changes == {}
    assert saved.next == page(chaine, 2)


def test_walking_the_chain_as_a_browser_never_meets_an_error(chaine: Questionnaire) -> None:
    """Answer only what each page shows, submit, and again while new questions appear."""
    wanted = {"c1": "yes", "c2": "tous", "c3": "8", "c4": "Un atelier", "u1": ["comptes"],
              "u2": "yes", "u3": "mensuel"}
    stored: dict[str, Any] = {}
    submits, target = 0, page(chaine, 1)
    while target is not None:
        listed = [q.id for q in shown_questions(chaine, target.section, stored)]
        while True:
            submits += 1
            fields = {qid: wanted[qid] for qid in listed if qid in wanted}
            saved = save(chaine, target, posted(",".join(listed), **fields), stored, {}, "fr")
            assert not saved.errors, (target.section.id, listed, saved.errors)
            stored = saved.answers
            if not saved.stay:
                break
            listed = [q.id for q in saved.shown]
        target = saved.next
    assert submits == 7  # page 1: four submits (c1, c2, c3, c4); page 2: three
    assert set(wanted) <= set(stored)
