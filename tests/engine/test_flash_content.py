"""The shipped Diagnostic flash: a short first contact that hands its answers to the full parcours.

It loads, it asks one A.D.O.C. question per dimension (the same question, so the answer carries
over), it has three levels, and the organisations one meets at a forum stand get a first plan of
three or four actions that fits them.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings

from parcours.engine import check, check_answers, evaluate, load, result_dict
from parcours.engine.roadmap import facts_for, plan_size

from .conftest import ADOC
from .test_properties import answer_sets

FLASH = ADOC.parent / "flash"
F = load(FLASH)
A = load(ADOC)


def test_the_flash_loads_without_problems() -> None:
    questionnaire, problems = check(FLASH)
    assert questionnaire is not None and problems == [], [str(p) for p in problems]


def test_it_is_short_with_three_levels_and_leads_to_the_full_parcours() -> None:
    assert F.key == "flash" and F.index.estimated_minutes == 10
    assert [level.min for level in F.index.levels] == [0, 40, 65]
    assert F.index.report.layout == "short"
    assert F.index.next is not None and F.index.next.questionnaire == A.key
    settings_ = F.index.roadmap
    assert settings_.min_actions == 3 and max(settings_.sizes.values()) == 4  # two pages
    profile = F.stages[0]
    assert profile.dimensions == ()
    assert 2 <= sum(len(section.questions) for section in profile.sections) <= 4


def test_it_asks_one_question_per_dimension_of_the_full_parcours() -> None:
    assert [stage.id for stage in F.stages] == [stage.id for stage in A.stages]
    assert list(F.dimensions) == list(A.dimensions)
    assert all(len(F.dimension_questions[d]) == 1 for d in F.dimensions)
    assert len([q for q in F.questions.values() if q.dimension]) == 13


def _shape(question: Any) -> tuple[Any, ...]:
    """What an answer to a question means: its type, values and the points they are worth."""
    options = tuple((o.value, o.points, o.exclusive) for o in getattr(question, "options", ()))
    ranges = tuple((r.min, r.max, r.points) for r in getattr(question, "ranges", ()))
    return (question.type, question.dimension, options, ranges,
            getattr(question, "points", None), question.dont_know_allowed,
            question.allow_not_applicable)


def test_every_flash_question_is_an_adoc_question_so_its_answer_carries_over() -> None:
    # the `next` text promises that the answers just given are already in the full parcours
    for qid, question in F.questions.items():
        assert qid in A.questions, f"{qid}: not in A.D.O.C., its answer would be lost"
        assert _shape(question) == _shape(A.questions[qid]), qid
        assert set(question.variants) == set(A.questions[qid].variants), qid


def test_the_named_profiles_it_shares_with_adoc_mean_the_same() -> None:
    none = check_answers(F, {"profil_type": "association", "profil_taille": "micro",
                             "profil_partenaires": ["aucun"]})
    for profile in ("association", "benevoles_seulement", "sans_partenaire"):
        assert F.holds(profile, none) and A.holds(profile, none), profile
    assert not F.holds("avec_partenaires", none)


# --- Organisations met at a forum stand -----------------------------------------------------------

CLUB = {  # a handball club run by volunteers, no partner yet
    "profil_type": "association", "profil_taille": "micro", "profil_partenaires": ["aucun"],
    "vision_enjeux_connaissance": "intuitif", "vision_partage_interne": "non_formalise",
    "vision_territoire_connaissance": "remontees", "vision_innovation_demarche": "reproduction",
    "modele_rh_temps": "aucun", "modele_ressources_visibilite": "annuelle",
    "modele_alliances_nature": "ponctuel", "gestion_methode_partenariat": "improvise",
    "gestion_competences_formation": "aucune",
}
RSE = {  # the CSR team of a 12,000-employee group, with corporate giving to a few associations
    "profil_type": "entreprise", "profil_taille": "grande",
    "profil_partenaires": ["associations", "collectivites"],
    "vision_enjeux_connaissance": "ecrit", "vision_partage_interne": "ecrit",
    "vision_territoire_connaissance": "remontees", "vision_innovation_demarche": "idees",
    "modele_rh_temps": "mission_ecrite", "modele_ressources_visibilite": "annuelle",
    "modele_alliances_nature": "echange", "modele_coconstruction": "consultation",
    "gestion_methode_partenariat": "reproduction", "gestion_evaluation_methode": "informel",
    "gestion_competences_formation": "une_personne",
    "gestion_gouvernance_formalisation": "financier", "gestion_communication_interne": "signature",
}
MAIRIE = {  # a town of 6,000 that subsidises its associations
    "profil_type": "collectivite", "profil_taille": "micro", "profil_partenaires": ["associations"],
    "vision_enjeux_connaissance": "intuitif", "vision_partage_interne": "ecrit",
    "vision_territoire_connaissance": "remontees", "vision_innovation_demarche": "idees",
    "modele_rh_temps": "ponctuel", "modele_ressources_visibilite": "annuelle",
    "modele_alliances_nature": "echange", "modele_coconstruction": "un_porteur",
    "gestion_methode_partenariat": "improvise", "gestion_evaluation_methode": "informel",
    "gestion_competences_formation": "aucune", "gestion_gouvernance_formalisation": "financier",
    "gestion_communication_interne": "signature",
}
COOP = {  # a cooperative with long-standing alliances with the three kinds of actors
    "profil_type": "autre", "profil_taille": "moyenne",
    "profil_partenaires": ["associations", "entreprises", "collectivites"],
    "vision_enjeux_connaissance": "analyse_partagee", "vision_partage_interne": "co_construit",
    "vision_territoire_connaissance": "diagnostic_partage",
    "vision_innovation_demarche": "experimentation", "modele_rh_temps": "organise",
    "modele_ressources_visibilite": "pluriannuelle_partielle",
    "modele_alliances_nature": "alliance",
    "modele_coconstruction": "certaines", "gestion_methode_partenariat": "etapes_ecrites",
    "gestion_evaluation_methode": "indicateurs", "gestion_competences_formation": "plusieurs",
    "gestion_gouvernance_formalisation": "convention_revue",
    "gestion_communication_interne": "equipes_associees",
}
PERSONAS = {"club": CLUB, "rse": RSE, "mairie": MAIRIE, "coop": COOP}


def plan(name: str) -> tuple[Any, Any, dict]:
    answers = check_answers(F, PERSONAS[name])
    return (*evaluate(F, answers), answers)


def ids(road: Any) -> list[str]:
    return [item.recommendation.id for item in road.main]


def texts(road: Any, lang: str = "fr") -> list[str]:
    return [f"{(i.title or i.recommendation.title).get(lang)} "
            f"{(i.description or i.recommendation.description).get(lang)}" for i in road.main]


@pytest.mark.parametrize("name", PERSONAS)
def test_each_persona_answers_only_what_it_is_shown(name: str) -> None:
    answers = check_answers(F, PERSONAS[name])
    assert set(F.visible(answers)) == set(answers)


@pytest.mark.parametrize("name", PERSONAS)
def test_each_persona_gets_three_or_four_actions_that_presume_nothing_missing(name: str) -> None:
    scores, road, answers = plan(name)
    assert 3 <= len(road.main) <= plan_size(F, answers) <= 4
    facts = facts_for(scores)
    for item in road.selected:
        presumes = F.presumes.get(item.recommendation.id)
        assert presumes is None or presumes(facts), item.recommendation.id
    assert all(item.recommendation.category for item in road.selected)


def test_the_volunteer_club_lays_foundations_and_looks_for_a_first_partner() -> None:
    scores, road, _ = plan("club")
    assert scores.level == 1 and len(road.main) == 3
    assert [item.recommendation.phase for item in road.main][0] == "comprendre"
    assert "qualifier_premier_partenaire" in ids(road)
    for text in texts(road) + texts(road, "en"):
        for presumed in ("votre partenaire", "vos partenaires", "chaque partenaire",
                         "principal partenaire", "salarié", "employee", "your partner"):
            assert presumed not in text, text


def test_the_csr_team_moves_from_giving_to_alliance_in_company_words() -> None:
    _, road, _ = plan("rse")
    assert len(road.main) == 4  # a large group: as long as a flash plan gets
    assert {"contrat_alliance", "ressources_pluriannuelles"} <= set(ids(road))
    joined = " ".join(texts(road)).lower()
    assert "rse" in joined and "mécénat" in joined
    for word in ("subvention", "financement participatif", "bénévole"):
        assert word not in joined


def test_the_town_hall_reads_a_plan_written_for_a_local_authority() -> None:
    _, road, _ = plan("mairie")
    assert len(road.main) == 3
    assert any(item.title or item.description for item in road.main)  # a collectivité variant
    joined = " ".join(texts(road))
    # its own kind's action among the first three: the multi-year convention it can offer
    assert "ressources_pluriannuelles" in ids(road)[:3]
    assert "convention pluriannuelle" in joined and "associations que vous soutenez" in joined
    for word in ("votre entreprise", "conseil d'administration", "bénévole"):
        assert word not in joined


def test_the_mature_cooperative_is_ready_and_spreads_what_it_knows() -> None:
    scores, road, _ = plan("coop")
    assert F.index.levels[scores.level - 1].id == "pret"
    phases = [item.recommendation.phase for item in road.main]
    assert "essaimer" in phases and "comprendre" not in phases
    assert not {"qualifier_premier_partenaire", "reseaux_locaux_partenaires"} & set(ids(road))


@pytest.mark.parametrize("name", PERSONAS)
def test_reasons_read_well_in_both_languages(name: str) -> None:
    scores, road, _ = plan(name)
    for lang in ("fr", "en"):
        result = result_dict(F, scores, road, lang)
        for item in result["roadmap"]:
            assert item["reasons"], item["title"]
            for reason in item["reasons"]:
                assert reason.startswith("Parce" if lang == "fr" else "Because"), reason


# --- Any answers ----------------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(answers=answer_sets(F))
def test_any_answers_get_a_short_plan_that_presumes_nothing_missing(answers: dict) -> None:
    scores, road = evaluate(F, check_answers(F, answers))
    assert F.index.roadmap.min_actions <= len(road.main) <= plan_size(F, scores.answers)
    facts = facts_for(scores)
    for item in road.selected:
        presumes = F.presumes.get(item.recommendation.id)
        assert presumes is None or presumes(facts), item.recommendation.id


PRESUMES_A_PARTNER = re.compile(
    r"votre (principal )?partenaire\b|vos partenaires|chaque partenaire|vos partenariats|"
    r"votre (principale )?alliance|vos alliances(?!, s'il y en a)|vos actions communes",
    re.IGNORECASE)


@pytest.mark.parametrize("kind", ["association", "entreprise", "collectivite", "autre"])
@pytest.mark.parametrize("size", ["micro", "grande"])
def test_an_organisation_without_partners_never_reads_of_its_partners(kind: str,
                                                                      size: str) -> None:
    # every recommendation it could be offered, in the wording it would read (issue 11)
    answers = check_answers(F, {"profil_type": kind, "profil_taille": size,
                                "profil_partenaires": ["aucun"]})
    facts = facts_for(evaluate(F, answers)[0])
    for reco in F.recommendations:
        presumes = F.presumes.get(reco.id)
        if presumes is not None and not presumes(facts):
            continue
        wording = next((v for v in reco.variants if F.profiles[v.profile](facts)), None)
        title = (wording and wording.title) or reco.title
        description = (wording and wording.description) or reco.description
        assert not PRESUMES_A_PARTNER.search(f"{title.fr} {description.fr}"), reco.id


def test_every_category_and_every_dimension_is_served() -> None:
    categories = {item.id for item in F.index.categories.items}
    assert {reco.category for reco in F.recommendations} == categories
    served = {d for reco in F.recommendations for d in reco.dimensions}
    assert served == set(F.dimensions)
    # the plan's own (alignment and joint ones are chosen for several views, never in a plan)
    plan = [reco for reco in F.recommendations if reco.scope == "plan"]
    assert 12 <= len(plan) <= 24
    assert sum(any(rule.fallback for rule in reco.rules) for reco in plan) >= 3


ASSOCIATION_WORDS = re.compile(r"votre association|l'association\b|associatif|bénévol|adhérent|"
                               r"cotisation|assemblée générale|réunion de bureau", re.IGNORECASE)


@pytest.mark.parametrize("kind", ["entreprise", "collectivite", "fondation"])
@pytest.mark.parametrize("partners", [["aucun"], ["associations", "collectivites"]])
@pytest.mark.parametrize("size", ["micro", "grande"])
def test_the_dla_is_offered_to_associations_alone(kind: str, partners: list[str],
                                                 size: str) -> None:
    # every plan recommendation it could be offered, in its wording and with its resources: the
    # DLA supports associations, never a company, a local authority or a foundation; and a
    # company or a foundation never reads an association's words
    answers = check_answers(F, {"profil_type": kind, "profil_taille": size,
                                "profil_partenaires": partners})
    facts = facts_for(evaluate(F, answers)[0])
    for reco in F.recommendations:
        presumes = F.presumes.get(reco.id)
        if reco.scope != "plan" or (presumes is not None and not presumes(facts)):
            continue
        wording = next((v for v in reco.variants if F.profiles[v.profile](facts)), None)
        title = (wording and wording.title) or reco.title
        description = (wording and wording.description) or reco.description
        resources = (wording.resources if wording and wording.resources is not None
                     else reco.resources)
        for lang in ("fr", "en"):
            text = " ".join([title.get(lang), description.get(lang)]
                            + [f"{r.title.get(lang)} {r.url}" for r in resources])
            assert "DLA" not in text and "dla" not in text, (reco.id, text)
            if kind != "collectivite" and lang == "fr":
                assert not ASSOCIATION_WORDS.search(text), (reco.id, text)


def test_the_flash_knows_foundations_and_counts_volunteers() -> None:
    assert F.kinds == A.kinds
    answers = check_answers(F, {"profil_type": "fondation", "profil_taille": "micro",
                                "profil_benevoles": "equipe_benevole",
                                "profil_partenaires": ["associations"]})
    assert F.holds("fondation", answers) and F.holds("avec_benevoles", answers)
    assert not F.holds("avec_salaries", answers)
    assert plan_size(F, answers) == 4  # a team of volunteers: as long as a flash plan gets


# --- Strengths (issue 26): one answer names a strength only when it says so ----------------------

FLASH_DIMENSION_ANSWERS = [
    (question.dimension, question.id, option.value, option.points)
    for question in F.questions.values() if question.dimension
    for option in question.options
]


@pytest.mark.parametrize(("dimension", "question", "value", "points"), FLASH_DIMENSION_ANSWERS,
                         ids=[f"{q}={v}" for _, q, v, _ in FLASH_DIMENSION_ANSWERS])
def test_a_flash_strength_is_an_answer_that_describes_the_fullest_practice(
        dimension: str, question: str, value: str, points: float) -> None:
    """Each flash dimension rests on one answer: the third of four options (« written down »)
    scores 67, over the threshold, but says only that a practice exists, not that it is a
    strength. Only the answer describing the fullest practice names one."""
    best = max(option.points for option in F.questions[question].options)
    scores, road = evaluate(F, check_answers(F, {"profil_type": "association", question: value}))
    assert scores.dimensions[dimension].answered == 1
    named = [strength.dimension for strength in road.strengths]
    assert named == ([dimension] if points == best else []), value


def test_a_flash_strength_is_named_among_answers_that_say_less() -> None:
    """Across a whole flash, the strengths are exactly the dimensions answered at their best."""
    answers: dict[str, Any] = {"profil_type": "entreprise", "profil_taille": "moyenne"}
    best_of: dict[str, str] = {}
    for index, (dimension, question) in enumerate(
            (q.dimension, q.id) for q in F.questions.values() if q.dimension):
        options = sorted(F.questions[question].options, key=lambda option: option.points)
        pick = options[-1] if index % 3 == 0 else options[-2]  # best, or one step below it
        answers[question] = pick.value
        if pick is options[-1]:
            best_of[dimension] = question
    scores, road = evaluate(F, check_answers(F, answers))
    assert sorted(s.dimension for s in road.strengths) == sorted(best_of)
    assert all(scores.dimensions[d].score is not None and scores.dimensions[d].score >= 65
               for d in scores.dimensions if d not in best_of)  # each of them over the threshold
