"""Organisations as a trainer would meet them, and what their roadmap must never do.

Each persona is a profile plus a habit of answering (« mostly the second option »). The tests
assert properties a Le RAMEAU trainer would check, not lists of ids: a plan sized to the
organisation's means, at most three essential actions, nothing that presumes what the profile
says is missing, no grant or donation for a company, foundations before steering for beginners,
reasons that read well in French and in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from parcours.engine import Questionnaire, check_answers, evaluate, load, result_dict
from parcours.engine.roadmap import facts_for

from .conftest import ADOC
from .levels import answer_at
from .reading import assert_reading_order

Q = load(ADOC)


@dataclass
class Persona:
    """An organisation: its profile, its usual level of practice, and a few particular answers."""

    name: str
    profile: dict[str, Any]
    habit: list[int]  # cycled over the scored questions, so answers vary as they do in life
    special: dict[str, Any] = field(default_factory=dict)

    def answers(self, q: Questionnaire) -> dict[str, Any]:
        found: dict[str, Any] = dict(self.profile)
        scored = [question for question in q.questions.values() if question.dimension]
        for n, question in enumerate(scored):
            found[question.id] = answer_at(question, self.habit[n % len(self.habit)])
        found.update(self.special)
        return check_answers(q, found)


NO_PARTNER = {"profil_partenaires": ["aucun"]}
PERSONAS = [
    Persona("club de handball, bénévoles seulement",
            {"profil_type": "association", "profil_taille": "micro",
             "profil_secteur": "culture_sport", "profil_partenaires": ["collectivites"],
             "profil_experience": "moins_2_ans", "profil_objectif": "faire_le_point"},
            [1, 0, 1, 1, 2, 0]),
    Persona("jeune association sans partenaire",
            {"profil_type": "association", "profil_taille": "petite",
             "profil_secteur": "social_sante", "profil_experience": "jamais",
             "profil_objectif": "preparer_partenariat", **NO_PARTNER},
            [0, 1, 0, 1], {"modele_nombre_partenaires": 0.0}),
    Persona("groupe de 12 000 salariés avec une direction RSE",
            {"profil_type": "entreprise", "profil_taille": "grande",
             "profil_partenaires": ["associations", "collectivites"],
             "profil_formes_partenariat": ["mecenat", "pratiques_responsables"],
             "profil_experience": "plus_5_ans", "profil_objectif": "structurer"},
            [2, 1, 2, 2, 1]),
    Persona("coopérative mature qui mène deux alliances",
            {"profil_type": "autre", "profil_taille": "moyenne",
             "profil_partenaires": ["associations", "entreprises", "collectivites"],
             "profil_formes_partenariat": ["cooperation_economique", "innovation_societale"],
             "profil_experience": "plus_5_ans", "profil_objectif": "partager"},
            [3, 3, 2, 3]),
    Persona("mairie de 6 000 habitants",
            {"profil_type": "collectivite", "profil_taille": "micro",
             "profil_partenaires": ["associations"], "profil_experience": "deux_cinq_ans",
             "profil_objectif": "structurer"},
            [1, 2, 1, 2, 0]),
    Persona("PME sans partenaire",
            {"profil_type": "entreprise", "profil_taille": "petite",
             "profil_formes_partenariat": ["pas_encore"], "profil_experience": "jamais",
             "profil_objectif": "preparer_partenariat", **NO_PARTNER},
            [0, 1, 1, 0], {"modele_nombre_partenaires": 0.0}),
    Persona("fédération nationale",
            {"profil_type": "association", "profil_taille": "grande",
             "profil_partenaires": ["associations", "entreprises", "collectivites",
                                    "fondations_etablissements_publics"],
             "profil_formes_partenariat": ["mecenat"], "profil_experience": "plus_5_ans"},
            [2, 2, 3, 2, 1]),
    Persona("conseil départemental",
            {"profil_type": "collectivite", "profil_taille": "grande",
             "profil_partenaires": ["associations", "entreprises", "collectivites"],
             "profil_experience": "plus_5_ans"},
            [3, 2, 3, 3]),
    Persona("association exemplaire, bénévoles seulement",
            {"profil_type": "association", "profil_taille": "micro",
             "profil_partenaires": ["associations", "entreprises", "collectivites"],
             "profil_formes_partenariat": ["mecenat", "innovation_societale"],
             "profil_experience": "plus_5_ans"},
            [3]),
    Persona("entreprise exemplaire",
            {"profil_type": "entreprise", "profil_taille": "moyenne",
             "profil_partenaires": ["associations", "collectivites"],
             "profil_formes_partenariat": ["mecenat", "cooperation_economique"],
             "profil_experience": "plus_5_ans"},
            [3]),
]
IDS = [p.name for p in PERSONAS]


CASES = {p.name: (p, *evaluate(Q, p.answers(Q)), p.answers(Q)) for p in PERSONAS}


def cases(where: Any = lambda persona, scores, answers: True) -> Any:
    """The personas a property applies to, as a parametrize mark (none may be left out)."""
    chosen = [name for name, (persona, scores, _, answers) in CASES.items()
              if where(persona, scores, answers)]
    assert chosen, "no persona for this property"
    return pytest.mark.parametrize("case", [CASES[name] for name in chosen], ids=chosen)


def _texts(road: Any, lang: str) -> list[str]:
    return [f"{(i.title or i.recommendation.title).get(lang)} "
            f"{(i.description or i.recommendation.description).get(lang)}"
            for i in road.selected]


@cases()
def test_the_plan_is_sized_to_the_organisation(case) -> None:
    persona, scores, road, answers = case
    bound = Q.index.roadmap.sizes[persona.profile["profil_taille"]]
    assert Q.index.roadmap.min_actions <= len(road.main) <= bound


@cases()
def test_at_most_three_actions_are_essential_and_they_come_first(case) -> None:
    _, _, road, _ = case
    flags = [item.essential for item in road.selected]
    first = min(3, len(road.main))
    assert flags == [True] * first + [False] * (len(flags) - first)


@cases()
def test_actions_are_numbered_in_reading_order_own_kind_among_the_first_three(case) -> None:
    _, scores, road, _ = case
    assert [item.rank for item in road.selected] == list(range(1, len(road.selected) + 1))
    assert_reading_order(Q, road, scores.level)


@cases()
def test_nothing_presumes_what_the_profile_says_is_missing(case) -> None:
    _, scores, road, _ = case
    facts = facts_for(scores)
    for item in road.selected:
        presumes = Q.presumes.get(item.recommendation.id)
        assert presumes is None or presumes(facts), item.recommendation.id


FIRST_PARTNER = {"premier_partenaire", "qualifier_premier_partenaire", "reseaux_locaux_partenaires"}


@cases(lambda persona, scores, answers: Q.holds("sans_partenaire", answers))
def test_without_a_partner_the_plan_finds_one_and_never_speaks_of_one(case) -> None:
    _, _, road, _ = case
    for text in _texts(road, "fr"):
        for presumed in ("principal partenaire", "chaque partenaire", "votre partenaire ",
                         "vos partenaires actuels"):
            assert presumed not in text, text
    assert FIRST_PARTNER & {item.recommendation.id for item in road.main[:3]}
    evaluating = {"evaluer_partenariat", "convention_type", "comite_pilotage", "contrat_alliance"}
    assert not evaluating & {item.recommendation.id for item in road.selected}


@cases(lambda persona, scores, answers: Q.holds("benevoles_seulement", answers))
def test_a_volunteer_only_association_never_reads_of_employees(case) -> None:
    _, _, road, _ = case
    reasons = {lang: [reason.get(lang) for item in road.selected for reason in item.reasons]
               for lang in ("fr", "en")}
    for text in _texts(road, "fr") + reasons["fr"]:
        assert "salarié" not in text, text
    for text in _texts(road, "en") + reasons["en"]:
        assert "employee" not in text and "staff" not in text, text


@cases(lambda persona, scores, answers: answers.get("profil_type") == "entreprise")
def test_a_company_is_never_sent_to_grants_donations_or_crowdfunding(case) -> None:
    _, _, road, _ = case
    for text in _texts(road, "fr"):
        lowered = text.lower()
        for word in ("subvention", "financement participatif", "appel aux dons",
                     "collecte de dons", "dons de particuliers"):
            assert word not in lowered, text


@cases(lambda persona, scores, answers: scores.level == 1)
def test_beginners_start_with_the_foundations(case) -> None:
    _, _, road, _ = case
    phases = [item.recommendation.phase for item in road.main]
    assert phases[0] == "comprendre"
    assert "piloter" not in phases and "essaimer" not in phases


@cases(lambda persona, scores, answers: (scores.level or 0) >= 3)
def test_mature_organisations_get_a_full_plan_of_their_own(case) -> None:
    _, _, road, _ = case
    assert len(road.main) >= 5
    assert any(item.recommendation.phase == "essaimer" for item in road.main)


DECIMAL_POINT = re.compile(r"\d\.\d")


@cases()
def test_reasons_read_well_in_both_languages(case) -> None:
    _, scores, road, answers = case
    for lang in ("fr", "en"):
        result = result_dict(Q, scores, road, lang)
        for item in result["roadmap"] + result["other_recommendations"]:
            for reason in item["reasons"]:
                assert "(s)" not in reason, reason
                if lang == "fr":
                    assert not DECIMAL_POINT.search(reason), reason
                quoted = re.findall(r"« ([^»]+) »" if lang == "fr" else r"“([^”]+)”", reason)
                questions = [text for text in quoted if text.endswith("?")]
                assert len(questions) == len(set(questions)), reason


def test_the_personas_cover_kinds_sizes_and_levels() -> None:
    seen = [(p.profile["profil_type"], p.profile["profil_taille"],
             evaluate(Q, p.answers(Q))[0].level) for p in PERSONAS]
    assert {kind for kind, _, _ in seen} == {"association", "entreprise", "collectivite", "autre"}
    assert {size for _, size, _ in seen} == {"micro", "petite", "moyenne", "grande"}
    assert {level for _, _, level in seen} == {1, 2, 3, 4}
