"""The roadmap: rules select recommendations; a plan sized and sequenced, each with its reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from .conditions import Condition, Facts
from .explain import because
from .model import Recommendation, Resource, Rule, Text, Variant
from .numbers import Measure, exact, shown
from .questionnaire import Questionnaire
from .scoring import ANSWERED, DimensionScore, Scores

HORIZONS = ("court", "moyen", "long")


class Reason:
    """The « parce que… » of a rule that fired, worded only when someone reads it.

    Scoring runs far more often than reports are written (dashboards, exports, previews): most
    reasons are never read, so the sentences are built on first access, in both languages.
    """

    __slots__ = ("_condition", "_facts", "_kind", "_questionnaire", "_rule", "_text")

    def __init__(self, rule: Rule, condition: Condition, facts: Facts,
                 questionnaire: Questionnaire, kind: str | None,
                 said: Text | None = None) -> None:
        self._rule, self._condition, self._facts = rule, condition, facts
        self._questionnaire, self._kind = questionnaire, kind
        self._text: Text | None = said  # a variant's own reason, when it has one

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
    """A recommendation that a rule selected, and why.

    `priority` is the content's, raised by the rule that fired; `essential` says whether it is
    one of the first actions of the plan (priority shown to people is relative: the first few).
    """

    recommendation: Recommendation
    reasons: tuple[Reason, ...]  # one per rule that fired, the first is the main one
    gap: float  # 100 minus the lowest score among the dimensions it serves
    rank: int  # its number in reading order: the plan first, then the other leads
    priority: int = 2
    essential: bool = False
    title: Text | None = None  # the wording for this organisation's profile
    description: Text | None = None
    resources: tuple[Resource, ...] | None = None  # the variant's own, when it has some

    @property
    def distinct_reasons(self) -> tuple[Reason, ...]:
        """The reasons, each said once (two rules can come to the same sentence)."""
        seen: set[str] = set()
        kept = []
        for reason in self.reasons:
            if reason.fr not in seen:
                seen.add(reason.fr)
                kept.append(reason)
        return tuple(kept)


@dataclass(frozen=True, slots=True)
class Strength:
    """A dimension where the organisation already does well."""

    dimension: str
    score: float


@dataclass(frozen=True, slots=True)
class Roadmap:
    """The main plan (sized to the organisation), the other leads, and the strengths."""

    main: tuple[Selected, ...]
    others: tuple[Selected, ...]
    strengths: tuple[Strength, ...]

    @property
    def selected(self) -> tuple[Selected, ...]:
        """Every selected recommendation, in reading order."""
        return self.main + self.others


def facts_for(scores: Scores, spreads: Mapping[str, float | None] | None = None) -> Facts:
    """What rule conditions see: the shown answers and every score, exactly, and for several
    respondents how far apart they are on each dimension (in whole points, as shown)."""
    return Facts(
        scores.answers,
        {**{d: _exactly(s.measure, s.score) for d, s in scores.dimensions.items()},
         **{d: _exactly(s.measure, s.score) for d, s in scores.derived.items()}},
        {s: _exactly(st.measure, st.score) for s, st in scores.stages.items()},
        _exactly(scores.measure, scores.global_score),
        {d: shown(value) for d, value in (spreads or {}).items()},
    )


def _exactly(measure: Measure | None, stored: float | None) -> Measure | None:
    """A score as rules compare it: exact, or the stored decimal when that is all there is."""
    return measure if measure is not None else (
        None if stored is None else Measure.stored(stored))


def _gap(reco: Recommendation, scores: Scores, worse: bool = False) -> float:
    """How far its dimensions are from where they should be: 100 minus the lowest score, or,
    when a higher score is worse (impact, risk), the highest score."""
    values = [scores.dimensions[d].score for d in reco.dimensions]
    known = [v for v in values if v is not None]
    if worse:
        return max(known) if known else 0.0
    return 100.0 - min(known) if known else 0.0


@dataclass(slots=True, eq=False)  # one per recommendation: `in` and `remove` go by identity,
class _Candidate:  # not through a field-by-field comparison of recommendations (a sixth of scoring)
    reco: Recommendation
    reasons: tuple[Reason, ...]
    priority: int
    gap: float
    order: int
    phase: int
    own_kind: bool = False  # its `presumes` reads the organisation's kind

    def key(self) -> tuple[int, float, int]:
        """Which actions enter a short plan: the most important, then the widest gap."""
        return (self.priority, -self.gap, self.order)


def plan_size(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> int:
    """How many actions the main plan may hold, from the organisation's size: with several
    size questions (employees, regular volunteers), the largest of their sizes."""
    settings = questionnaire.index.roadmap
    sizes = [settings.sizes[value] for value in (
        answers.get(name) for name in settings.size_questions)
        if isinstance(value, str) and value in settings.sizes]
    return max(sizes) if sizes else settings.max_actions


def _open_phases(questionnaire: Questionnaire, level: int | None) -> set[int]:
    """The phases whose actions may enter the plan at this global level (none: the first)."""
    numbers = {lv.id: n for n, lv in enumerate(questionnaire.levels, start=1)}
    reached = level or 1
    return {i for i, phase in enumerate(questionnaire.index.phases)
            if numbers.get(phase.opens_at or "", 1) <= reached} or {0}


def _variant(q: Questionnaire, reco: Recommendation, facts: Facts) -> Variant | None:
    """The wording for this organisation: the first variant whose profile holds."""
    for variant in reco.variants:
        if q.profiles[variant.profile](facts):
            return variant
    return None


@dataclass(frozen=True, slots=True)
class _Entry:
    """One recommendation with what the roadmap evaluates, looked up once per questionnaire."""

    order: int
    reco: Recommendation
    phase: int
    presumes: Any  # the compiled closure, or None
    rules: tuple[tuple[Rule, Condition, Any, int], ...]  # rule, condition, closure, priority
    fallbacks: tuple[tuple[Rule, Condition, Any, int], ...]  # the same, of its fallback rules


@cache
def _entries(q: Questionnaire) -> tuple[_Entry, ...]:
    phases = {phase.id: i for i, phase in enumerate(q.index.phases)}
    entries = []
    for order, reco in enumerate(q.recommendations):
        if reco.scope != "plan":
            continue  # chosen for several respondents or two partners, never in one's plan
        presumes = q.presumes.get(reco.id)
        rules = [(rule, condition, condition.evaluate, rule.priority or reco.priority)
                 for rule, condition in zip(reco.rules, q.rules[reco.id], strict=True)]
        entries.append(_Entry(order, reco, phases.get(reco.phase or "", 0),
                              presumes.evaluate if presumes else None,
                              tuple(r for r in rules if not r[0].fallback),
                              tuple(r for r in rules if r[0].fallback)))
    return tuple(entries)


def scoped(q: Questionnaire, scope: str, facts: Facts, kind: str | None,
           limit: int | None = None) -> tuple[Selected, ...]:
    """The recommendations of an `alignment` or `joint` scope whose rules hold (its fallback
    ones when none does), the most important first, then those about the widest spread; of
    those serving one `intent`, the first only; `limit` of them at most."""
    found: dict[str, Selected] = {}
    for fallback in (False, True):
        for order, reco in enumerate(q.recommendations):
            if reco.scope != scope:
                continue
            fired = [(rule, condition) for rule, condition in zip(reco.rules, q.rules[reco.id],
                                                                   strict=True)
                     if rule.fallback == fallback and condition(facts)]
            if fired:
                priority = min(rule.priority or reco.priority for rule, _ in fired)
                widest = max((facts.spreads.get(d) or 0.0 for d in reco.dimensions),
                             default=0.0)
                found[reco.id] = Selected(
                    reco, tuple(Reason(rule, condition, facts, q, kind)
                                for rule, condition in fired),
                    widest, order, priority)
        if found:
            break
    superseded = {other for item in found.values() for other in item.recommendation.supersedes}
    ordered = sorted((item for item in found.values()
                      if item.recommendation.id not in superseded),
                     key=lambda item: (item.priority, -item.gap, item.rank))
    intents: set[str] = set()
    kept = []
    for item in ordered:
        if item.recommendation.intent_id not in intents:
            intents.add(item.recommendation.intent_id)
            kept.append(item)
    return tuple(Selected(item.recommendation, item.reasons, item.gap, rank, item.priority)
                 for rank, item in enumerate(kept[:limit], start=1))


def _candidates(q: Questionnaire, scores: Scores, facts: Facts,
                fallback: bool) -> list[_Candidate]:
    found = []
    worse = q.scoring.higher_is == "worse"
    for entry in _entries(q):
        if entry.presumes is not None and not entry.presumes(facts):
            continue  # it would presume what the organisation said it lacks
        reasons: list[Reason] = []
        priority: int = entry.reco.priority
        for rule, condition, holds, rule_priority in (entry.fallbacks if fallback
                                                      else entry.rules):
            if holds(facts):
                reasons.append(Reason(rule, condition, facts, q, scores.kind))
                priority = min(priority, rule_priority)
        if reasons:  # one entry per recommendation, however many rules fired
            found.append(_Candidate(entry.reco, tuple(reasons), priority,
                                    _gap(entry.reco, scores, worse), entry.order, entry.phase,
                                    entry.reco.id in q.kind_specific))
    return found


def _one_per_intent(candidates: list[_Candidate]) -> list[_Candidate]:
    """Of the recommendations serving one intent, the most important only."""
    best: dict[str, _Candidate] = {}
    for c in sorted(candidates, key=_Candidate.key):
        best.setdefault(c.reco.intent_id, c)
    kept = {id(c) for c in best.values()}
    return [c for c in candidates if id(c) in kept]


def _reading_order(plan: list[_Candidate], by_importance: bool,
                   essential: int) -> list[_Candidate]:
    """The plan as it is read: phase by phase, short term first; when `by_importance`, its
    `essential` most important actions first, then the others (each group in reading order).

    An action of the organisation's own kind, when the plan holds one, is among the first
    three: a club, a company or a town hall reads first what is written for it. It comes third
    (after the first two in reading order), or among the essential ones in place of the least
    important of them.
    """
    def reading(c: _Candidate) -> tuple[Any, ...]:
        return (c.phase, HORIZONS.index(c.reco.horizon), *c.key())

    own = next((c for c in sorted(plan, key=_Candidate.key) if c.own_kind), None)
    if not by_importance:
        ordered = sorted(plan, key=reading)
        if own is not None and not any(c.own_kind for c in ordered[:3]):
            ordered.remove(own)
            ordered.insert(2, own)
        return ordered
    head = sorted(plan, key=_Candidate.key)[:essential]
    if own is not None and not any(c.own_kind for c in head[:3]):
        head[min(len(head), 3) - 1] = own  # the least important of the first three
    return sorted(head, key=reading) + sorted((c for c in plan if c not in head), key=reading)


def _by_importance(q: Questionnaire, level: int | None) -> bool:
    """Whether the organisation's level reads its plan by importance first."""
    start = q.index.roadmap.by_importance_from
    if start is None or level is None:
        return False
    numbers = {lv.id: n for n, lv in enumerate(q.levels, start=1)}
    return level >= numbers[start]


