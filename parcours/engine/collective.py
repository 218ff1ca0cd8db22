"""Several respondents of one organisation: their answers consolidated, their spread measured,
the questions they disagree on most ranked. Pure, like the rest of the engine.

Which statistic consolidates, and why. The options of a scored question are ordered levels of
practice (behaviourally anchored), not measures: « a bit more than the second option » means
nothing. So each question's consolidated answer is the LOWER MEDIAN of the respondents' real
answers, ordered by points: an answer one of them actually gave, and the highest level that at
least half of them reach. One enthusiastic director or one discouraged volunteer does not move
it (a mean would), and it never claims more than half the group sees. The consolidated answers
are what question-level rules read (« answers.q1 == … »), as for a single respondent.

The group's score per dimension is not the score of those consolidated answers: it is the
MEDIAN OF THE RESPONDENTS' OWN SCORES on that dimension, and its band their Q1–Q3, so the
group result, the band and the table come from one set of numbers and the result always lies
within its band (each question's lower median, scored, could fall outside it: the middle of a
dimension's questions is not the middle of the people). Half the group scores at least that
much, half at most; one enthusiastic director or one discouraged volunteer moves it no more than
any other respondent. Stages and the global score are weighted means of those medians, as in
`scoring`, and the roadmap reads these scores: the page, the PDF and the rules read one figure.

How far apart they are is read from the same scores: per dimension the quartiles (the middle
half of the group lies between Q1 and Q3) and the interquartile range, `spread.DIM` for rules.
Under SAFE_GROUP scores the quartiles would give respondents' scores back (at three, Q1, the
median and Q3 are three equations in three unknowns): only the median is published, and rules
do not read the spread either, so no alignment action tells what the page does not.

Roles are compared by their own medians, with the same care as the group's: a role's figures
are published once it has three respondents, and change only when three more of that role
have joined since its figures were last published (`role_members`): the host never sees a
role's figures move because of one person. The consolidation is published in rounds
(services/consolidation.py), each adding three respondents or more to the last.

Per question, a disagreement index: the mean absolute difference between two
respondents' points, divided by the question's range of points: 0 when all agree, 1 when the
group is split in two halves at both ends. Nothing is worked out for fewer than three
respondents, overall or in a role: with two, each would read the other's answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from statistics import quantiles
from typing import Any

from .model import DONT_KNOW, NOT_APPLICABLE, SPECIAL_VALUES, AnyQuestion
from .numbers import Measure, kept
from .questionnaire import Questionnaire
from .questions import QUESTION_TYPES, points_range
from .roadmap import Roadmap, Selected, facts_for, roadmap, scoped
from .scoring import Scores, score, with_dimension_scores
from .serialize import answer_text, rounded, selected_dict

MIN_GROUP = 3  # respondents below which no figure is shown, overall or for a role
ALIGNMENT_SHOWN = 4  # alignment actions kept, one per intent: the most important first
SAFE_GROUP = 5  # scores below which a dimension's quartiles are not published, only its median


@dataclass(frozen=True, slots=True)
class Response:
    """One respondent who completed: its role (« direction », « bénévoles »…) and its answers."""

    role: str
    answers: Mapping[str, Any]
    round: int = 1  # the published round it was first counted in (services/consolidation.py)


@dataclass(frozen=True, slots=True)
class Spread:
    """The respondents' own scores on one dimension: quartiles, over those who have one."""

    dimension: str
    low: float | None  # Q1
    median: float | None
    high: float | None  # Q3
    respondents: int

    @property
    def width(self) -> float | None:
        """The interquartile range, None below three scores."""
        return None if self.low is None or self.high is None else self.high - self.low

    @property
    def published(self) -> bool:
        """Whether the band may be shown (and read by rules): SAFE_GROUP scores or more."""
        return self.respondents >= SAFE_GROUP and self.low is not None

    @property
    def shown_width(self) -> float | None:
        """The interquartile range as published (what `spread.DIM` reads)."""
        return self.width if self.published else None


@dataclass(frozen=True, slots=True)
class RoleFigures:
    """One role's consolidated dimension scores and spreads (from its published members,
    `role_members`); None under three respondents, with how many more would unlock them."""

    role: str
    respondents: int
    dimensions: Mapping[str, float | None] | None
    spreads: Mapping[str, Spread] | None
    missing: int = 0  # more respondents of this role needed before its figures are shown


