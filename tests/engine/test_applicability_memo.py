"""`Questionnaire.applicability` remembers its last two answer sets (a page asks it five
times of the same answers): a remembered result is only ever given back for answers equal to
those it was worked out from, however the caller's mappings change afterwards."""

from __future__ import annotations

from parcours.engine import Questionnaire


def test_the_same_answers_give_the_same_result_and_changed_ones_a_new_one(
        adoc: Questionnaire) -> None:
    association = {"profil_type": "association"}
    first = adoc.applicability(association)
    assert adoc.applicability(dict(association)) == first
    association["profil_type"] = "entreprise"  # the same dict, changed after the first call
    company = adoc.applicability(association)
    assert company != first
    assert company == adoc._applicability({"profil_type": "entreprise"})
    assert adoc.applicability({"profil_type": "association"}) == first


def test_a_list_changed_in_place_is_not_taken_for_the_one_remembered(
        adoc: Questionnaire) -> None:
    kinds = ["association"]
    answers = {"profil_type": "association", "profil_partenaires": kinds}
    before = adoc.applicability(answers)
    kinds.append("entreprise")
    after = adoc.applicability(answers)
    assert after[1]["profil_partenaires"] == ["association", "entreprise"]
    assert before[1]["profil_partenaires"] == ["association"]


def test_what_it_returns_may_be_changed_without_changing_what_it_remembers(
        adoc: Questionnaire) -> None:
    answers = {"profil_type": "association"}
    _, shown, _ = adoc.applicability(answers)
    shown["profil_type"] = "entreprise"
    assert adoc.applicability(answers)[1] == {"profil_type": "association"}
    assert adoc.applicability(answers) == adoc._applicability(answers)
