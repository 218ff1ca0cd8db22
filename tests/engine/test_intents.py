"""One intent, one action; variants in the organisation's words; room for its own kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from parcours.engine import QuestionnaireError, evaluate, load
from parcours.engine.roadmap import plan_size

from .conftest import with_recommendations

STEP = """
- id: {id}
  intent: {intent}
  title: {{fr: "Titre {id}", en: "Title {id}"}}
  description: {{fr: "Faire {id}.", en: "Do {id}."}}
  dimensions: [{dimension}]
  priority: {priority}
  horizon: court
{extra}  rules:
    - when: "{when}"
"""


def step(id: str, intent: str | None = None, priority: int = 2, when: str = "answered(kind)",
         dimension: str = "alpha", extra: str = "") -> str:
    return STEP.format(id=id, intent=intent or id, priority=priority, when=when,
                       dimension=dimension, extra=extra)


def with_index(folder: Path, addition: str) -> None:
    index = folder / "questionnaire.yaml"
    index.write_text(index.read_text(encoding="utf-8") + addition, encoding="utf-8")


PROFILES = """
profiles:
  - id: firm
    when: "kind == 'firm'"
    label: {fr: "vous êtes une entreprise", en: "you are a company"}
"""


@pytest.mark.parametrize(("first", "second"), [
    ("", ""),
    ('  presumes: "kind == \'firm\'"\n', '  presumes: "answered(partners)"\n'),
    ('  presumes: "kind == \'firm\'"\n', ""),
])
def test_two_actions_of_one_intent_need_something_to_choose_between_them(
        mini_copy: Path, first: str, second: str) -> None:
    with pytest.raises(QuestionnaireError) as err:
        with_recommendations(mini_copy, "intents.yaml", step("projet_a", "projet", extra=first)
                             + step("projet_b", "projet", extra=second))
    assert "intents.yaml:" in str(err.value)
    assert "same intent 'projet' as 'projet_a'" in str(err.value) or (
        "same intent 'projet' as 'projet_b'" in str(err.value))


@pytest.mark.parametrize(("first", "second"), [
    ('  presumes: "kind == \'firm\'"\n', '  presumes: "kind == \'asso\'"\n'),
    ('  presumes: "kind == \'firm\'"\n', '  presumes: "not (kind == \'firm\')"\n'),
    ('  presumes: "partners contains \'none\'"\n',
     '  presumes: "answered(partners) and not (partners contains \'none\')"\n'),
    ('  supersedes: [projet_b]\n', ""),
])
def test_one_supersedes_or_they_cannot_both_hold(mini_copy: Path, first: str,
                                                 second: str) -> None:
    q = with_recommendations(mini_copy, "intents.yaml", step("projet_a", "projet", extra=first)
                             + step("projet_b", "projet", extra=second))
    assert {r.intent_id for r in q.recommendations if r.id.startswith("projet")} == {"projet"}


def test_an_action_of_the_organisation_s_own_kind_is_among_the_first_three(
        mini_copy: Path) -> None:
    generic = "".join(step(f"generique_{n}", priority=1) for n in range(4))
    own = step("entreprise_propre", priority=3, extra='  presumes: "kind == \'firm\'"\n')
    q = with_recommendations(mini_copy, "kinds.yaml", generic + own)
    assert q.kind_specific == {"entreprise_propre"}
    _, road = evaluate(q, {"kind": "firm", "a1": "none"})
    first = [item.recommendation.id for item in road.main[:3]]
    assert "entreprise_propre" in first
    _, road = evaluate(q, {"kind": "asso", "a1": "none"})
    assert "entreprise_propre" not in [item.recommendation.id for item in road.selected]


def test_a_variant_has_its_own_words_reason_and_resources(mini_copy: Path) -> None:
    with_index(mini_copy, PROFILES)
    variant = """  resources:
    - {title: {fr: "Général", en: "General"}, url: "https://example.org/general/page"}
  variants:
    - profile: firm
      title: {fr: "Titre entreprise", en: "Company title"}
      because: {fr: "Parce que vous êtes une entreprise.", en: "Because you are a company."}
      resources:
        - {title: {fr: "Entreprises", en: "Companies"}, url: "https://example.org/entreprises/guide"}