def _selected(q: Questionnaire, c: _Candidate, facts: Facts, kind: str | None, rank: int,
              essential: bool) -> Selected:
    """A candidate in the words of this organisation's profile."""
    variant = _variant(q, c.reco, facts)
    if variant is None:
        return Selected(c.reco, c.reasons, c.gap, rank, c.priority, essential,
                        c.reco.title, c.reco.description)
    reasons = c.reasons
    if variant.because is not None:
        main = c.reasons[0]
        reasons = (Reason(main._rule, main._condition, main._facts, q, kind,
                          variant.because), *c.reasons[1:])
    return Selected(c.reco, reasons, c.gap, rank, c.priority, essential,
                    variant.title or c.reco.title, variant.description or c.reco.description,
                    variant.resources)


def is_strength(dimension: DimensionScore, threshold: Fraction | float,
                worse: bool = False) -> bool:
    """Whether a dimension is named a strength: its exact score reaches the threshold (at most
    the threshold when a higher score is worse: impact, risk), from at least half of its
    questions (not `thin`), and, when a single answer scores it (each of the flash's
    dimensions), that answer is its question's best. One answer one step below the top
    (« written down », 67 / 100) says a practice exists, not that it is a strength (issue 26)."""
    if dimension.score is None or dimension.thin:
        return False
    side = Measure.stored(dimension.measure or dimension.score).cmp(threshold)
    if (side > 0) if worse else (side < 0):
        return False
    if worse:  # a low impact is a strength however few answers say it
        return True
    answered = [c for c in dimension.contributions if c.status == ANSWERED]
    return len(answered) != 1 or (answered[0].points or 0) >= answered[0].max_points


