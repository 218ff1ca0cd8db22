"""The roadmap: rules select recommendations; a plan sized and sequenced, each with its reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from operator import attrgetter
from typing import Any

from .conditions import Condition, Evaluator, Facts, remembered
from .explain import because
from .model import Recommendation, Resource, Rule, Text, Variant
from .numbers import Measure, exact, shown
from .questionnaire import Questionnaire
from .scales import Scales
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


# not frozen, as scoring.Contribution: built once per selected recommendation at every scoring
@dataclass(slots=True)
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


def facts_for(scores: Scores, spreads: Mapping[str, float | None] | None = None,
              questionnaire: Questionnaire | None = None) -> Facts:
    """What rule conditions see: the shown answers and every score, exactly, and for several
    respondents how far apart they are on each dimension (in whole points, as shown); with
    the `questionnaire`, what each score on a scale of its own is out of, for the reasons."""
    return Facts(
        scores.answers,
        {**{d: _exactly(s.measure, s.score) for d, s in scores.dimensions.items()},
         **{d: _exactly(s.measure, s.score) for d, s in scores.derived.items()}},
        {s: _exactly(st.measure, st.score) for s, st in scores.stages.items()},
        _exactly(scores.measure, scores.global_score),
        {d: shown(value) for d, value in (spreads or {}).items()},
        Scales(questionnaire, scores) if questionnaire is not None else {},
        profiles={},  # the answers and scores are settled: each profile is worked out once
    )


def _exactly(measure: Measure | None, stored: float | None) -> Measure | None:
    """A score as rules compare it: exact, or the stored decimal when that is all there is."""
    return measure if measure is not None else (
        None if stored is None else Measure.stored(stored))


def _gap(values: list[float | None], worse: bool = False) -> float:
    """How far a recommendation's dimensions, scoring `values`, are from where they should be:
    100 minus the lowest score, or, when a higher score is worse (impact, risk), the highest
    score."""
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
    own_kind: bool  # its `presumes` reads the organisation's kind
    entry: _Entry  # what was looked up once of its recommendation
    importance: tuple[int, float, int]  # `key()`: (priority, -gap, order), worked out once
    in_phase: tuple[int, int, float, int]  # the order of the other leads: (phase, *key())
    reading: tuple[int, int, int, float, int]  # of the plan: (phase, horizon, *key())

    def key(self) -> tuple[int, float, int]:
        """Which actions enter a short plan: the most important, then the widest gap."""
        return self.importance


# the keys of _Candidate as sort keys, without a call in Python per item
_IMPORTANCE, _IN_PHASE, _READING = (attrgetter("importance"), attrgetter("in_phase"),
                                    attrgetter("reading"))


def plan_size(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> int:
    """How many actions the main plan may hold, from the organisation's size: with several
    size questions (employees, regular volunteers), the largest of their sizes."""
    settings = questionnaire.index.roadmap
    sizes = [settings.sizes[value] for value in (
        answers.get(name) for name in settings.size_questions)
        if isinstance(value, str) and value in settings.sizes]
    return max(sizes) if sizes else settings.max_actions


@cache
def _open_phases(questionnaire: Questionnaire, level: int | None) -> frozenset[int]:
    """The phases whose actions may enter the plan at this global level (none: the first)."""
    numbers = _level_numbers(questionnaire)
    reached = level or 1
    return frozenset({i for i, phase in enumerate(questionnaire.index.phases)
                      if numbers.get(phase.opens_at or "", 1) <= reached} or {0})


def _variant(variants: tuple[tuple[Variant, Evaluator], ...], facts: Facts) -> Variant | None:
    """The wording for this organisation: the first variant whose profile holds."""
    for variant, holds in variants:
        if holds(facts):
            return variant
    return None


@dataclass(frozen=True, slots=True)
class _Entry:
    """One recommendation with what the roadmap evaluates, looked up once per questionnaire."""

    order: int
    reco: Recommendation
    priority: int  # the recommendation's
    phase: int
    presumes: Any  # the compiled closure, or None
    rules: tuple[tuple[Rule, Condition, Any, int], ...]  # rule, condition, closure, priority
    fallbacks: tuple[tuple[Rule, Condition, Any, int], ...]  # the same, of its fallback rules
    dimensions: tuple[str, ...]  # the dimensions it serves (its gap)
    own_kind: bool  # written for some kinds of organisation only
    # each variant with its profile's closure (remembered: conditions.remembered)
    variants: tuple[tuple[Variant, Evaluator], ...]
    # its fields that the roadmap reads, as plain attributes: reading a field of a pydantic
    # model costs ten times more (BaseModel.__getattr__ slows every attribute look-up)
    id: str
    intent: str  # intent_id
    supersedes: tuple[str, ...]
    horizon: int  # its index in HORIZONS
    title: Text
    description: Text


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
        entries.append(_Entry(order, reco, reco.priority, phases.get(reco.phase or "", 0),
                              presumes.evaluate if presumes else None,
                              tuple(r for r in rules if not r[0].fallback),
                              tuple(r for r in rules if r[0].fallback),
                              tuple(reco.dimensions), reco.id in q.kind_specific,
                              tuple((variant, remembered(q.profiles[variant.profile]))
                                    for variant in reco.variants),
                              reco.id, reco.intent_id, reco.supersedes,
                              HORIZONS.index(reco.horizon), reco.title, reco.description))
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
    score_of = {d: dimension.score for d, dimension in scores.dimensions.items()}
    gaps: dict[tuple[str, ...], float] = {}  # by dimensions served: many serve the same
    kind = scores.kind
    for entry in _entries(q):
        presumes = entry.presumes
        if presumes is not None and not presumes(facts):
            continue  # it would presume what the organisation said it lacks
        reasons: list[Reason] = []
        priority = entry.priority
        for rule, condition, holds, rule_priority in (entry.fallbacks if fallback
                                                      else entry.rules):
            if holds(facts):
                reasons.append(Reason(rule, condition, facts, q, kind))
                if rule_priority < priority:
                    priority = rule_priority
        if reasons:  # one entry per recommendation, however many rules fired
            gap = gaps.get(entry.dimensions)
            if gap is None:
                gap = gaps[entry.dimensions] = _gap([score_of[d] for d in entry.dimensions],
                                                    worse)
            found.append(_Candidate(entry.reco, tuple(reasons), priority, gap, entry.order,
                                    entry.phase, entry.own_kind, entry,
                                    (priority, -gap, entry.order),
                                    (entry.phase, priority, -gap, entry.order),
                                    (entry.phase, entry.horizon, priority, -gap, entry.order)))
    return found


def _one_per_intent(candidates: list[_Candidate]) -> list[_Candidate]:
    """Of the recommendations serving one intent, the most important only."""
    best: dict[str, _Candidate] = {}
    for c in sorted(candidates, key=_IMPORTANCE):
        best.setdefault(c.entry.intent, c)
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
    own = next((c for c in sorted(plan, key=_IMPORTANCE) if c.own_kind), None)
    if not by_importance:
        ordered = sorted(plan, key=_READING)
        if own is not None and not any(c.own_kind for c in ordered[:3]):
            ordered.remove(own)
            ordered.insert(2, own)
        return ordered
    head = sorted(plan, key=_IMPORTANCE)[:essential]
    if own is not None and not any(c.own_kind for c in head[:3]):
        head[min(len(head), 3) - 1] = own  # the least important of the first three
    return sorted(head, key=_READING) + sorted((c for c in plan if c not in head),
                                               key=_READING)


def _by_importance(q: Questionnaire, level: int | None) -> bool:
    """Whether the organisation's level reads its plan by importance first."""
    start = q.index.roadmap.by_importance_from
    if start is None or level is None:
        return False
    return level >= _level_numbers(q)[start]