"""
    q = with_recommendations(mini_copy, "variants.yaml", step("action", extra=variant))
    _, road = evaluate(q, {"kind": "firm"})
    item = next(i for i in road.selected if i.recommendation.id == "action")
    assert item.title is not None and item.title.fr == "Titre entreprise"
    assert item.reasons[0].fr == "Parce que vous êtes une entreprise."
    assert item.resources is not None and item.resources[0].url.endswith("/entreprises/guide")
    _, road = evaluate(q, {"kind": "asso"})
    item = next(i for i in road.selected if i.recommendation.id == "action")
    assert item.title is not None and item.title.fr == "Titre action"
    assert item.resources is None and "Type" in item.reasons[0].fr


def test_the_plan_is_sized_on_the_largest_of_several_answers(mini_copy: Path) -> None:
    with_index(mini_copy, "roadmap: {min_actions: 1, size_question: [kind, b3], "
                          "sizes: {asso: 2, firm: 3, lo: 1, mid: 4, hi: 5}}\n")
    q = load(mini_copy)
    assert plan_size(q, {"kind": "asso"}) == 2
    assert plan_size(q, {"kind": "asso", "b3": "mid"}) == 4
    assert plan_size(q, {"kind": "firm", "b3": "lo"}) == 3
    assert plan_size(q, {}) == q.index.roadmap.max_actions


def test_from_the_level_it_names_the_essential_actions_are_the_most_important(
        mini_copy: Path) -> None:
    with_index(mini_copy, "roadmap: {min_actions: 3, essential: 2, by_importance_from: l3}\n"
                          "phases:\n"
                          "  - {id: p1, title: {fr: Un, en: One}}\n"
                          "  - {id: p2, title: {fr: Deux, en: Two}}\n")
    for name in ("recos.yaml",):
        path = mini_copy / name
        path.write_text(path.read_text(encoding="utf-8").replace(
            "  horizon:", "  phase: p1\n  horizon:"), encoding="utf-8")
    recos = (step("lire_1", priority=3, extra="  phase: p1\n")
             + step("lire_2", priority=3, extra="  phase: p1\n")
             + step("important", priority=1, extra="  phase: p2\n"))
    q = with_recommendations(mini_copy, "order.yaml", recos)
    high = {"kind": "asso", "a1": "all", "a2": "yes", "a3": 10, "b1": ["x", "y"], "b3": "hi"}
    low = {"kind": "asso", "a1": "none", "a2": "no", "a3": 0, "b1": ["z"], "b3": "lo"}
    scores, road = evaluate(q, high)
    assert scores.level is not None and scores.level >= 3
    assert road.main[0].recommendation.id == "important" or (
        road.main[1].recommendation.id == "important")
    scores, road = evaluate(q, low)
    assert scores.level == 1
    ids = [item.recommendation.id for item in road.main]
    assert ids.index("important") > ids.index("lire_1")


@pytest.mark.parametrize(("presumes", "own_kind"), [
    ("kind == 'firm'", True),
    ("not (kind == 'firm') and answered(partners)", True),
    ("not (kind == 'asso') or answered(partners)", False),  # reads the kind, fits every kind
    ("answered(partners)", False),
])
def test_an_action_is_a_kind_s_own_when_some_kind_can_never_have_it(
        mini_copy: Path, presumes: str, own_kind: bool) -> None:
    q = with_recommendations(mini_copy, "kinds.yaml",
                             step("action", extra=f'  presumes: "{presumes}"\n'))
    assert ("action" in q.kind_specific) is own_kind