def roadmap(questionnaire: Questionnaire, scores: Scores,
            spreads: Mapping[str, float | None] | None = None) -> Roadmap:
    """Select, explain, de-duplicate, size and sequence the recommendations; list strengths.

    The plan takes the most important actions of the phases open at the organisation's level
    (up to its size), then reads in the order of the phases: foundations before steering.
    `spreads`: a collective diagnostic's (rules may read them, engine/collective.py).
    """
    q, facts = questionnaire, facts_for(scores, spreads)
    settings = q.index.roadmap
    chosen = _candidates(q, scores, facts, fallback=False)
    superseded = {other for c in chosen for other in c.reco.supersedes}
    chosen = _one_per_intent([c for c in chosen if c.reco.id not in superseded])
    if len(chosen) < settings.min_actions:  # never a plan too thin to act on
        taken = {c.reco.id for c in chosen} | superseded
        intents = {c.reco.intent_id for c in chosen}
        spare = sorted((c for c in _candidates(q, scores, facts, fallback=True)
                        if c.reco.id not in taken and c.reco.intent_id not in intents),
                       key=_Candidate.key)
        chosen += _one_per_intent(spare)[:settings.min_actions - len(chosen)]
    open_phases = _open_phases(q, scores.level)
    ready = sorted((c for c in chosen if c.phase in open_phases), key=_Candidate.key)
    waiting = sorted((c for c in chosen if c.phase not in open_phases),
                     key=lambda c: (c.phase, *c.key()))
    while len(ready) < settings.min_actions and waiting:  # a later phase rather than too few
        ready.append(waiting.pop(0))
    size = plan_size(q, scores.answers)
    plan = ready[:size]
    own = next((c for c in ready if c.own_kind), None)
    if own is not None and own not in plan:  # room for the organisation's own kind
        plan[-1] = own
    by_importance = _by_importance(q, scores.level)
    reading = _reading_order(plan, by_importance, settings.essential)
    others = sorted([c for c in ready if c not in plan] + waiting,
                    key=lambda c: (c.phase, *c.key()))
    ranked = [_selected(q, c, facts, scores.kind, rank,
                        rank <= settings.essential and rank <= len(reading))
              for rank, c in enumerate(reading + others, start=1)]
    # a strength: at least `strength_threshold`, or at most when a higher score is worse
    threshold, worse = exact(q.index.strength_threshold), q.scoring.higher_is == "worse"
    strengths = sorted(
        (Strength(d, s.score) for d, s in scores.dimensions.items()
         if s.score is not None and is_strength(s, threshold, worse)),
        key=lambda strength: strength.score if worse else -strength.score,
    )
    return Roadmap(tuple(ranked[:len(reading)]), tuple(ranked[len(reading):]), tuple(strengths))
