"""The shipped A.D.O.C. content: it loads, it has what domain.md asks, its examples are pinned."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from parcours.engine import (
    Questionnaire,
    check,
    check_answers,
    evaluate,
    find_questionnaires,
    score,
)
from parcours.engine.serialize import annex

from .conftest import ADOC

EXAMPLES = ADOC / "examples"


def test_every_shipped_questionnaire_loads_without_problems() -> None:
    folders = find_questionnaires(ADOC.parent)
    assert ADOC in folders
    for folder in folders:
        questionnaire, problems = check(folder)
        assert questionnaire is not None and problems == [], [str(p) for p in problems]


def test_the_parcours_has_a_profile_and_the_three_levers(adoc: Questionnaire) -> None:
    assert [stage.id for stage in adoc.stages] == ["profil", "vision", "modele", "gestion"]
    assert adoc.stages[0].dimensions == ()
    for stage in adoc.scored_stages:
        assert 2 <= len(stage.dimensions) <= 5


def test_question_counts_fit_a_20_to_40_minute_parcours(adoc: Questionnaire) -> None:
    assert 45 <= len(adoc.questions) <= 90
    assert all(len(adoc.dimension_questions[d]) >= 3 for d in adoc.dimensions)
    assert set(Counter(q.type for q in adoc.questions.values())) == {
        "single", "multiple", "yesno", "number", "text"}
    assert all(q.help.fr and q.help.en for q in adoc.questions.values())


def test_the_kind_question_offers_the_five_kinds(adoc: Questionnaire) -> None:
    # v3.0: foundations and endowment funds are a kind of their own (funders, not associations)
    assert adoc.kinds == ("association", "entreprise", "collectivite", "fondation", "autre")


def test_scored_single_choices_have_four_anchored_levels(adoc: Questionnaire) -> None:
    for question in adoc.questions.values():
        if question.type == "single" and question.dimension:
            assert sorted(o.points for o in question.options) == [0, 1, 2, 3], question.id


def lowest_answers(adoc: Questionnaire, dimension: str, kind: str,
                   partners: tuple[str, ...] = ("associations",)) -> dict:
    """The weakest answer to every question of one dimension, for one kind of organisation."""
    answers: dict = {adoc.index.kind_question: kind, "profil_partenaires": list(partners)}
    for qid in adoc.dimension_questions[dimension]:
        question = adoc.questions[qid]
        if question.type in ("single", "multiple"):
            worst = min(question.options, key=lambda o: o.points or 0)
            answers[qid] = [worst.value] if question.type == "multiple" else worst.value
        elif question.type == "yesno":
            answers[qid] = "no" if question.points.yes >= question.points.no else "yes"
        else:
            answers[qid] = min(question.ranges, key=lambda r: r.points).min
    return check_answers(adoc, answers)


def test_recommendations_cover_every_dimension_at_its_weak_levels(adoc: Questionnaire) -> None:
    assert len(adoc.recommendations) >= 30
    served = Counter(d for reco in adoc.recommendations for d in reco.dimensions)
    assert all(served[d] >= 3 for d in adoc.dimensions), served
    for kind in adoc.kinds:
        for dimension in adoc.dimensions:
            scores, road = evaluate(adoc, lowest_answers(adoc, dimension, kind))
            assert scores.dimensions[dimension].score == 0
            serving = [i for i in road.selected if dimension in i.recommendation.dimensions]
            assert len(serving) >= 2, (kind, dimension)
            # without a partner, steps that presume one drop out, but never all of them
            _, alone = evaluate(adoc, lowest_answers(adoc, dimension, kind, ("aucun",)))
            assert any(dimension in i.recommendation.dimensions for i in alone.selected), (
                kind, dimension)


def test_all_five_medoc_kinds_are_represented(adoc: Questionnaire) -> None:
    kinds = Counter(reco.category for reco in adoc.recommendations)
    assert set(kinds) == {"methode", "exemple", "donnee", "outil", "competence"}
    assert Counter(reco.horizon for reco in adoc.recommendations).keys() == {
        "court", "moyen", "long"}


def load_example(adoc: Questionnaire, name: str) -> tuple[dict, dict]:
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    assert data["questionnaire"] == "adoc" and data["version"] == adoc.version
    return data, check_answers(adoc, data["answers"])


PINNED = {
    # name: (global, level, stage scores, strengths, first three of the roadmap)
    "association_jeune.json": (
        25.6, 1, {"vision": 33.3, "modele": 23.6, "gestion": 20.0}, [],
        ["premier_partenaire", "cartographier_enjeux", "benevoles_accueil_fidelisation"]),
    "entreprise_moyenne.json": (
        59.4, 2, {"vision": 62.5, "modele": 60.4, "gestion": 55.4}, ["vision_enjeux"],
        ["entreprise_rse_territoires", "methode_partenariat", "transmission_suivi"]),
    "collectivite.json": (
        39.4, 1, {"vision": 54.2, "modele": 33.3, "gestion": 30.8}, ["vision_territoire"],
        # a collectivité's own action among the first three: its staff and elected members trained
        # through the CNFPT and the associations of elected officials (no one is trained yet)
        ["referent_partenariats", "methode_partenariat", "collectivite_formation_cnfpt"]),
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_example_results_are_pinned(adoc: Questionnaire, name: str) -> None:
    overall, level, stages, strengths, first = PINNED[name]
    _, answers = load_example(adoc, name)
    scores, road = evaluate(adoc, answers)
    assert round(scores.global_score, 1) == overall
    assert scores.level == level
    assert {s: round(v.score, 1) for s, v in scores.stages.items()} == stages
    assert [s.dimension for s in road.strengths] == strengths
    assert [item.recommendation.id for item in road.main[:3]] == first
    assert len(road.main) == adoc.index.roadmap.sizes[answers["profil_taille"]]


def test_examples_answer_only_questions_they_are_shown(adoc: Questionnaire) -> None:
    for path in sorted(Path(EXAMPLES).glob("*.json")):
        _, answers = load_example(adoc, path.name)
        assert set(adoc.visible(answers)) == set(answers), path.name


PRESUMES_A_PARTNER = re.compile(
    r"votre (principal )?partenaire\b|vos partenaires(?!, si vous en avez)|chaque partenaire|"
    r"votre (principale )?alliance|votre instance commune", re.IGNORECASE)


def test_a_recommendation_that_speaks_of_its_partners_presumes_them(adoc: Questionnaire) -> None:
    # an organisation with no partner must never read « votre partenaire » (issue 11)
    for reco in adoc.recommendations:
        text = f"{reco.title.fr} {reco.description.fr}"
        if PRESUMES_A_PARTNER.search(text):
            # (or it is written for those with none yet, about the partners they look for)
            assert reco.presumes and ("avec_partenaires" in reco.presumes
                                      or "sans_partenaire" in reco.presumes), reco.id


def test_a_volunteer_only_association_has_its_own_wording(adoc: Questionnaire) -> None:
    # a recommendation an association may get that speaks of staff says it otherwise for a
    # volunteer-run one, or presumes employees
    for reco in adoc.recommendations:
        text = f"{reco.title.fr} {reco.description.fr}"
        if "salarié" in text and "entreprise" not in (reco.presumes or ""):
            assert any(v.profile == "benevoles_seulement" for v in reco.variants) or (
                "collectivite" in (reco.presumes or "")), reco.id


# --- Questionnaire v3.0: foundations, volunteers, heads of network, dependence on one funder ----

PARTNERSHIP_ONLY = ["gestion_evaluation_realisee", "gestion_evaluation_methode",
                    "gestion_donnees_impact", "gestion_gouvernance_formalisation",
                    "gestion_gouvernance_instances", "gestion_gouvernance_suivi_interne",
                    "gestion_gouvernance_equilibre", "gestion_communication_conjointe"]


@pytest.mark.parametrize(("partners", "number", "asked"), [
    (["aucun"], None, False),
    (["associations"], 0.0, False),  # no active partner
    (["associations"], 3.0, True),
    (["collectivites", "entreprises"], None, True),
    (None, None, True),  # not said: asked, as « avec_partenaires » holds
])
def test_partnership_governance_and_evaluation_are_not_asked_without_a_partner(
        adoc: Questionnaire, partners: list[str] | None, number: float | None,
        asked: bool) -> None:
    raw: dict = {"profil_type": "association", "profil_partenaires": partners,
                 "modele_nombre_partenaires": number}
    raw.update({qid: "no" if adoc.questions[qid].type == "yesno" else None
                for qid in PARTNERSHIP_ONLY})
    raw["gestion_gouvernance_formalisation"] = "oral"  # 0 points: would pull the score down
    answers = check_answers(adoc, raw)
    shown_ids, _, not_applicable = adoc.applicability(answers)
    scores = score(adoc, answers)
    governance = scores.dimensions["gestion_gouvernance"]
    for qid in PARTNERSHIP_ONLY:
        assert (qid in shown_ids) is asked and (qid in not_applicable) is not asked, qid
    if asked:
        assert governance.score == 0
    else:
        assert governance.score is None and governance.not_applicable == 4
        rows = {row["id"]: row for stage in annex(adoc, scores, "fr") for row in stage["questions"]}
        assert rows["gestion_gouvernance_formalisation"]["answer"] == (
            "Non concerné — vous n'avez pas encore de partenaire")


ORGANISATIONS = {
    # name: (answers, the profiles that hold among those v3.0 adds)
    "fondation d'entreprise, deux salariés": (
        {"profil_type": "fondation", "profil_taille": "petite",
         "profil_benevoles": "aucun_benevole", "profil_tete_reseau": "no",
         "profil_partenaires": ["associations"], "modele_nombre_partenaires": 12.0},
        {"fondation", "avec_salaries", "plusieurs_partenaires"}),
    "club de bénévoles, un partenaire": (
        {"profil_type": "association", "profil_taille": "micro",
         "profil_benevoles": "equipe_benevole", "profil_partenaires": ["collectivites"],
         "modele_nombre_partenaires": 1.0}, {"avec_benevoles", "un_partenaire"}),
    "fédération de 320 associations": (
        {"profil_type": "association", "profil_taille": "moyenne",
         "profil_benevoles": "nombreux_benevoles", "profil_tete_reseau": "yes",
         "profil_partenaires": ["associations", "entreprises", "collectivites"]},
        {"tete_de_reseau", "avec_salaries", "avec_benevoles", "plusieurs_partenaires"}),
    "commune de 1 800 habitants": (
        {"profil_type": "collectivite", "profil_taille": "micro",
         "profil_partenaires": ["associations"]},
        {"petite_commune", "avec_salaries", "un_partenaire"}),
    "jeune association sans partenaire": (
        {"profil_type": "association", "profil_taille": "micro",
         "profil_benevoles": "quelques_benevoles", "profil_partenaires": ["aucun"]},
        {"avec_benevoles"}),
}
NEW_PROFILES = {"fondation", "tete_de_reseau", "avec_salaries", "avec_benevoles", "un_partenaire",
                "plusieurs_partenaires", "petite_commune"}


@pytest.mark.parametrize("name", ORGANISATIONS)
def test_the_new_profiles_describe_the_organisation(adoc: Questionnaire, name: str) -> None:
    raw, expected = ORGANISATIONS[name]
    answers = check_answers(adoc, raw)
    assert set(adoc.visible(answers)) == set(answers), name  # each answer is asked of it
    assert {p for p in NEW_PROFILES if adoc.holds(p, answers)} == expected


def test_volunteers_and_heads_of_network_are_asked_only_where_they_can_be(
        adoc: Questionnaire) -> None:
    for kind in adoc.kinds:
        shown = adoc.visibility(check_answers(adoc, {"profil_type": kind}))[0]
        assert ("profil_benevoles" in shown) is (kind not in ("entreprise", "collectivite")), kind
        assert ("profil_tete_reseau" in shown) is (kind in ("association", "fondation",
                                                            "autre")), kind
        assert ("modele_part_premier_financeur" in shown) is (
            kind not in ("entreprise", "collectivite")), kind


def test_dependence_on_one_funder_is_scored(adoc: Questionnaire) -> None:
    question = adoc.questions["modele_part_premier_financeur"]
    assert question.dimension == "modele_ressources_financieres"
    assert [(o.value, o.points) for o in question.options] == [
        ("plus_80", 0), ("de_50_a_80", 1), ("de_25_a_50", 2), ("moins_25", 3)]
    lent = {o.value for o in adoc.questions["modele_financement_collectivite"].options}
    assert {"subventions_annuelles", "mise_a_disposition"} <= lent


ASSOCIATION_WORDS = re.compile(
    r"\bassociati(f|ve|on's)\b|votre association|l'association(?! chaque)|vos adhérents|"
    r"\bentreprise\b(?! fondatrice)|vos collaborateurs|vos salariés|votre entreprise",
    re.IGNORECASE)


def test_a_foundation_reads_its_own_words(adoc: Questionnaire) -> None:
    # what a corporate foundation's programme officer reads: never « votre association » or
    # « votre entreprise », in the questions, their help and their options
    answers = check_answers(adoc, {"profil_type": "fondation",
                                   "profil_partenaires": ["associations", "entreprises"]})
    shown = adoc.visibility(answers)[0]
    for qid in shown:
        if qid == adoc.index.kind_question:
            continue  # it names every kind
        question = adoc.questions[qid]
        texts = [question.text_for("fondation", "fr"), question.help_for("fondation", "fr")]
        texts += [o.label_for("fondation", "fr") for o in getattr(question, "options", ())
                  if qid != "profil_partenaires"]  # the kinds of partner it may have
        for text in texts:
            assert not ASSOCIATION_WORDS.search(text), (qid, text)


def test_the_description_names_cap_and_sdg_17_once(adoc: Questionnaire) -> None:
    fr, en = adoc.index.description.fr, adoc.index.description.en
    assert fr.count("C.A.P.") == 1 and en.count("C.A.P.") == 1
    assert fr.count("n° 17") == 1 and en.count("Goal 17") == 1
