"""A threshold that no score can reach exactly (issue 27, item 1).

Levels and rule thresholds compare the exact score. A threshold written as the rounding of a
fraction (66.67 for two thirds) then misses the very score it was meant for: 2 out of 3 is
66.666…, below 66.67. For each dimension, the scores it can take are worked out (every answer
or none to each of its questions, weighted) and a decimal threshold that one of them rounds to
while staying below it is reported, with the figure that would include it.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from ..conditions import Compare, Node, walk
from ..model import AnyQuestion, MultipleQuestion, NumberQuestion, SingleQuestion, YesNoQuestion
from ..numbers import exact
from ..yamlfile import PathKey, YamlDocument
from .state import CheckerState

MOST_STATES = 20_000  # past this, a dimension's scores are not enumerated (the check is skipped)


def _shares(question: AnyQuestion) -> set[Fraction] | None:
    """Each answer's points over the question's best, exactly (None: too many to list)."""
    if isinstance(question, SingleQuestion):
        points = {exact(o.points or 0.0) for o in question.options}
    elif isinstance(question, YesNoQuestion) and question.points is not None:
        points = {exact(question.points.yes), exact(question.points.no)}
    elif isinstance(question, NumberQuestion):
        points = {exact(band.points) for band in question.ranges}
    elif isinstance(question, MultipleQuestion) and len(question.options) <= 12:
        values = [exact(max(o.points or 0.0, 0.0)) for o in question.options]
        cap = exact(question.max_points) if question.max_points else sum(values, Fraction(0))
        points = {min(sum(chosen, Fraction(0)), cap) for n in range(len(values) + 1)
                  for chosen in itertools.combinations(values, n)}
    else:
        return None
    best = max(points, default=Fraction(0))
    return {p / best for p in points} if best else None


def reachable(questions: list[AnyQuestion], zero: bool) -> set[Fraction] | None:
    """Every score (0–100) a dimension of these questions can take, or None when too many."""
    states: set[tuple[Fraction, Fraction]] = {(Fraction(0), Fraction(0))}
    for question in questions:
        shares = _shares(question)
        if shares is None:
            return None
        weight = exact(question.weight)
        states = {(total + weight * share, weights + weight) for total, weights in states
                  for share in shares} | states  # or not counted (hidden, « non concerné »)
        if zero:
            states |= {(total, weights + weight) for total, weights in states}
        if len(states) > MOST_STATES:
            return None
    return {100 * total / weights for total, weights in states if weights}


def _places(value: Fraction) -> int:
    text = repr(float(value))
    return len(text.partition(".")[2].rstrip("0")) if "e" not in text else 0


def _rounds_to(value: Fraction, places: int) -> Fraction:
    scale = 10 ** places
    return Fraction(int(value * scale + Fraction(1, 2)), scale)


def check_reach(checker: CheckerState) -> None:
    """Warn about each decimal threshold of a dimension that a score rounds to but misses."""
    index = checker.index
    general: list[tuple[Fraction, str, PathKey]] = [
        (exact(level.min), f"of level {level.id!r}", ("levels", n, "min"))
        for n, level in enumerate(index.levels)]
    general.append((exact(index.strength_threshold), "of 'strength_threshold'",
                    ("strength_threshold",)))
    rules: dict[str, list[tuple[Fraction, str]]] = {}
    for reco_id, conditions in checker.rules.items():
        for condition in conditions:
            for node in _compares(condition.node):
                rules.setdefault(node.subject.name, []).append(
                    (exact(float(node.value)), f"of a rule of recommendation {reco_id!r}"))
    zero = index.unanswered == "zero"
    for doc, stage in checker.stage_docs:
        for d, dimension in enumerate(stage.dimensions):
            here: list[tuple[Fraction, str, tuple[YamlDocument, PathKey]]] = [
                (value, who, (checker.index_doc, path)) for value, who, path in general]
            here += [(value, who, (doc, ("dimensions", d)))
                     for value, who in rules.get(dimension.id, ())]
            here = [item for item in here if _places(item[0])]  # a whole number is exact
            if not here:
                continue
            questions = [checker.questions[q] for q in checker.dimension_questions.get(
                dimension.id, ()) if q in checker.questions]
            scores = reachable(questions, zero)
            if not scores:
                continue
            for value, who, (where, path) in here:
                places = _places(value)
                if value in scores:
                    continue
                missed = sorted(s for s in scores if s < value and _rounds_to(s, places) == value)
                if missed:
                    below = missed[-1]
                    include = Fraction(int(below * 10 ** places), 10 ** places)
                    checker.warning(where, path, (
                        f"dimension {dimension.id!r}: the threshold {float(value):g} {who} cannot "
                        f"be reached exactly: a score of {float(below):.6g}… rounds to it but "
                        f"stays below it; write {float(include):g} to include that score"))


def _compares(node: Node) -> list[Compare]:
    return [n for n in walk(node) if isinstance(n, Compare)
            and n.subject.kind == "score" and isinstance(n.value, float)]
