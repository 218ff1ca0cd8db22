"""The « parce que… » of a rule reads as a sentence for every answer, never an internal value."""

from __future__ import annotations

import pytest

from parcours.engine import Questionnaire
from parcours.engine.conditions import Facts, compile_condition
from parcours.engine.explain import because

INTERNAL = ("<object", "None", "dont_know", "not_applicable", "MISSING")


@pytest.mark.parametrize(("condition", "answers", "fr", "en"), [
    ("not (vision_partage_interne in ['ecrit', 'discute'])",
     {"vision_partage_interne": "dont_know"},
     "vous avez répondu « Je ne sais pas » à", "you answered “I don't know” to"),
    ("not (vision_partage_interne in ['ecrit', 'discute'])", {},
     "vous n'avez pas répondu à", "you did not answer"),
    ("not (vision_partage_interne == 'ecrit')", {"vision_partage_interne": "not_applicable"},
     "vous avez répondu « Non concerné » à", "you answered “Not applicable” to"),
    ("not (modele_nombre_partenaires >= 3)", {"modele_nombre_partenaires": "dont_know"},
     "vous avez répondu « Je ne sais pas » à", "you answered “I don't know” to"),
])
def test_a_rule_on_an_answer_that_is_not_one_says_so_in_words(
        adoc: Questionnaire, condition: str, answers: dict, fr: str, en: str) -> None:
    rule = compile_condition(condition)
    facts = Facts(answers, {}, {})
    assert rule(facts)
    text = because(rule.node, facts, adoc, "association")
    assert fr in text.fr and en in text.en
    for word in INTERNAL:
        assert word not in text.fr and word not in text.en


def test_a_reason_never_says_the_same_thing_twice(adoc: Questionnaire) -> None:
    rule = compile_condition("vision_enjeux_alliance == 'no' and not (vision_enjeux_alliance == "
                             "'yes')")
    facts = Facts({"vision_enjeux_alliance": "no"}, {}, {})
    text = because(rule.node, facts, adoc, None)
    assert text.fr.count("vous avez répondu") == 1, text.fr
