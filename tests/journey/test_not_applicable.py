"""The journey skips the questions an organisation's own answers make « Non concerné »
(`not_applicable_if`), as it skips hidden ones: an organisation with no partner is never asked how
it governs or evaluates its partnerships."""

from __future__ import annotations

from pathlib import Path

import pytest

from parcours.engine import check_answers, load
from parcours.journey.navigation import neighbour, page_of, progress, review, shown_questions

ADOC = load(Path(__file__).resolve().parents[2] / "questionnaires" / "adoc")
GOVERNANCE = "gestion_gouvernance_section"
NOT_ASKED = {"gestion_evaluation_realisee", "gestion_evaluation_methode", "gestion_donnees_impact",
             "gestion_communication_conjointe"}


def answers_with(partners: float) -> dict:
    # the same organisation but for its number of active partners (none: « sans_partenaire »)
    return check_answers(ADOC, {"profil_type": "association",
                                "profil_partenaires": ["associations"],
                                "modele_nombre_partenaires": partners})


@pytest.mark.parametrize(("partners", "asked"), [(0, False), (3, True)])
def test_the_governance_page_is_skipped_without_a_partner(partners: float, asked: bool) -> None:
    answers = answers_with(partners)
    governance = page_of(ADOC, GOVERNANCE)
    assert governance is not None
    assert bool(shown_questions(ADOC, governance.section, answers)) is asked
    before = page_of(ADOC, "gestion_competences_section")
    assert before is not None and before.number + 1 == governance.number
    following = neighbour(ADOC, before, answers, 1)
    assert following is not None and (following.section.id == GOVERNANCE) is asked
    left = {item.question.id for item in review(ADOC, answers)}
    assert bool(NOT_ASKED & left) is asked  # nothing to review that was not asked
    # eight questions fewer to answer: the four of governance, three of evaluation, one joint
    assert progress(ADOC, answers_with(3)).total - progress(ADOC, answers).total == (
        0 if asked else 8)
