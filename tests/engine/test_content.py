"""The shipped A.D.O.C. content: it loads, it has what domain.md asks, its examples are pinned."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from parcours.engine import Questionnaire, check, check_answers, evaluate, find_questionnaires

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


def test_the_kind_question_offers_the_four_kinds(adoc: Questionnaire) -> None:
    assert adoc.kinds == ("association", "entreprise", "collectivite", "autre")


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
        26.1, 1, {"vision": 33.3, "modele": 25.0, "gestion": 20.0}, [],
        ["premier_partenaire", "cartographier_enjeux", "benevoles_accueil_fidelisation"]),
    "entreprise_moyenne.json": (
        59.4, 2, {"vision": 62.5, "modele": 60.4, "gestion": 55.4}, ["vision_enjeux"],
        ["entreprise_rse_territoires", "methode_partenariat", "transmission_suivi"]),
    "collectivite.json": (
        38.8, 1, {"vision": 54.2, "modele": 31.3, "gestion": 30.8}, ["vision_territoire"],
        # a collectivité's own action among the first three (the call for projects it co-builds)
        ["referent_partenariats", "methode_partenariat", "collectivite_ami_coconstruit"]),
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