@cache
def _level_numbers(q: Questionnaire) -> dict[str, int]:
    """Each level's number (1 for the first), by id."""
    return {lv.id: n for n, lv in enumerate(q.levels, start=1)}


def _selected(q: Questionnaire, c: _Candidate, facts: Facts, kind: str | None, rank: int,
              essential: bool) -> Selected:
    """A candidate in the words of this organisation's profile."""
    variant = _variant(c.entry.variants, facts)
    if variant is None:
        return Selected(c.reco, c.reasons, c.gap, rank, c.priority, essential,
                        c.entry.title, c.entry.description)
    reasons = c.reasons
    if variant.because is not None:
        main = c.reasons[0]
        reasons = (Reason(main._rule, main._condition, main._facts, q, kind,
                          variant.because), *c.reasons[1:])
    return Selected(c.reco, reasons, c.gap, rank, c.priority, essential,
                    variant.title or c.entry.title, variant.description or c.entry.description,
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
    q, facts = questionnaire, facts_for(scores, spreads, questionnaire)
    settings = q.index.roadmap
    min_actions, essential = settings.min_actions, settings.essential
    chosen = _candidates(q, scores, facts, fallback=False)
    superseded = {other for c in chosen for other in c.entry.supersedes}
    chosen = _one_per_intent([c for c in chosen if c.entry.id not in superseded])
    if len(chosen) < min_actions:  # never a plan too thin to act on
        taken = {c.entry.id for c in chosen} | superseded
        intents = {c.entry.intent for c in chosen}
        spare = sorted((c for c in _candidates(q, scores, facts, fallback=True)
                        if c.entry.id not in taken and c.entry.intent not in intents),
                       key=_IMPORTANCE)
        chosen += _one_per_intent(spare)[:min_actions - len(chosen)]
    open_phases = _open_phases(q, scores.level)
    ready = sorted((c for c in chosen if c.phase in open_phases), key=_IMPORTANCE)
    waiting = sorted((c for c in chosen if c.phase not in open_phases), key=_IN_PHASE)
    while len(ready) < min_actions and waiting:  # a later phase rather than too few
        ready.append(waiting.pop(0))
    size = plan_size(q, scores.answers)
    plan = ready[:size]
    own = next((c for c in ready if c.own_kind), None)
    if own is not None and own not in plan:  # room for the organisation's own kind
        plan[-1] = own
    by_importance = _by_importance(q, scores.level)
    reading = _reading_order(plan, by_importance, essential)
    others = sorted([c for c in ready if c not in plan] + waiting, key=_IN_PHASE)
    kind, first = scores.kind, min(essential, len(reading))
    ranked = [_selected(q, c, facts, kind, rank, rank <= first)
              for rank, c in enumerate(reading + others, start=1)]
    # a strength: at least `strength_threshold`, or at most when a higher score is worse
    threshold, worse = exact(q.index.strength_threshold), q.scoring.higher_is == "worse"
    strengths = sorted(
        (Strength(d, s.score) for d, s in scores.dimensions.items()
         if s.score is not None and is_strength(s, threshold, worse)),
        key=lambda strength: strength.score if worse else -strength.score,
    )
    return Roadmap(tuple(ranked[:len(reading)]), tuple(ranked[len(reading):]), tuple(strengths))
