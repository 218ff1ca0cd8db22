"""What scoring works out once per questionnaire, or once per roadmap, says what the plain
rules say (issue 28: a full diagnostic scored over 3,000 times a second).

- compiled conditions (a specialised `==`, loops for `and`/`or`, `answered`, each profile
  remembered in the roadmap's facts) agree with a plain reading of their tree, on any answers;
- a profile remembered for one answer set is never the value of the next one;
- the points of an answer through its question's closure (`QuestionType.points_of`) are the
  type's `points`;
- `level_of`, its float test inlined, is `Measure.reaches` over the levels.
"""

from __future__ import annotations

import importlib
import json
import random
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from parcours.engine import Questionnaire, check_answers, evaluate, load, result_dict, score
from parcours.engine import conditions as c
from parcours.engine import roadmap as build_roadmap
from parcours.engine.conditions import Condition, Facts, Node, remembered
from parcours.engine.model import DONT_KNOW
from parcours.engine.numbers import Measure
from parcours.engine.questions import QUESTION_TYPES
from parcours.engine.roadmap import facts_for
from parcours.engine.scoring import _plan
from tests.roadmaps.test_plan_properties import answer_sets

ROOT = Path(__file__).resolve().parents[2]
ADOC = load(ROOT / "questionnaires" / "adoc")
EXAMPLES = {path.stem: check_answers(ADOC, json.loads(path.read_text(encoding="utf-8"))["answers"])
            for path in sorted((ROOT / "questionnaires/adoc/examples").glob("*.json"))}
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def plainly(node: Node, facts: Facts) -> bool:
    """A condition read straight from its tree, as the condition language says (no closure,
    nothing remembered)."""
    if isinstance(node, c.Compare):
        value = facts.value(node.subject)
        return value is not c.MISSING and bool(c.OPERATORS[node.op](value, node.value))
    if isinstance(node, c.OneOf):
        if node.subject.kind == "answer":
            return facts.answers.get(node.subject.name) in node.values
        value = facts.value(node.subject)
        if isinstance(value, Measure):
            return value.exact() in {Fraction(repr(v)) for v in node.values
                                     if isinstance(v, float)}
        return value in node.values
    if isinstance(node, c.Contains):
        value = facts.answers.get(node.question)
        return isinstance(value, tuple | list) and node.value in value
    if isinstance(node, c.Test):
        if node.test == "dont_know":
            return facts.answers.get(node.question) == DONT_KNOW
        return facts.value(c.Subject("answer", node.question)) is not c.MISSING
    if isinstance(node, c.Not):
        return not plainly(node.node, facts)
    if isinstance(node, c.Named):
        assert node.node is not None
        return plainly(node.node, facts)
    if isinstance(node, c.AllOf):
        return all(plainly(child, facts) for child in node.nodes)
    assert isinstance(node, c.AnyOf)
    return any(plainly(child, facts) for child in node.nodes)


def conditions(q: Questionnaire) -> list[Condition]:
    """Every condition of a questionnaire: rules, `presumes`, profiles, `show_if` and
    `not_applicable_if`."""
    return [*(found for group in q.rules.values() for found in group), *q.presumes.values(),
            *q.profiles.values(), *q.show_if.values(), *q.not_applicable_if.values()]


def without_profiles(facts: Facts) -> Facts:
    return Facts(facts.answers, facts.dimensions, facts.stages, facts.global_score,
                 facts.spreads)


def check_conditions(q: Questionnaire, answers: dict[str, Any], seed: int) -> None:
    facts = facts_for(score(q, answers))
    assert facts.profiles == {}
    plain = without_profiles(facts)
    found = conditions(q)
    random.Random(seed).shuffle(found)  # profiles remembered in any order
    for condition in found:
        expected = plainly(condition.node, plain)
        assert condition(facts) == expected, condition.source
        assert condition(plain) == expected, condition.source
    assert facts.profiles, "the profiles were remembered"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_compiled_conditions_read_as_their_tree_on_the_examples(name: str) -> None:
    check_conditions(ADOC, EXAMPLES[name], seed=len(name))


@SETTINGS
@given(answers=answer_sets(), seed=st.integers(0, 1000))
def test_compiled_conditions_read_as_their_tree_on_any_answers(answers: dict[str, Any],
                                                               seed: int) -> None:
    check_conditions(ADOC, answers, seed)


def test_a_remembered_profile_is_not_the_next_answers_one() -> None:
    company = facts_for(score(ADOC, EXAMPLES["entreprise_moyenne"]))
    town = facts_for(score(ADOC, EXAMPLES["collectivite"]))
    holds = remembered(ADOC.profiles["entreprise"])
    assert holds(company) is True
    assert holds(town) is False  # its own facts, its own memory
    assert holds(company) is True
    assert company.profiles is not town.profiles


def test_roadmaps_in_a_row_are_those_worked_out_without_remembering(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each example's roadmap, the three in a row and back, is the one worked out with no
    profile remembered at all."""
    order = [*EXAMPLES, *reversed(EXAMPLES)]
    remembering = [result_dict(ADOC, *evaluate(ADOC, EXAMPLES[name]), "fr") for name in order]
    module = importlib.import_module("parcours.engine.roadmap")  # not the function `roadmap`
    monkeypatch.setattr(module, "facts_for",
                        lambda scores, spreads=None, questionnaire=None: without_profiles(
                            facts_for(scores, spreads, questionnaire)))
    for name, found in zip(order, remembering, strict=True):
        scores = score(ADOC, EXAMPLES[name])
        assert found == result_dict(ADOC, scores, build_roadmap(ADOC, scores), "fr"), name


def test_points_of_an_answer_are_its_types_points() -> None:
    rng = random.Random(28)
    for q in (ADOC, load(ROOT / "tests/engine/mini")):
        for items in _plan(q).values():
            for item in items:
                question = q.questions[item.id]
                kind = QUESTION_TYPES[question.type]
                for value in _answers(question, rng):
                    assert item.worth(value) == kind.points(question, value), (item.id, value)


def _answers(question: Any, rng: random.Random) -> list[Any]:
    if question.type == "single":
        return [option.value for option in question.options]
    if question.type == "multiple":
        values = [option.value for option in question.options]
        return [tuple(rng.sample(values, rng.randint(1, len(values)))) for _ in range(20)]
    if question.type == "yesno":
        return ["yes", "no"]
    if question.type == "number":
        return [question.min, question.max, *(rng.uniform(question.min, question.max)
                                               for _ in range(20))]
    return ["a text"]


@SETTINGS
@given(level=st.integers(0, 3), offset=st.sampled_from([0, 1, -1, 10**6, -10**6]),
       scale=st.sampled_from([10**9, 10**12, 10**15]))
def test_level_of_is_reaches_over_the_levels(level: int, offset: int, scale: int) -> None:
    """Scores at, just below and just above each level's threshold (closer than a float can
    say), exact or stored."""
    limits = ADOC._level_limits
    exact = limits[level][0] + Fraction(offset, scale)
    for measure in (Measure(float(exact), exact), Measure(float(exact), lambda: exact),
                    Measure.stored(float(exact))):
        expected = 1
        for n, limit in enumerate(limits, start=1):
            if measure.reaches(limit):
                expected = n
        assert ADOC.level_of(measure) == expected
