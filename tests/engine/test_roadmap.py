"""Rules select recommendations; the roadmap ranks them and says why."""

from __future__ import annotations

from pathlib import Path

from parcours.engine import Questionnaire, check_answers, evaluate, load

from .test_loader_errors import edit


def ids(road) -> list[str]:
    return [item.recommendation.id for item in road.selected]


def run(q: Questionnaire, answers: dict):
    return evaluate(q, check_answers(q, answers))


def test_nothing_answered_selects_nothing(mini: Questionnaire) -> None:
    _, road = run(mini, {})
    assert road.selected == () and road.strengths == ()


def test_a_low_score_fires_its_rule_with_a_generated_reason(mini: Questionnaire) -> None:
    _, road = run(mini, {"a1": "none", "a2": "no"})
    first = road.selected[0]
    assert first.recommendation.id == "r_alpha"
    assert first.reasons[0].fr == "Parce que votre score « Alpha » est de 0/100, en dessous de 50."
    assert first.reasons[0].en == "Because your “Alpha” score is 0/100, below 50."


def test_a_negated_condition_is_explained(mini: Questionnaire) -> None:
    _, road = run(mini, {"partners": ["assos"]})
    assert ids(road) == ["r_partners"]
    # `answered(partners) and not (partners contains 'firms')`: the question is quoted once
    assert road.selected[0].reasons[0].fr == (
        "Parce que vous n'avez pas coché « Entreprises » à « Partenaires ? »."
    )


def test_a_recommendation_appears_once_with_every_reason(mini: Questionnaire) -> None:
    _, road = run(mini, {"kind": "firm", "b3": "lo", "b2": "lo"})
    assert ids(road).count("r_beta") == 1
    reasons = next(i for i in road.selected if i.recommendation.id == "r_beta").reasons
    assert [r.fr for r in reasons] == [
        "Parce que vous avez répondu « Bas » à « B3 ? » et vous avez répondu « Entreprise » "
        "à « Type ? ».",
        "Parce que votre score « Bêta » est de 0/100, en dessous de 40.",
    ]


def test_a_written_reason_replaces_the_generated_one(mini: Questionnaire) -> None:
    _, road = run(mini, {"a1": "none", "b3": "lo"})
    reasons = {i.recommendation.id: i.reasons[0] for i in road.selected}
    assert reasons["r_global"].fr == "Parce que c'est bas."
    assert reasons["r_global"].en == "Because it is low."


def test_the_plan_reads_by_horizon_then_priority_then_gap(mini: Questionnaire) -> None:
    # alpha 33 (gap 67) fires r_alpha (p1, court); r_partners (p1, long) serves alpha and beta
    # (beta 0: gap 100); r_beta (p2, moyen); r_global (p3, long)
    _, road = run(mini, {"a1": "some", "partners": ["assos"], "b3": "lo"})
    assert ids(road) == ["r_alpha", "r_beta", "r_partners", "r_global"]
    assert [i.rank for i in road.selected] == [1, 2, 3, 4]
    assert [round(i.gap) for i in road.selected] == [67, 100, 100, 100]


def test_file_order_breaks_ties(mini: Questionnaire) -> None:
    # same priority, same gap (both serve alpha at 0): file order decides
    _, road = run(mini, {"a1": "none", "partners": ["assos"]})
    assert ids(road)[:2] == ["r_alpha", "r_partners"]


def test_strengths_are_the_high_dimensions(mini: Questionnaire) -> None:
    _, road = run(mini, {"a1": "all", "a2": "yes", "b3": "mid"})
    assert [(s.dimension, round(s.score)) for s in road.strengths] == [("alpha", 100)]


def test_a_superseded_recommendation_is_dropped(mini_copy: Path) -> None:
    edit(mini_copy, "recos.yaml", "  rules:\n    - when: \"score.alpha < 50\"",
         "  supersedes: [r_partners]\n  rules:\n    - when: \"score.alpha < 50\"")
    q = load(mini_copy)
    _, road = run(q, {"a1": "none", "partners": ["assos"]})
    assert "r_partners" not in ids(road) and "r_alpha" in ids(road)


def test_the_main_roadmap_is_sized_and_numbered_in_reading_order(adoc: Questionnaire) -> None:
    lowest = {}
    for question in adoc.questions.values():
        options = getattr(question, "options", None)
        if question.dimension and options and question.type == "single":
            lowest[question.id] = min(options, key=lambda o: o.points or 0).value
    lowest[adoc.index.kind_question] = "association"
    lowest["profil_taille"] = "grande"
    _, road = run(adoc, lowest)
    assert len(road.main) == adoc.index.roadmap.sizes["grande"]
    assert len(road.others) > 0
    assert [i.rank for i in road.selected] == list(range(1, len(road.selected) + 1))
    assert len(set(ids(road))) == len(ids(road))


def test_a_dimension_scored_from_fewer_than_half_its_questions_is_never_a_strength(
        adoc: Questionnaire) -> None:
    """Issue 26: one top answer of four is 100 / 100, but says too little to be a strength."""
    questions = [qid for qid, section in adoc.question_section.items()
                 if section == "vision_enjeux_section"]
    first = adoc.questions[questions[0]]
    best = max(first.options, key=lambda option: option.points)
    scores, road = run(adoc, {first.id: best.value})
    dimension = scores.dimensions["vision_enjeux"]
    assert dimension.score == 100 and dimension.answered == 1 and dimension.counted == 4
    assert dimension.thin
    assert road.strengths == ()
    # half of them is enough
    second = adoc.questions[questions[2]]  # another single choice
    scores, road = run(adoc, {first.id: best.value, second.id: max(
        second.options, key=lambda option: option.points).value})
    assert not scores.dimensions["vision_enjeux"].thin
    assert [s.dimension for s in road.strengths] == ["vision_enjeux"]
