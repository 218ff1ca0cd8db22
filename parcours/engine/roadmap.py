"""The roadmap: rules select recommendations, ranked, each with its « parce que… »."""

from __future__ import annotations

from dataclasses import dataclass

from .conditions import Condition, Facts
from .explain import because
from .model import Recommendation, Rule, Text
from .questionnaire import Questionnaire
from .scoring import Scores

MAIN_SIZE = 12
HORIZONS = ("court", "moyen", "long")


class Reason:
    """The « parce que… » of a rule that fired, worded only when someone reads it.

    Scoring runs far more often than reports are written (dashboards, exports, previews): most
    reasons are never read, so the sentences are built on first access, in both languages.
    """

    __slots__ = ("_condition", "_facts", "_kind", "_questionnaire", "_rule", "_text")

    def __init__(self, rule: Rule, condition: Condition, facts: Facts,
                 questionnaire: Questionnaire, kind: str | None) -> None:
        self._rule, self._condition, self._facts = rule, condition, facts
        self._questionnaire, self._kind = questionnaire, kind
        self._text: Text | None = None

    @property
    def text(self) -> Text:
        if self._text is None:
            self._text = self._rule.because or because(
                self._condition.node, self._facts, self._questionnaire, self._kind)
        return self._text

    @property
    def fr(self) -> str:
        return self.text.fr

    @property
    def en(self) -> str:
        return self.text.en

    def get(self, lang: str) -> str:
        return self.text.get(lang)


@dataclass(frozen=True, slots=True)
class Selected:
    """A recommendation that a rule selected, and why."""

    recommendation: Recommendation
    reasons: tuple[Reason, ...]  # one per rule that fired, the first is the main one
    gap: float  # 100 minus the lowest score among the dimensions it serves
    rank: int


@dataclass(frozen=True, slots=True)
class Strength:
    """A dimension where the organisation already does well."""

    dimension: str
    score: float


@dataclass(frozen=True, slots=True)
class Roadmap:
    """The main roadmap (the first dozen), the other leads, and the strengths."""

    main: tuple[Selected, ...]
    others: tuple[Selected, ...]
    strengths: tuple[Strength, ...]

    @property
    def selected(self) -> tuple[Selected, ...]:
        """Every selected recommendation, in rank order."""
        return self.main + self.others


def facts_for(scores: Scores) -> Facts:
    """What rule conditions see: the shown answers and every score."""
    return Facts(
        scores.answers,
        {d: s.score for d, s in scores.dimensions.items()},
        {s: st.score for s, st in scores.stages.items()},
        scores.global_score,
    )


def _gap(reco: Recommendation, scores: Scores) -> float:
    values = [scores.dimensions[d].score for d in reco.dimensions]
    known = [v for v in values if v is not None]
    return 100.0 - min(known) if known else 0.0


def roadmap(questionnaire: Questionnaire, scores: Scores) -> Roadmap:
    """Select, explain, de-duplicate and rank the recommendations; list the strengths."""
    facts = facts_for(scores)
    chosen: list[tuple[tuple[int, float, int], Recommendation, tuple[Reason, ...], float]] = []
    for order, reco in enumerate(questionnaire.recommendations):
        reasons = []
        for rule, condition in zip(reco.rules, questionnaire.rules[reco.id], strict=True):
            if condition(facts):
                reasons.append(Reason(rule, condition, facts, questionnaire, scores.kind))
        if reasons:  # one entry per recommendation, however many rules fired
            gap = _gap(reco, scores)
            chosen.append(((reco.priority, -gap, order), reco, tuple(reasons), gap))
    superseded = {other for _, reco, _, _ in chosen for other in reco.supersedes}
    chosen = [item for item in chosen if item[1].id not in superseded]
    chosen.sort(key=lambda item: item[0])
    ranked = tuple(Selected(reco, reasons, gap, rank)
                   for rank, (_, reco, reasons, gap) in enumerate(chosen, start=1))
    threshold = questionnaire.index.strength_threshold
    strengths = sorted(
        (Strength(d, s.score) for d, s in scores.dimensions.items()
         if s.score is not None and s.score >= threshold),
        key=lambda strength: -strength.score,
    )
    return Roadmap(ranked[:MAIN_SIZE], ranked[MAIN_SIZE:], tuple(strengths))