@dataclass(frozen=True, slots=True)
class RoleGap:
    """Where two roles see one dimension furthest apart: the highest and the lowest median."""

    dimension: str
    high_role: str
    high: float
    low_role: str
    low: float

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass(frozen=True, slots=True)
class Disagreement:
    """How far respondents are apart on one scored question, and how they answered it.

    `distribution`: (option value, count) in the question's order — for a number question, one
    entry per range of its points (`range0`, `range1`…) —; the special answers counted apart."""

    question: str
    dimension: str
    index: float  # 0 (all agree) to 1 (two halves at both ends)
    answered: int
    dont_know: int
    not_applicable: int
    distribution: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Consolidation:
    """What several respondents say together."""

    respondents: int
    answers: Mapping[str, Any]
    scores: Scores
    roadmap: Roadmap
    spreads: Mapping[str, Spread]
    roles: tuple[RoleFigures, ...]
    disagreements: tuple[Disagreement, ...]
    alignment: tuple[Selected, ...]
    gaps: tuple[RoleGap, ...] = ()

    @property
    def spread_widths(self) -> dict[str, float | None]:
        """The published interquartile ranges, what rules read."""
        return {d: s.shown_width for d, s in self.spreads.items()}


def _points(question: AnyQuestion, value: Any) -> float:
    return QUESTION_TYPES[question.type].points(question, value)


def _key(value: Any) -> str:
    """A stable key for an answer value (choices of a multiple question, in any order)."""
    return "|".join(sorted(value)) if isinstance(value, tuple | list) else repr(value)


