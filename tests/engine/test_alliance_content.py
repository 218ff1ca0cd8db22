"""Alignment and joint recommendations: several respondents of one organisation, two partners.

They load and read well, the validator refuses a joint rule that reads answers, no plan ever
takes them, and their rules fire where a Le RAMEAU trainer would expect on hand-made facts.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from parcours.engine import Questionnaire, check, check_answers, evaluate, load
from parcours.engine.collective import ALIGNMENT_SHOWN
from parcours.engine.conditions import Facts
from parcours.engine.explain import because
from parcours.engine.roadmap import scoped

from .conftest import ADOC
from .levels import answer_at

FLASH = ADOC.parent / "flash"
Q = {"adoc": load(ADOC), "flash": load(FLASH)}
SCOPED = [(key, reco.id) for key, q in Q.items() for reco in q.recommendations
          if reco.scope != "plan"]


def test_each_questionnaire_has_its_alliance_recommendations() -> None:
    for key, (alignment, joint) in {"adoc": (7, 6), "flash": (4, 4)}.items():
        scopes = [reco.scope for reco in Q[key].recommendations]
        assert scopes.count("alignment") >= alignment and scopes.count("joint") >= joint, key
    assert (Q["adoc"].version, Q["flash"].version) == ("3.0.0", "2.0.0")


@pytest.mark.parametrize("folder", [ADOC, FLASH], ids=["adoc", "flash"])
def test_the_folder_validates_without_a_problem(folder: Path) -> None:
    questionnaire, problems = check(folder)
    assert questionnaire is not None and problems == [], [str(p) for p in problems]


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?…](?=\s|$)", text.strip()))


@pytest.mark.parametrize(("key", "reco_id"), SCOPED, ids=[f"{k}-{r}" for k, r in SCOPED])
def test_each_alliance_recommendation_is_complete(key: str, reco_id: str) -> None:
    q = Q[key]
    reco = next(r for r in q.recommendations if r.id == reco_id)
    assert reco.dimensions and reco.phase and reco.category and reco.horizon
    for text in (reco.title, reco.description):
        assert text.fr.strip() and text.en.strip()
    assert 2 <= sentences(reco.description.fr) <= 4, reco.description.fr
    assert 2 <= sentences(reco.description.en) <= 4, reco.description.en
    assert all(str(r.url).startswith("https://") for r in reco.resources)
    assert reco.rules and len(q.rules[reco.id]) == len(reco.rules)
    if reco.scope == "joint":
        # the generated sentence would say « votre score »: a pair reads its own
        assert all(rule.because is not None for rule in reco.rules), reco.id
        assert reco.presumes is None and reco.variants == ()
    # a fallback needs its own reason, and one per scope says what to do when nothing diverges
    assert all(rule.because is not None for rule in reco.rules if rule.fallback)


@pytest.mark.parametrize("key", sorted(Q))
@pytest.mark.parametrize("scope", ["alignment", "joint"])
def test_each_scope_has_exactly_one_fallback_for_everyone(key: str, scope: str) -> None:
    fallbacks = [reco for reco in Q[key].recommendations if reco.scope == scope
                 and any(rule.fallback for rule in reco.rules)]
    assert len(fallbacks) == 1 and fallbacks[0].presumes is None
    assert all(rule.fallback for rule in fallbacks[0].rules)


# --- the validator ---------------------------------------------------------------------------

JOINT_READS = "a joint recommendation's rules read score, stage, spread and global"
REFUSED = [
    # (case, old, new, line needle, message)
    ("joint_reads_an_answer", 'when: "global < 40"', "when: \"profil_type == 'association'\"",
     "profil_type == 'association'", JOINT_READS),
    ("joint_reads_a_profile", 'when: "global < 40"', 'when: "global < 40 and profile.association"',
     "profile.association", JOINT_READS),
    ("joint_counts_choices", 'when: "global < 40"', 'when: "count(profil_partenaires) >= 2"',
     "count(profil_partenaires)", JOINT_READS),
    ("joint_tests_an_answer", 'when: "global < 40"', 'when: "dont_know(vision_partage_interne)"',
     "dont_know(", JOINT_READS),
    ("joint_presumes", "- id: action_pilote_commune\n  scope: joint\n",
     "- id: action_pilote_commune\n  scope: joint\n  presumes: \"profile.avec_partenaires\"\n",
     "- id: action_pilote_commune", "a joint recommendation has neither 'presumes' nor 'variants'"),
    ("unknown_spread_dimension", 'when: "spread.gestion_gouvernance >= 25"',
     'when: "spread.unknown >= 25"', "spread.unknown", "unknown dimension 'unknown' in condition"),
    ("unknown_spread_in_alignment", 'when: "spread.vision_enjeux >= 25"\n      because:\n'
     '        fr: "Parce que vos répondants', 'when: "spread.vision_enjeu >= 25"\n      because:\n'
     '        fr: "Parce que vos répondants', "spread.vision_enjeu ",
     "unknown dimension 'vision_enjeu' in condition"),
    ("spread_compared_to_text", 'when: "spread.gestion_gouvernance >= 25"',
     "when: \"spread.gestion_gouvernance == 'large'\"", "'large'", "spread"),
]


@pytest.mark.parametrize(("case", "old", "new", "needle", "message"), REFUSED,
                         ids=[case[0] for case in REFUSED])
def test_the_loader_refuses_with_file_and_line(tmp_path: Path, case: str, old: str, new: str,
                                               needle: str, message: str) -> None:
    folder = tmp_path / "flash"
    shutil.copytree(FLASH, folder)
    path = folder / "recommandations_alliance.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    questionnaire, problems = check(folder)
    assert questionnaire is None
    line = next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in row)
    found = [p for p in problems if p.severity == "error" and message in p.message]
    assert found, [str(p) for p in problems]
    assert str(found[0]) == f"{path}:{line}: {found[0].message}"


# --- never in a plan ---------------------------------------------------------------------------

def answer_sets() -> list[tuple[str, str, dict]]:
    found = []
    for path in sorted((ADOC / "examples").glob("*.json")):
        found.append(("adoc", path.stem, json.loads(path.read_text(encoding="utf-8"))["answers"]))
    for key, q in Q.items():
        for kind in q.kinds:
            for level in range(4):
                answers: dict = {q.index.kind_question: kind, "profil_taille": "moyenne"}
                for question in q.questions.values():
                    if question.dimension:
                        answers[question.id] = answer_at(question, level)
                found.append((key, f"{kind}-{level}", answers))
    return found


ANSWER_SETS = answer_sets()


@pytest.mark.parametrize(("key", "name", "raw"), ANSWER_SETS,
                         ids=[f"{k}-{n}" for k, n, _ in ANSWER_SETS])
def test_a_roadmap_never_selects_an_alignment_or_joint_recommendation(key: str, name: str,
                                                                      raw: dict) -> None:
    q = Q[key]
    answers = check_answers(q, {k: v for k, v in raw.items() if k in q.questions})
    _, road = evaluate(q, answers)
    chosen = [item.recommendation for item in (*road.main, *road.others)]
    assert chosen and all(reco.scope == "plan" for reco in chosen), name


# --- the rules, on hand-made facts -------------------------------------------------------------

def selected(q: Questionnaire, scope: str, facts: Facts) -> set[str]:
    """What engine/collective.py and engine/joint.py choose: the recommendations of a scope whose
    presumption and some non-fallback rule hold, or their fallback ones when none does."""
    held, fallbacks = set(), set()
    for reco in q.recommendations:
        if reco.scope != scope:
            continue
        presumes = q.presumes.get(reco.id)
        if presumes is not None and not presumes(facts):
            continue
        for rule, condition in zip(reco.rules, q.rules[reco.id], strict=True):
            if rule.fallback:
                fallbacks.add(reco.id)
            elif condition.evaluate(facts):
                held.add(reco.id)
    return held or fallbacks


def facts(q: Questionnaire, answers: dict, score: float, spread: float, glob: float | None = None,
          **special: float) -> Facts:
    """Every dimension and stage at `score`, every spread at `spread`; `score__D`, `spread__D`,
    `stage__S` change one."""
    dimensions: dict[str, float | None] = dict.fromkeys(q.dimensions, score)
    spreads: dict[str, float | None] = dict.fromkeys(q.dimensions, spread)
    stages: dict[str, float | None] = {s.id: score for s in q.scored_stages}
    for name, value in special.items():
        kind, _, target = name.partition("__")
        {"score": dimensions, "spread": spreads, "stage": stages}[kind][target] = value
    return Facts(answers, dimensions, stages, score if glob is None else glob, spreads)


WITH_PARTNERS = {"profil_type": "association", "profil_partenaires": ["entreprises"]}
ALONE = {"profil_type": "association", "profil_partenaires": ["aucun"]}

ALIGNMENT = [
    # (case, questionnaire, answers, overrides, expected)
    ("adoc_close_views", "adoc", WITH_PARTNERS, {}, {"restituer_diagnostic_collectif"}),
    ("adoc_spread_just_below_15", "adoc", WITH_PARTNERS, {"spread__vision_partagee": 14},
     {"restituer_diagnostic_collectif"}),
    ("adoc_vision_disagreement_weak_vision", "adoc", WITH_PARTNERS,
     {"spread__vision_partagee": 25},
     {"atelier_ecarts_vision", "projet_une_page_ensemble"}),
    ("adoc_vision_disagreement_solid_vision", "adoc", WITH_PARTNERS,
     {"spread__vision_partagee": 30, "score__vision_partagee": 70},
     {"atelier_ecarts_vision", "rendez_vous_vision"}),
    ("adoc_vision_noticeable_gap", "adoc", WITH_PARTNERS, {"spread__vision_partagee": 18},
     {"projet_une_page_ensemble"}),
    ("adoc_stakes_disagreement", "adoc", WITH_PARTNERS, {"spread__vision_enjeux": 40},
     {"atelier_ecarts_vision"}),
    ("adoc_alliances_disagreement", "adoc", WITH_PARTNERS, {"spread__modele_alliances": 30},
     {"atelier_ecarts_modele", "tour_de_table_partenariats", "entendre_partenaires"}),
    ("adoc_alliances_disagreement_no_partner", "adoc", ALONE, {"spread__modele_alliances": 30},
     {"atelier_ecarts_modele", "tour_de_table_partenariats"}),
    ("adoc_alliances_noticeable_gap", "adoc", WITH_PARTNERS, {"spread__modele_alliances": 20},
     {"tour_de_table_partenariats"}),
    ("adoc_funding_disagreement", "adoc", WITH_PARTNERS,
     {"spread__modele_ressources_financieres": 25}, {"atelier_ecarts_modele"}),
    ("adoc_territory_disagreement", "adoc", WITH_PARTNERS, {"spread__vision_territoire": 25},
     {"entendre_partenaires"}),
    ("adoc_governance_noticeable_gap", "adoc", WITH_PARTNERS, {"spread__gestion_gouvernance": 15},
     {"presenter_resultats_instances"}),
    ("adoc_governance_disagreement", "adoc", WITH_PARTNERS, {"spread__gestion_gouvernance": 26},
     {"presenter_resultats_instances", "atelier_ecarts_gestion"}),
    ("adoc_tools_disagreement", "adoc", WITH_PARTNERS, {"spread__gestion_methodes_outils": 25},
     {"atelier_ecarts_gestion"}),
    ("flash_close_views", "flash", WITH_PARTNERS, {"spread__vision_partagee": 24},
     {"restituer_diagnostic_collectif"}),
    ("flash_vision_one_option_apart", "flash", WITH_PARTNERS, {"spread__vision_partagee": 33.3},
     {"atelier_ecarts_vision"}),
    ("flash_alliances", "flash", WITH_PARTNERS, {"spread__modele_agir_ensemble": 33.3},
     {"tour_de_table_partenariats"}),
    ("flash_communication", "flash", WITH_PARTNERS, {"spread__gestion_communication": 66.7},
     {"presenter_resultats_instances"}),
]


@pytest.mark.parametrize(("case", "key", "answers", "overrides", "expected"), ALIGNMENT,
                         ids=[case[0] for case in ALIGNMENT])
def test_alignment_rules_fire_as_intended(case: str, key: str, answers: dict, overrides: dict,
                                          expected: set[str]) -> None:
    q = Q[key]
    assert selected(q, "alignment", facts(q, answers, 50, 5, **overrides)) == expected


# A pair at rest: both past the first level, solid governance and evaluation, close views; the
# facts are the lower of the two partners' scores, and a pair has no answers.
CALM = {"score__gestion_gouvernance": 80, "score__gestion_donnees_evaluation": 70}

JOINT = [
    ("adoc_close_profiles", "adoc", {}, {"rencontre_cadrage"}),
    ("adoc_vision_gap", "adoc", {"spread__vision_partagee": 25}, {"raison_etre_alliance"}),
    ("adoc_stakes_gap", "adoc", {"spread__vision_enjeux": 50}, {"raison_etre_alliance"}),
    ("adoc_less_ready_discovers", "adoc", {"glob": 35}, {"action_pilote_commune"}),
    ("adoc_little_acting_together", "adoc", {"score__modele_agir_ensemble": 30},
     {"action_pilote_commune"}),
    ("adoc_weak_governance", "adoc", {"score__gestion_gouvernance": 50},
     {"convention_indicateurs_partages", "comite_pilotage_commun"}),
    ("adoc_weak_governance_beginners", "adoc", {"score__gestion_gouvernance": 50, "glob": 30},
     {"convention_indicateurs_partages", "action_pilote_commune"}),
    ("adoc_governance_gap", "adoc", {"spread__gestion_gouvernance": 25},
     {"comite_pilotage_commun"}),
    ("adoc_skills_gap", "adoc", {"spread__gestion_competences_exemples": 30},
     {"mentorat_croise"}),
    ("adoc_people_gap", "adoc", {"spread__modele_richesses_humaines": 45}, {"mentorat_croise"}),
    ("adoc_people_gap_below_30", "adoc", {"spread__modele_richesses_humaines": 29},
     {"rencontre_cadrage"}),
    ("adoc_both_consolidated", "adoc", {"glob": 65}, {"evaluation_impact_commune"}),
    ("adoc_evaluation_to_build", "adoc", {"score__gestion_donnees_evaluation": 55},
     {"evaluation_impact_commune"}),
    ("flash_close_profiles", "flash", {}, {"rencontre_cadrage"}),
    ("flash_vision_one_option_apart", "flash", {"spread__vision_partagee": 33.3},
     {"raison_etre_alliance"}),
    ("flash_first_steps", "flash", {"glob": 33}, {"action_pilote_commune"}),
    ("flash_weak_governance", "flash", {"score__gestion_gouvernance": 33.3},
     {"convention_indicateurs_partages"}),
]


@pytest.mark.parametrize(("case", "key", "overrides", "expected"), JOINT,
                         ids=[case[0] for case in JOINT])
def test_joint_rules_fire_as_intended(case: str, key: str, overrides: dict,
                                      expected: set[str]) -> None:
    q = Q[key]
    special = {**CALM, **overrides}
    glob = special.pop("glob", 55)
    assert selected(q, "joint", facts(q, {}, 70, 5, glob, **special)) == expected


def test_a_spread_reason_names_the_gap_between_views() -> None:
    q = Q["adoc"]
    found = facts(q, WITH_PARTNERS, 50, 5, spread__vision_partagee=30)
    reco = next(r for r in q.recommendations if r.id == "atelier_ecarts_vision")
    text = because(q.rules[reco.id][0].node, found, q, "association")
    assert text.fr == ("Parce que l'écart entre vos regards sur « Une vision partagée » est de "
                       "30 points, au moins 25.")
    assert text.en.startswith("Because the gap between your views on “A shared vision” is 30")


@pytest.mark.parametrize("key", sorted(Q))
def test_nothing_fires_for_a_single_diagnostic(key: str) -> None:
    # one view has no spread: no alignment or joint rule built on a spread can hold
    q = Q[key]
    found = facts(q, WITH_PARTNERS, 50, 5)
    found.spreads = {}
    for reco in q.recommendations:
        if reco.scope == "alignment":
            for rule, condition in zip(reco.rules, q.rules[reco.id], strict=True):
                assert rule.fallback or not condition.evaluate(found), reco.id


@pytest.mark.parametrize("key", ["adoc", "flash"])
def test_alignment_reasons_say_what_the_gap_means_never_a_threshold(key: str) -> None:
    q = Q[key]
    for reco in q.recommendations:
        if reco.scope != "alignment":
            continue
        for rule in reco.rules:
            assert rule.because is not None, (reco.id, rule.when)
            for text in (rule.because.fr, rule.because.en):
                assert not re.search(r"\d", text), (reco.id, text)
    # every reason a page can show, whatever the spreads
    for spread in (15, 25, 50, 100):
        for item in scoped(q, "alignment", facts(q, WITH_PARTNERS, 50, spread), "association"):
            for reason in item.reasons:
                assert not re.search(r"\d", reason.fr + reason.en), (item.recommendation.id,
                                                                     reason.fr)


@pytest.mark.parametrize("key", ["adoc", "flash"])
@pytest.mark.parametrize("score", [30, 70])
def test_at_most_four_alignment_actions_one_per_intent(key: str, score: float) -> None:
    q = Q[key]
    every = scoped(q, "alignment", facts(q, WITH_PARTNERS, score, 60), "association",
                   ALIGNMENT_SHOWN)
    assert 0 < len(every) <= ALIGNMENT_SHOWN
    intents = [item.recommendation.intent_id for item in every]
    assert len(intents) == len(set(intents))
    assert [item.rank for item in every] == list(range(1, len(every) + 1))


@pytest.mark.parametrize(("overrides", "kept"), [
    ({"spread__vision_partagee": 25}, "atelier_ecarts_vision"),  # not the one-page project too
    ({"spread__modele_alliances": 30}, "atelier_ecarts_modele"),  # one of the three
    ({"spread__modele_alliances": 20}, "tour_de_table_partenariats"),
])
def test_actions_serving_one_intent_are_alternatives(overrides: dict, kept: str) -> None:
    q = Q["adoc"]
    found = scoped(q, "alignment", facts(q, WITH_PARTNERS, 50, 5, **overrides), "association",
                   ALIGNMENT_SHOWN)
    assert [item.recommendation.id for item in found] == [kept]
