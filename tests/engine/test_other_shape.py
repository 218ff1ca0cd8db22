"""A questionnaire of another shape than A.D.O.C.: the Boussole numérique of
tests/questionnaires/numerique (five scored « axes », no profile stage, no kind question, no
categories, no phases, three levels at 0 / 35 / 70, `unanswered: zero`, decimal points and
weights), scored against tables worked out by hand.

The questions, as (weight, best points), and the dimensions' weights in their stage:

    strategie    strategie_pilotage   strat_priorites (1, 3), strat_referent (1.5, yes 2.5),
                                      strat_budget (1, 2; « non concerné » allowed)
    outils       outils_equipement    outils_materiel (1, 3), outils_partages (1, capped at 3),
                                      outils_sauvegarde (1.5, 3: points 0 / 0.5 / 2 / 3)
    donnees      donnees_organisation (1): donnees_fichier (1, 3), donnees_acces (1, yes 2),
                                      donnees_mise_a_jour (1, 2)
                 donnees_protection (1.5): rgpd_registre (1.5, yes 2.5), rgpd_information
                                      (1, 3), rgpd_mots_de_passe (1, 2.5: points 0 / 1 / 2.5)
    competences  competences_equipe   comp_formation (1, 3), comp_entraide (1, yes 1.5),
                                      comp_personnes_ressources (1, 3: 0 / 1 / 2–3 / 4+)
    publics      publics_presence     publics_site (1, 3), publics_canaux (1, capped at 2),
                                      publics_accessibilite (0.5, 2; « non concerné » allowed)

A dimension is 100 × Σ weight × points ÷ best ÷ Σ weight over the questions counted; under
`zero` an unanswered or « je ne sais pas » question is counted with no points, under `skip` it is
left out; « non concerné » is always left out. The global score is the mean of the five stages.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from parcours.engine import (
    Questionnaire,
    check_answers,
    evaluate,
    load,
    read_answers,
    result_dict,
    score,
)

from ..shapes import NUMERIQUE

STAGES = ("strategie", "outils", "donnees", "competences", "publics")
FOREIGN_WORDS = ("A.D.O.C", "ADOC", "levier", "lever", "M.E.D.O.C", "RAMEAU", "alliance")

BEST = {
    "strat_priorites": "suivies", "strat_referent": "yes", "strat_budget": 5,
    "outils_materiel": "renouvele", "outils_partages": ["messagerie", "stockage", "agenda"],
    "outils_sauvegarde": "automatique",
    "donnees_fichier": "outil_dedie", "donnees_acces": "yes", "donnees_mise_a_jour": "chaque_annee",
    "rgpd_registre": "yes", "rgpd_information": "mention_et_droits",
    "rgpd_mots_de_passe": "gestionnaire",
    "comp_formation": "plan", "comp_entraide": "yes", "comp_personnes_ressources": 4,
    "publics_site": "site_a_jour", "publics_canaux": ["lettre", "reseaux"],
    "publics_accessibilite": "verifie",
}
WORST = {
    "strat_priorites": "aucune", "strat_referent": "no", "strat_budget": 0,
    "outils_materiel": "personnel", "outils_partages": ["aucun"], "outils_sauvegarde": "aucune",
    "donnees_fichier": "disperse", "donnees_acces": "no", "donnees_mise_a_jour": "jamais",
    "rgpd_registre": "no", "rgpd_information": "pas_informees",
    "rgpd_mots_de_passe": "partages_courriel",
    "comp_formation": "jamais", "comp_entraide": "no", "comp_personnes_ressources": 0,
    "publics_site": "aucun", "publics_canaux": ["aucun_canal"],
    "publics_accessibilite": "pas_pense",
}
# Every question answered, nothing at either end:
#   strategie   (1 × 1/3 + 1.5 × 1 + 1 × 1/2) ÷ 3.5 = 2.3333 ÷ 3.5         = 66.67 → 66.7
#   outils      (2/3 + 2/3 + 1.5 × 2/3) ÷ 3.5                              = 66.67 → 66.7
#   donnees     organisation (1/3 + 0 + 1) ÷ 3 = 44.44;
#               protection (1.5 × 0 + 2/3 + 1) ÷ 3.5 = 47.62;
#               stage (44.44 + 1.5 × 47.62) ÷ 2.5                          = 46.35 → 46.3
#   competences (1/3 + 1 + 1/3) ÷ 3                                        = 55.56 → 55.6
#   publics     (2/3 + 1/2 + 0.5 × 0) ÷ 2.5                                = 46.67 → 46.7
#   global      (66.67 + 66.67 + 46.35 + 55.56 + 46.67) ÷ 5                = 56.38 → 56.4
MIXED = {
    "strat_priorites": "idees", "strat_referent": "yes", "strat_budget": 2,
    "outils_materiel": "equipe", "outils_partages": ["messagerie", "stockage"],
    "outils_sauvegarde": "reguliere",
    "donnees_fichier": "tableur_perso", "donnees_acces": "no",
    "donnees_mise_a_jour": "chaque_annee",
    "rgpd_registre": "no", "rgpd_information": "mention", "rgpd_mots_de_passe": "gestionnaire",
    "comp_formation": "a_l_arrivee", "comp_entraide": "yes", "comp_personnes_ressources": 1,
    "publics_site": "page", "publics_canaux": ["lettre"], "publics_accessibilite": "pas_pense",
}
# MIXED with strat_budget and comp_entraide unanswered, outils_sauvegarde « je ne sais pas »
# and publics_accessibilite « non concerné »:
#   zero: strategie (1/3 + 1.5 + 0) ÷ 3.5 = 52.38; outils (2/3 + 2/3 + 0) ÷ 3.5 = 38.10;
#         donnees 46.35; competences (1/3 + 0 + 1/3) ÷ 3 = 22.22; publics (2/3 + 1/2) ÷ 2
#         = 58.33; global 217.38 ÷ 5 = 43.48 → 43.5
#   skip: strategie (1/3 + 1.5) ÷ 2.5 = 73.33; outils (2/3 + 2/3) ÷ 2 = 66.67; donnees 46.35;
#         competences (1/3 + 1/3) ÷ 2 = 33.33; publics 58.33; global 278.02 ÷ 5 = 55.60 → 55.6
GAPS = {**{k: v for k, v in MIXED.items() if k not in ("strat_budget", "comp_entraide")},
        "outils_sauvegarde": "dont_know", "publics_accessibilite": "not_applicable"}
NONE5 = (None,) * 5
ZERO5 = (0,) * 5

# case, answers, (stage scores, global, level) under `zero`, the same under `skip`
TABLE = [
    ("all_best", BEST, ((100,) * 5, 100, "autonome"), ((100,) * 5, 100, "autonome")),
    ("all_worst", WORST, (ZERO5, 0, "premiers_pas"), (ZERO5, 0, "premiers_pas")),
    # zero: every shown scored question counts as no points; skip: no score at all
    ("nothing_answered", {}, (ZERO5, 0, "premiers_pas"), (NONE5, None, None)),
    # zero: strategie 1 × 1 ÷ 3.5 = 28.57, global 28.57 ÷ 5 = 5.71
    ("one_answer_at_best", {"strat_priorites": "suivies"},
     ((28.6, 0, 0, 0, 0), 5.7, "premiers_pas"),
     ((100, None, None, None, None), 100, "autonome")),
    # zero: outils (1 + 1 + 1.5 × 0) ÷ 3.5 = 57.14, global 11.43
    ("dont_know_counts_as_zero",
     {"outils_materiel": "renouvele", "outils_partages": ["messagerie", "stockage", "visio"],
      "outils_sauvegarde": "dont_know"},
     ((0, 57.1, 0, 0, 0), 11.4, "premiers_pas"),
     ((None, 100, None, None, None), 100, "autonome")),
    # « non concerné » is left out under both: (2/3 + 1.5 × 1) ÷ 2.5 = 86.67, global 17.33
    ("not_applicable_is_left_out",
     {"strat_priorites": "ecrites", "strat_referent": "yes", "strat_budget": "not_applicable"},
     ((86.7, 0, 0, 0, 0), 17.3, "premiers_pas"),
     ((86.7, None, None, None, None), 86.7, "autonome")),
    # outils (1/3 + 1/3 + 1.5 × 0.5/3) ÷ 3.5 = 26.19; protection (1.5 × 1 + 1/3 + 1/2.5) ÷ 3.5
    # = 63.81; zero: organisation 0, donnees (0 + 1.5 × 63.81) ÷ 2.5 = 38.29, global
    # (26.19 + 38.29) ÷ 5 = 12.90; skip: donnees 63.81, global (26.19 + 63.81) ÷ 2 = 45 exactly
    ("decimal_points_and_weights",
     {"outils_materiel": "quelques_postes", "outils_partages": ["visio"],
      "outils_sauvegarde": "cle_usb", "rgpd_registre": "yes", "rgpd_information": "oral",
      "rgpd_mots_de_passe": "une_personne"},
     ((0, 26.2, 38.3, 0, 0), 12.9, "premiers_pas"),
     ((None, 26.2, 63.8, None, None), 45, "en_progression")),
    ("mixed", MIXED, ((66.7, 66.7, 46.3, 55.6, 46.7), 56.4, "en_progression"),
     ((66.7, 66.7, 46.3, 55.6, 46.7), 56.4, "en_progression")),
    ("partly_unanswered", GAPS, ((52.4, 38.1, 46.3, 22.2, 58.3), 43.5, "en_progression"),
     ((73.3, 66.7, 46.3, 33.3, 58.3), 55.6, "en_progression")),
]
IDS = [row[0] for row in TABLE]


def approx(value: float | None) -> object:
    return None if value is None else pytest.approx(value, abs=1e-9)


def with_policy(tmp_path: Path, policy: str) -> Questionnaire:
    """A copy of the Boussole whose index says `unanswered: POLICY`."""
    target = tmp_path / "numerique"
    shutil.copytree(NUMERIQUE, target)
    index = target / "questionnaire.yaml"
    source = index.read_text(encoding="utf-8")
    assert "\nunanswered: zero\n" in source
    index.write_text(source.replace("\nunanswered: zero\n", f"\nunanswered: {policy}\n"),
                     encoding="utf-8")
    return load(target)


@pytest.fixture(scope="module")
def numerique() -> Questionnaire:
    """The Boussole numérique as it is kept (unanswered: zero)."""
    return load(NUMERIQUE)


@pytest.fixture(scope="module")
def numerique_skip(tmp_path_factory: pytest.TempPathFactory) -> Questionnaire:
    """The same content, scored with `unanswered: skip`."""
    return with_policy(tmp_path_factory.mktemp("skip"), "skip")


def check_row(q: Questionnaire, answers: dict, expected: tuple) -> None:
    stages, overall, level = expected
    result = score(q, check_answers(q, answers))
    assert tuple(result.stages[s].score for s in STAGES) == tuple(approx(v) for v in stages)
    assert result.global_score == approx(overall)
    assert (q.levels[result.level - 1].id if result.level else None) == level


def test_it_loads_with_its_own_shape(numerique: Questionnaire) -> None:
    assert numerique.key == "numerique"
    assert [s.id for s in numerique.scored_stages] == list(STAGES)
    assert [s.id for s in numerique.stages] == list(STAGES)  # no profile stage
    assert [(level.id, level.min) for level in numerique.levels] == [
        ("premiers_pas", 0), ("en_progression", 35), ("autonome", 70)]
    assert numerique.index.kind_question is None and numerique.kinds == ()
    assert numerique.index.categories is None and numerique.index.phases == ()
    assert numerique.zero_when_unanswered
    assert len([q for q in numerique.questions.values() if q.scored]) == 18


@pytest.mark.parametrize(("case", "answers", "zero", "skip"), TABLE, ids=IDS)
def test_scores_under_zero(numerique: Questionnaire, case: str, answers: dict, zero: tuple,
                           skip: tuple) -> None:
    check_row(numerique, answers, zero)


@pytest.mark.parametrize(("case", "answers", "zero", "skip"), TABLE, ids=IDS)
def test_the_same_answers_under_skip(numerique_skip: Questionnaire, case: str, answers: dict,
                                     zero: tuple, skip: tuple) -> None:
    check_row(numerique_skip, answers, skip)


def test_the_example_answers_file_is_the_mixed_row(numerique: Questionnaire) -> None:
    # examples/mixte.json serves the web, report and browser tests and the README's walk-through
    data = json.loads((NUMERIQUE / "examples" / "mixte.json").read_text(encoding="utf-8"))
    parsed = read_answers(data, {"numerique": numerique})
    assert parsed.answers == check_answers(numerique, MIXED)


def test_a_dimension_weighs_in_its_stage(numerique: Questionnaire) -> None:
    result = score(numerique, check_answers(numerique, MIXED))
    # organisation 4/9, protection 10/21 (weight 1.5): the stage is their weighted mean
    assert result.dimensions["donnees_organisation"].score == approx(44.4)
    assert result.dimensions["donnees_protection"].score == approx(47.6)
    assert result.stages["donnees"].score == approx(46.3)


def test_coverage_counts_the_unanswered_it_scored_as_zero(numerique: Questionnaire) -> None:
    coverage = score(numerique, check_answers(numerique, GAPS)).coverage
    assert (coverage.questions, coverage.answered, coverage.dont_know,
            coverage.not_applicable, coverage.unanswered) == (18, 14, 1, 1, 2)


@pytest.mark.parametrize(("value", "level"), [
    # the exact score is compared with each `min` (issue 27); 34.9 is printed « 34,9 »
    (0, "premiers_pas"), (34.5, "premiers_pas"), (34.99, "premiers_pas"),
    (35, "en_progression"), (69.5, "en_progression"), (69.9, "en_progression"),
    (70, "autonome"), (100, "autonome"),
])
def test_levels_at_the_thresholds(numerique: Questionnaire, value: float, level: str) -> None:
    assert numerique.levels[numerique.level_of(value) - 1].id == level


def test_a_stage_exactly_at_a_threshold_reaches_it(numerique: Questionnaire) -> None:
    # publics (1 × 3/3 + 1 × 1/2 + 0.5 × 1/2) ÷ 2.5 = 1.75 ÷ 2.5 = 70 exactly
    answers = {"publics_site": "site_a_jour", "publics_canaux": ["reseaux"],
               "publics_accessibilite": "en_partie"}
    result = score(numerique, check_answers(numerique, answers))
    assert result.stages["publics"].score == 70
    assert numerique.levels[result.stages["publics"].level - 1].id == "autonome"
    assert numerique.levels[result.dimensions["publics_presence"].level - 1].id == "autonome"


@pytest.mark.parametrize(("answers", "plan"), [
    (WORST, ["priorites_numeriques", "sauvegarde_automatique", "registre_traitements",
             "gestionnaire_mots_de_passe", "ateliers_entraide"]),
    # nothing fires at the top but `global >= 70`: the fallbacks fill the plan up to 3
    (BEST, ["echanger_pairs", "refaire_boussole", "partager_pratiques"]),
])
def test_the_plan_has_between_three_and_five_actions(numerique: Questionnaire, answers: dict,
                                                     plan: list[str]) -> None:
    _, road = evaluate(numerique, check_answers(numerique, answers))
    assert sorted(item.recommendation.id for item in road.main) == sorted(plan)
    assert [item.essential for item in road.main][:3] == [True, True, False]


def test_its_results_speak_only_of_itself(numerique: Questionnaire) -> None:
    scores, road = evaluate(numerique, check_answers(numerique, MIXED))
    for lang, stage_word in (("fr", "axe"), ("en", "area")):
        data = result_dict(numerique, scores, road, lang)
        about = data["questionnaire"]
        assert about["stage_singular"] == stage_word
        assert about["categories"] is None and about["unanswered"] == "zero"
        assert about["product"] == {"fr": "Boussole numérique", "en": "Digital compass"}[lang]
        assert data["kind"] is None and data["kind_label"] is None
        text = json.dumps(data, ensure_ascii=False)
        assert not [word for word in FOREIGN_WORDS if word.lower() in text.lower()]


def test_a_generated_reason_names_a_stage_by_its_title_not_another_questionnaires_word(
        numerique: Questionnaire) -> None:
    _, road = evaluate(numerique, check_answers(numerique, MIXED))
    reason = next(item for item in road.selected
                  if item.recommendation.id == "presence_en_ligne").reasons[0]
    assert "étape" not in reason.fr and "votre score pour « Présence en ligne »" in reason.fr
    assert "stage" not in reason.en and "your score for “Online presence”" in reason.en