def _lower_median(question: AnyQuestion, values: list[Any]) -> Any:
    """The real answer at the lower median, by points (ties by a stable key)."""
    ordered = sorted(values, key=lambda v: (_points(question, v), _key(v)))
    return ordered[(len(ordered) - 1) // 2]


def _most_frequent(values: list[Any]) -> Any:
    counts = Counter(_key(v) for v in values)
    best = max(counts.values())
    return next(v for v in values if counts[_key(v)] == best)


def _consolidated_answer(question: AnyQuestion, values: list[Any]) -> Any:
    """The group's answer to one question, or None to leave it unanswered."""
    real = [v for v in values if not (isinstance(v, str) and v in SPECIAL_VALUES)]
    special = [v for v in values if isinstance(v, str) and v in SPECIAL_VALUES]
    if len(special) > len(real):  # most of them do not know, or are not concerned
        return DONT_KNOW if special.count(DONT_KNOW) >= special.count(NOT_APPLICABLE) else (
            NOT_APPLICABLE)
    if not real or question.type == "text":
        return None  # free text is never consolidated: it would be one person's words
    if question.scored or question.type == "number":
        return _lower_median(question, real)
    return _most_frequent(real)


@cache
def profile_ids(q: Questionnaire) -> frozenset[str]:
    """The questions of the profile (the stages without dimensions): answered once for the
    organisation, shared by all its respondents."""
    return frozenset(question.id for stage in q.stages if not stage.dimensions
                     for section in stage.sections for question in section.questions)


def _shown(q: Questionnaire, profile: Mapping[str, Any],
           responses: Sequence[Response]) -> list[dict[str, Any]]:
    """Each respondent's shown answers, the shared profile in place of theirs."""
    ids = profile_ids(q)
    shared = {qid: value for qid, value in profile.items() if qid in ids}
    return [q.visible({**{k: v for k, v in r.answers.items() if k not in ids},
                       **shared}) for r in responses]


def _combine(q: Questionnaire, profile: Mapping[str, Any],
             answer_sets: list[dict[str, Any]]) -> dict[str, Any]:
    ids = profile_ids(q)
    combined: dict[str, Any] = {qid: v for qid, v in profile.items() if qid in ids}
    for qid, question in q.questions.items():
        if qid in ids:
            continue
        values = [answers[qid] for answers in answer_sets if qid in answers]
        if values and (value := _consolidated_answer(question, values)) is not None:
            combined[qid] = value
    return q.visible(combined)


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    q1, q2, q3 = quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def _spreads(q: Questionnaire, own_scores: list[Scores]) -> dict[str, Spread]:
    found = {}
    for dimension in q.dimensions:
        values = [s.dimensions[dimension].score for s in own_scores]
        known = [v for v in values if v is not None]
        if len(known) >= MIN_GROUP:
            low, middle, high = _quartiles(known)
            found[dimension] = Spread(dimension, low, middle, high, len(known))
        else:
            found[dimension] = Spread(dimension, None, None, None, len(known))
    return found


def _index(question: AnyQuestion, points: list[float]) -> float:
    span, n = points_range(question), len(points)
    if span <= 0 or n < 2:
        return 0.0
    # Σ over pairs |a − b|, from the sorted points: the k-th smallest is above k − 1 of the
    # others and below n − k (n log n, where pairs would be n²)
    total = sum(value * (2 * k - n + 1) for k, value in enumerate(sorted(points)))
    return round(total / (n * (n - 1) / 2) / span, 9)


def _distribution(question: AnyQuestion, real: list[Any]) -> tuple[tuple[str, int], ...]:
    if question.type in ("single", "multiple"):
        chosen = Counter(item for v in real
                         for item in (v if isinstance(v, tuple | list) else (v,)))
        return tuple((o.value, chosen[o.value]) for o in question.options)  # type: ignore[union-attr]
    if question.type == "yesno":
        return (("yes", real.count("yes")), ("no", real.count("no")))
    ranges = getattr(question, "ranges", ())
    return tuple((f"range{i}", sum(1 for v in real if band.min <= v <= band.max))
                 for i, band in enumerate(ranges))


def disagreements(q: Questionnaire, answer_sets: list[dict[str, Any]]) -> tuple[Disagreement, ...]:
    """Every scored question at least two respondents really answered, strongest disagreement
    first (to a tenth: closer indexes are the same disagreement, read on a handful of people),
    a question with graded answers before a yes/no one, which says less of where people
    stand; then the question more of them answered, then the questionnaire's order."""
    found = []
    for order, (qid, question) in enumerate(q.questions.items()):
        if not question.scored:
            continue
        values = [answers[qid] for answers in answer_sets if qid in answers]
        real = [v for v in values if not (isinstance(v, str) and v in SPECIAL_VALUES)]
        if len(real) < 2:
            continue
        index = _index(question, [_points(question, v) for v in real])
        found.append((-round(index, 1), question.type == "yesno", -len(real), order,
                      Disagreement(
            qid, question.dimension or "", index, len(real), values.count(DONT_KNOW),
            values.count(NOT_APPLICABLE), _distribution(question, real))))
    return tuple(item[-1] for item in sorted(found, key=lambda item: item[:4]))


def role_members(responses: Sequence[Response]) -> dict[str, list[int]]:
    """Per role (in order of first appearance), the indexes of the respondents its figures
    are made of: going through the rounds in order, a role's members are taken again only
    when at least MIN_GROUP of them are new since they were last taken; so two successive
    figures of a role never differ by fewer than three people."""
    taken: dict[str, list[int]] = {}
    for response in responses:
        taken.setdefault(response.role, [])
    for current in sorted({response.round for response in responses}):
        for role, members in taken.items():
            now = [i for i, r in enumerate(responses)
                   if r.role == role and r.round <= current]
            if len(now) - len(members) >= MIN_GROUP:
                taken[role] = now
    return taken


def _role_figures(q: Questionnaire, role: str, members: int,
                  own: list[Scores]) -> RoleFigures:
    if len(own) < MIN_GROUP:
        return RoleFigures(role, members, None, None, MIN_GROUP - members)
    spreads = _spreads(q, own)  # the role's own medians: the same statistic as the group's
    return RoleFigures(role, len(own), {d: s.median for d, s in spreads.items()}, spreads)


GAP_SHOWN, GAP_MIN = 3, 15.0  # the widest gaps between roles said in words, from 15 points


def role_gaps(q: Questionnaire, figures: Sequence[RoleFigures]) -> tuple[RoleGap, ...]:
    """Per dimension, the two shown roles furthest apart; the GAP_SHOWN widest, from GAP_MIN
    points (in the questionnaire's order when equal)."""
    found = []
    for order, dimension in enumerate(q.dimensions):
        seen = [(float(value), f.role) for f in figures if f.dimensions is not None
                and (value := f.dimensions.get(dimension)) is not None]
        if len(seen) < 2:
            continue
        high, low = max(seen, key=lambda item: item[0]), min(seen, key=lambda item: item[0])
        gap = RoleGap(dimension, high[1], high[0], low[1], low[0])
        if gap.width >= GAP_MIN:
            found.append((-gap.width, order, gap))
    return tuple(item[-1] for item in sorted(found, key=lambda item: item[:2])[:GAP_SHOWN])


def consolidate(q: Questionnaire, profile: Mapping[str, Any],
                responses: Sequence[Response]) -> Consolidation:
    """What the respondents say together (ValueError under three of them).

    `profile`: the organisation's profile answers, shared by every respondent (theirs are
    ignored); `responses`: each completed respondent's checked answers."""
    if len(responses) < MIN_GROUP:
        raise ValueError(f"{len(responses)} respondents: at least {MIN_GROUP} are needed")
    answer_sets = _shown(q, profile, responses)
    own = [score(q, answers) for answers in answer_sets]
    combined = _combine(q, profile, answer_sets)
    spreads = _spreads(q, own)
    # the group's score per dimension: the median of the respondents' own (module docstring)
    scores = with_dimension_scores(q, score(q, combined),
                                   {d: s.median for d, s in spreads.items()})
    widths = {d: s.shown_width for d, s in spreads.items()}
    members = role_members(responses)
    figures = tuple(_role_figures(q, role, sum(1 for r in responses if r.role == role),
                                  [own[i] for i in taken])
                    for role, taken in members.items())
    return Consolidation(
        respondents=len(responses),
        answers=combined,
        scores=scores,
        roadmap=roadmap(q, scores, widths),
        spreads=spreads,
        roles=figures,
        disagreements=disagreements(q, answer_sets),
        alignment=scoped(q, "alignment", facts_for(scores, widths, q), scores.kind,
                         ALIGNMENT_SHOWN),
        gaps=role_gaps(q, figures),
    )


TOP_DISAGREEMENTS = 5  # the agenda of a workshop, not the whole questionnaire


def _value_label(q: Questionnaire, question: AnyQuestion, key: str, kind: str | None,
                 lang: str) -> str:
    if key.startswith("range") and question.type == "number":
        band = question.ranges[int(key[5:])]  # type: ignore[union-attr]
        high = answer_text(q, question.id, band.max, kind, lang)  # with its unit
        if band.min == band.max:
            return high
        low = f"{band.min:g}".replace(".", "," if lang == "fr" else ".")
        return f"{low} – {high}"  # « 6 – 500 rencontres », the unit once
    return answer_text(q, question.id, key, kind, lang)


def alignment_dict(q: Questionnaire, found: Consolidation, lang: str) -> dict[str, Any]:
    """The consolidation's figures as JSON-ready data in `lang`, for the snapshot's
    `alignment`: never one respondent's answer, never a figure for a role under three."""
    kind = found.scores.kind

    def spread(s: Spread) -> dict[str, Any]:
        # under SAFE_GROUP scores, the median only: the quartiles would give the scores back
        shown = s.published
        return {"dimension": s.dimension, "title": q.dimensions[s.dimension].title.get(lang),
                "stage": q.dimension_stage[s.dimension], "respondents": s.respondents,
                "low": rounded(s.low) if shown else None,
                # as the group's dimension score is kept (numbers.kept): the same figure
                "median": kept(None if s.median is None else Measure.stored(s.median),
                               q.thresholds[("score", s.dimension)]),
                "high": rounded(s.high) if shown else None, "width": rounded(s.shown_width)}

    top = [d for d in found.disagreements if d.index > 0][:TOP_DISAGREEMENTS]
    return {
        "min_group": MIN_GROUP,
        "safe_group": SAFE_GROUP,
        "respondents": found.respondents,
        "spreads": [spread(s) for s in found.spreads.values()],
        "gaps": [{"dimension": g.dimension, "title": q.dimensions[g.dimension].title.get(lang),
                  "high_role": g.high_role, "high": rounded(g.high),
                  "low_role": g.low_role, "low": rounded(g.low)} for g in found.gaps],
        "roles": [{"role": r.role, "respondents": r.respondents, "missing": r.missing,
                   "dimensions": None if r.dimensions is None else
                   {d: rounded(v) for d, v in r.dimensions.items()},
                   "spreads": None if r.spreads is None else
                   {d: rounded(s.shown_width) for d, s in r.spreads.items()}}
                  for r in found.roles],
        "disagreements": [
            {"question": d.question, "text": q.questions[d.question].text_for(kind, lang),
             "dimension": d.dimension,
             "dimension_title": q.dimensions[d.dimension].title.get(lang),
             "index": round(d.index, 2), "answered": d.answered, "dont_know": d.dont_know,
             "not_applicable": d.not_applicable,
             "distribution": [{"value": value, "count": count,
                               "label": _value_label(q, q.questions[d.question], value, kind,
                                                     lang)}
                              for value, count in d.distribution]}
            for d in top],
        "recommendations": [selected_dict(q, item, lang, True)
                            for item in found.alignment],
    }
