"""A cohort's answers per question and its published reference figures: pure, from counts."""

from __future__ import annotations

from statistics import quantiles

import pytest

from parcours.engine import Questionnaire
from parcours.engine.cohort import reference, summaries


def test_each_choice_is_counted_and_half_unsure_is_a_topic(adoc: Questionnaire) -> None:
    qid = next(q.id for q in adoc.questions.values() if q.type == "single" and q.scored)
    options = [o.value for o in adoc.questions[qid].options]  # type: ignore[union-attr]
    found = {s.question: s for s in summaries(
        adoc, {qid: [(options[0], 2), (options[1], 1), ("dont_know", 3)]}, "fr")}
    summary = found[qid]
    assert summary.answered == 6 and summary.dont_know == 3 and summary.topic
    assert [b.count for b in summary.bars][:2] == [2, 1] and len(summary.bars) == len(options)
    assert not summaries(adoc, {qid: [(options[0], 4), ("dont_know", 3)]}, "fr")[0].topic


def test_a_multiple_choice_counts_each_option_chosen(adoc: Questionnaire) -> None:
    qid = next(q.id for q in adoc.questions.values() if q.type == "multiple")
    a, b = (o.value for o in adoc.questions[qid].options[:2])  # type: ignore[union-attr]
    summary = summaries(adoc, {qid: [([a, b], 2), ([a], 1)]}, "en")[0]
    counts = {bar.key: bar.count for bar in summary.bars}
    assert counts[a] == 3 and counts[b] == 2 and summary.answered == 3 and summary.multiple


def test_free_text_is_never_summarised(adoc: Questionnaire) -> None:
    texts = [q.id for q in adoc.questions.values() if q.type == "text"]
    if not texts:
        pytest.skip("no free-text question")
    assert summaries(adoc, {texts[0]: [("nos mots", 5)]}, "fr") == []


@pytest.mark.parametrize("n", [1, 4])
def test_under_five_scores_a_dimension_publishes_nothing(n: int) -> None:
    assert reference({"d": [50.0] * n})["d"] == {"n": n, "low": None, "median": None,
                                                 "high": None}


def test_from_five_the_quartiles_are_published() -> None:
    scores = [10.0, 20.0, 35.0, 60.0, 90.0, None]
    q1, q2, q3 = quantiles([s for s in scores if s is not None], n=4, method="inclusive")
    assert reference({"d": scores})["d"] == {"n": 5, "low": q1, "median": q2, "high": q3}
