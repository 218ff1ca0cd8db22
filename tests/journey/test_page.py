"""The page save as a pure function: posted form + questionnaire + stored answers → outcome."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from parcours.engine import Questionnaire
from parcours.journey.navigation import Page, pages
from parcours.journey.page import decode_revisions, encode_revisions, save

SHOWN = "a1,a2,a3,b1,b3,note"


def posted(revisions: dict[str, int] | None = None, listed: str = SHOWN,
           **fields: Any) -> MultiDict[str, Any]:
    data: list[tuple[str, Any]] = [("questions", listed),
                                   ("revisions", encode_revisions(revisions or {}))]
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            data.append((name, item))
    return MultiDict(data)


def test_valid_answers_are_written_and_the_next_page_is_the_review(
        mini: Questionnaire, main_page: Page) -> None:
    saved = save(mini, main_page, posted(a1="some", a2="yes", a3="12", b1=["x", "y"]),
                 {"kind": "asso"}, {"kind": 1}, "fr")
    assert saved.changes == {"a1": "some", "a2": "yes", "a3": 12.0, "b1": ("x", "y")}
    assert not saved.errors and not saved.stay and saved.next is None  # last page: review
    assert saved.answers["kind"] == "asso" and saved.cleared == set()


def test_a_question_the_page_did_not_show_is_left_alone(mini: Questionnaire,
                                                        main_page: Page) -> None:
    saved = save(mini, main_page, posted(listed="a1", a1="most", a2="no"),
                 {"kind": "asso", "a2": "yes"}, {"kind": 1, "a2": 1}, "fr")
    assert saved.changes == {"a1": "most"} and saved.answers["a2"] == "yes"


def test_a_bad_number_is_an_error_shown_as_typed_and_the_rest_is_saved(
        mini: Questionnaire, main_page: Page) -> None:
    saved = save(mini, main_page, posted(a1="all", a3="douze"), {"kind": "asso"}, {}, "fr")
    assert saved.errors == {"a3": ("not_a_number", None)} and saved.stay
    assert saved.values["a3"] == "douze" and saved.changes == {"a1": "all"}


def test_an_answer_out_of_range_names_its_value(mini: Questionnaire, main_page: Page) -> None:
    saved = save(mini, main_page, posted(a3="1 000"), {"kind": "asso"}, {}, "en")
    assert saved.errors == {"a3": ("out_of_range", 1000.0)} and saved.changes == {}


def test_an_answer_changed_in_another_tab_is_kept_and_flagged(mini: Questionnaire,
                                                              main_page: Page) -> None:
    stored = {"kind": "asso", "a1": "most", "a3": 7.5}
    saved = save(mini, main_page, posted({"a1": 1}, a1="none", a3="8"), stored,
                 {"kind": 1, "a1": 2, "a3": 1}, "fr")
    assert saved.errors == {"a1": ("conflict", None), "a3": ("conflict", None)}
    assert saved.values["a1"] == "most" and saved.values["a3"] == "7,5"  # the reader's notation
    assert saved.changes == {}


def test_the_same_answer_from_a_stale_page_is_no_conflict(mini: Questionnaire,
                                                          main_page: Page) -> None:
    saved = save(mini, main_page, posted({}, a1="most"), {"kind": "asso", "a1": "most"},
                 {"kind": 1, "a1": 3}, "fr")
    assert not saved.errors and saved.changes == {}


def test_emptied_text_and_checkboxes_are_cleared(mini: Questionnaire, main_page: Page) -> None:
    stored = {"kind": "asso", "note": "hello", "b1": ("x",)}
    saved = save(mini, main_page, posted({"note": 1, "b1": 1}, note="  "), stored,
                 {"kind": 1, "note": 1, "b1": 1}, "fr")
    assert saved.cleared == {"note", "b1"} and "note" not in saved.answers


def test_a_special_answer_beside_a_typed_one_is_an_error(mini: Questionnaire,
                                                         main_page: Page) -> None:
    saved = save(mini, main_page, posted(a3="4", a3__special="not_applicable"),
                 {"kind": "asso"}, {}, "fr")
    assert saved.errors == {"a3": ("special_combined", None)}


def test_a_required_question_left_empty_is_an_error_but_the_rest_is_saved(
        mini: Questionnaire) -> None:
    first = pages(mini)[0]
    saved = save(mini, first, posted(listed="kind,partners", partners=["none"]), {}, {}, "fr")
    assert saved.errors == {"kind": ("required", None)} and saved.stay
    assert saved.changes == {"partners": ("none",)}


def test_later_and_previous(mini: Questionnaire, main_page: Page) -> None:
    stored = {"kind": "asso"}
    assert save(mini, main_page, posted(action="later"), stored, {}, "fr").later
    back = save(mini, main_page, posted(action="previous"), stored, {}, "fr")
    assert back.next == pages(mini)[0] and not back.same
    first = save(mini, pages(mini)[0], posted(listed="kind", action="previous", kind="firm"),
                 {}, {}, "fr")
    assert first.same and first.changes == {"kind": "firm"}


def test_revisions_survive_their_hidden_field_and_garbage_reads_as_none() -> None:
    assert decode_revisions(encode_revisions({"a1": 3, "b1": 1})) == {"a1": 3, "b1": 1}
    assert decode_revisions("a1:x,b1:-1,,c:12345678901") == {}
