"""Properties that hold for any answers (hypothesis), on the mini and the real questionnaire."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.engine import Questionnaire, evaluate, load, result_dict, score
from parcours.engine.conditions import walk
from parcours.engine.model import DONT_KNOW, NOT_APPLICABLE

from .conftest import ADOC, MINI

QUESTIONNAIRES = {"mini": load(MINI), "adoc": load(ADOC)}


def value_strategy(question: Any) -> st.SearchStrategy[Any]:
    """Valid answers for one question."""
    kind = question.type
    if kind == "single":
        base = st.sampled_from([o.value for o in question.options])
    elif kind == "multiple":
        plain = [o.value for o in question.options if not o.exclusive]
        exclusive = [[o.value] for o in question.options if o.exclusive]
        base = st.one_of(st.lists(st.sampled_from(plain), min_size=1, unique=True),
                         *(st.just(e) for e in exclusive))
    elif kind == "yesno":
        base = st.sampled_from(["yes", "no"])
    elif kind == "number":
        base = st.integers(int(question.min), int(min(question.max, 10_000))).map(float)
    else:
        base = st.text(max_size=40)
    specials = [DONT_KNOW] * question.dont_know_allowed + \
        [NOT_APPLICABLE] * question.allow_not_applicable
    return st.one_of(base, st.sampled_from(specials)) if specials else base


@st.composite
def answer_sets(draw: st.DrawFn, q: Questionnaire) -> dict[str, Any]:
    answers = {}
    for question in q.questions.values():
        if draw(st.booleans()):
            answers[question.id] = draw(value_strategy(question))
    return answers


def referenced(q: Questionnaire) -> set[str]:
    """Questions that some show_if or not_applicable_if looks at, directly or through a profile
    (changing them may show, hide or excuse others)."""
    names = set()
    for condition in [*q.show_if.values(), *q.not_applicable_if.values()]:
        for node in walk(condition.node):
            subject = getattr(node, "subject", None)
            names.add(subject.name if subject else getattr(node, "question", ""))
    return names


def single_choice_in_dimensions(q: Questionnaire) -> list[str]:
    hidden_movers = referenced(q)
    return [qid for qid, question in q.questions.items()
            if question.type == "single" and question.dimension and qid not in hidden_movers]


@pytest.mark.parametrize("key", QUESTIONNAIRES)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_scores_stay_between_0_and_100(key: str, data: st.DataObject) -> None:
    q = QUESTIONNAIRES[key]
    result = score(q, data.draw(answer_sets(q)))
    values = [d.score for d in result.dimensions.values()] + \
        [s.score for s in result.stages.values()] + [result.global_score]
    assert all(v is None or 0 <= v <= 100 for v in values)
    assert 0 <= result.coverage.ratio <= 1


@pytest.mark.parametrize("key", QUESTIONNAIRES)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_raising_one_answer_never_lowers_its_dimension(key: str, data: st.DataObject) -> None:
    q = QUESTIONNAIRES[key]
    answers = data.draw(answer_sets(q))
    qid = data.draw(st.sampled_from(single_choice_in_dimensions(q)))
    options = sorted(q.questions[qid].options, key=lambda o: o.points or 0)
    low, high = sorted(data.draw(st.lists(st.sampled_from(options), min_size=2, max_size=2)),
                       key=lambda o: o.points or 0)
    dimension = q.questions[qid].dimension
    before = score(q, {**answers, qid: low.value}).dimensions[dimension].score
    after = score(q, {**answers, qid: high.value}).dimensions[dimension].score
    if before is not None and after is not None:  # None only when the question is hidden
        assert after >= before - 1e-9


@pytest.mark.parametrize("key", QUESTIONNAIRES)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_dont_know_changes_no_other_dimension(key: str, data: st.DataObject) -> None:
    q = QUESTIONNAIRES[key]
    answers = data.draw(answer_sets(q))
    movers = referenced(q)
    candidates = [qid for qid, question in q.questions.items()
                  if question.dimension and question.dont_know_allowed and qid not in movers]
    qid = data.draw(st.sampled_from(candidates))
    before = score(q, answers)
    after = score(q, {**answers, qid: DONT_KNOW})
    for dimension, result in after.dimensions.items():
        if dimension != q.questions[qid].dimension:
            assert result.score == before.dimensions[dimension].score


@pytest.mark.parametrize("key", QUESTIONNAIRES)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_same_input_same_output(key: str, data: st.DataObject) -> None:
    q = QUESTIONNAIRES[key]
    answers = data.draw(answer_sets(q))
    first = result_dict(q, *evaluate(q, answers), "fr")
    second = result_dict(q, *evaluate(q, dict(reversed(list(answers.items())))), "fr")
    assert first == second


def test_a_question_that_excuses_others_is_a_mover() -> None:
    # « Je ne sais pas » on the number of partners may make the governance questions apply again
    q = QUESTIONNAIRES["adoc"]
    assert {"profil_partenaires", "modele_nombre_partenaires"} <= referenced(q)
    answers = {"profil_type": "association", "profil_partenaires": ["associations"],
               "modele_nombre_partenaires": 0.0, "gestion_gouvernance_formalisation": "oral"}
    assert score(q, answers).dimensions["gestion_gouvernance"].score is None
    unsure = {**answers, "modele_nombre_partenaires": DONT_KNOW}
    assert score(q, unsure).dimensions["gestion_gouvernance"].score == 0
