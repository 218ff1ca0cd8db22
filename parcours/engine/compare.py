"""Two frozen results of one organisation side by side: what changed between them.

Pure: it reads two `result_dict`s (a snapshot's `results[lang]`), the previous and the current,
and never the questionnaire files, so that it compares what each report said when it was made.

Rounding. Stored scores have one decimal (numbers.rounded). A change is computed on those stored
values, exactly (as decimals: 62.3 − 41.1 is 21.2, not 21.199999999999996), and kept with its
decimal; it is shown rounded to the unit half away from zero (`shown_change`), so that a gain of
0.5 reads +1 and a loss of 0.5 reads −1 (numbers.shown rounds half up, which would show the loss
as 0). A shown change can therefore differ by one from the difference of the two shown scores
(40.4 → 40.6 shows 40 → 41 but a change of 0): the change is the truer number, and sorting uses
it too.

Versions. When the two results come from different versions of the questionnaire, dimensions are
matched by id and only those present in both are compared; the others are listed apart
(`only_before`, `only_after`), and `version_changed` lets a page say so. Results of different
questionnaires (a « Diagnostic flash » and the full parcours) are compared the same way but
flagged `key_changed`: callers should not compare them at all.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


def _change(before: float | None, after: float | None) -> float | None:
    if before is None or after is None:
        return None
    return float(Decimal(str(after)) - Decimal(str(before)))


def shown_change(change: float | None) -> int | None:
    """A change as the whole number a page shows: half away from zero (+0.5 → 1, −0.5 → −1)."""
    if change is None:
        return None
    magnitude = math.floor(abs(Decimal(str(change))) + Decimal("0.5"))
    return int(magnitude if change >= 0 else -magnitude)


@dataclass(frozen=True)
class Delta:
    """A score before and after (None: no score on that side) and their exact difference."""

    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        """after − before on the stored values, None when either side has no score."""
        return _change(self.before, self.after)

    @property
    def shown(self) -> int | None:
        """The change rounded to the unit, as shown."""
        return shown_change(self.change)


@dataclass(frozen=True)
class Level:
    """A level as a result states it: its number (1 is the lowest) and label."""

    number: int
    label: str


@dataclass(frozen=True)
class LevelChange:
    before: Level | None
    after: Level | None

    @property
    def steps(self) -> int | None:
        """How many levels up (negative: down), None when either side has no level."""
        if self.before is None or self.after is None:
            return None
        return self.after.number - self.before.number


@dataclass(frozen=True)
class DimensionChange:
    id: str
    title: str  # the current result's words
    stage: str  # the id of its stage in the current result
    score: Delta
    level: LevelChange
    dont_know_before: int
    dont_know_after: int


@dataclass(frozen=True)
class StageChange:
    id: str
    title: str
    score: Delta  # both None when the stage is in only one of the results
    level: LevelChange
    dimensions: tuple[DimensionChange, ...]  # those present in both results, in current order


@dataclass(frozen=True)
class Dimension:
    """A dimension present in only one of the two results."""

    id: str
    title: str


@dataclass(frozen=True)
class Comparison:
    key_before: str
    key_after: str
    version_before: str
    version_after: str
    score: Delta  # the global score
    level: LevelChange  # the global level
    stages: tuple[StageChange, ...]  # the current result's stages, in its order
    only_before: tuple[Dimension, ...]  # dimensions the previous result had and this one lacks
    only_after: tuple[Dimension, ...]  # dimensions new in this result

    @property
    def key_changed(self) -> bool:
        return self.key_before != self.key_after

    @property
    def version_changed(self) -> bool:
        return self.key_changed or self.version_before != self.version_after

    @property
    def dimensions(self) -> tuple[DimensionChange, ...]:
        """Every dimension present in both, in the current result's order."""
        return tuple(d for stage in self.stages for d in stage.dimensions)

    @property
    def by_change(self) -> tuple[DimensionChange, ...]:
        """Dimensions with a change, most improved first, most declined last (ties: current
        order)."""
        changed = [d for d in self.dimensions if d.score.change is not None]
        return tuple(sorted(changed, key=lambda d: -(d.score.change or 0.0)))

    @property
    def largest(self) -> tuple[DimensionChange, ...]:
        """The three largest changes, up or down, largest first (what a follow-up's summary
        leads with; a change that shows as 0 is none)."""
        moved = [d for d in self.by_change if d.score.shown]
        return tuple(sorted(moved, key=lambda d: -abs(d.score.change or 0.0))[:3])

    @property
    def improved(self) -> tuple[DimensionChange, ...]:
        """Dimensions that went up, most improved first."""
        return tuple(d for d in self.by_change if (d.score.change or 0) > 0)

    @property
    def declined(self) -> tuple[DimensionChange, ...]:
        """Dimensions that went down, most declined first."""
        return tuple(reversed([d for d in self.by_change if (d.score.change or 0) < 0]))


def _level(value: Mapping[str, Any] | None) -> Level | None:
    if not value:
        return None
    return Level(int(value["number"]), str(value.get("label") or ""))


def _dimensions(result: Mapping[str, Any]) -> dict[str, tuple[str, Mapping[str, Any]]]:
    """Dimension id → (its stage's id, the dimension), in the result's order."""
    return {d["id"]: (stage["id"], d) for stage in result.get("stages", ())
            for d in stage.get("dimensions", ())}


def compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> Comparison:
    """What changed from the `before` result to the `after` one (both `result_dict`s)."""
    dims_before, dims_after = _dimensions(before), _dimensions(after)
    stages_before = {stage["id"]: stage for stage in before.get("stages", ())}
    stages = []
    for stage in after.get("stages", ()):
        old = stages_before.get(stage["id"])
        dimensions = []
        for d in stage.get("dimensions", ()):
            if d["id"] not in dims_before:
                continue
            prev = dims_before[d["id"]][1]
            dimensions.append(DimensionChange(
                id=d["id"], title=str(d.get("title") or d["id"]), stage=stage["id"],
                score=Delta(prev.get("score"), d.get("score")),
                level=LevelChange(_level(prev.get("level")), _level(d.get("level"))),
                dont_know_before=int(prev.get("dont_know") or 0),
                dont_know_after=int(d.get("dont_know") or 0)))
        stages.append(StageChange(
            id=stage["id"], title=str(stage.get("title") or stage["id"]),
            score=Delta(old.get("score") if old else None,
                        stage.get("score") if old else None),
            level=LevelChange(_level(old.get("level")) if old else None,
                              _level(stage.get("level")) if old else None),
            dimensions=tuple(dimensions)))
    about_before, about_after = before.get("questionnaire", {}), after.get("questionnaire", {})
    return Comparison(
        key_before=str(about_before.get("key")), key_after=str(about_after.get("key")),
        version_before=str(about_before.get("version")),
        version_after=str(about_after.get("version")),
        score=Delta(before.get("global", {}).get("score"), after.get("global", {}).get("score")),
        level=LevelChange(_level(before.get("global", {}).get("level")),
                          _level(after.get("global", {}).get("level"))),
        stages=tuple(stages),
        only_before=tuple(Dimension(i, str(d.get("title") or i))
                          for i, (_, d) in dims_before.items() if i not in dims_after),
        only_after=tuple(Dimension(i, str(d.get("title") or i))
                         for i, (_, d) in dims_after.items() if i not in dims_before))


@dataclass(frozen=True)
class Served:
    """A dimension that actions marked « fait » serve, with its change."""

    dimension: DimensionChange
    actions: tuple[str, ...]  # the done actions' ids that serve it, in the order given


@dataclass(frozen=True)
class ActionsEffect:
    served: tuple[Served, ...]  # compared dimensions the done actions serve, most improved first
    not_compared: tuple[str, ...]  # dimensions they serve that are not in both results

    @property
    def mean_change(self) -> float | None:
        """The mean change of the served dimensions that have one (one decimal), or None."""
        changes = [Decimal(str(s.dimension.score.change)) for s in self.served
                   if s.dimension.score.change is not None]
        if not changes:
            return None
        mean = sum(changes, Decimal(0)) / len(changes)
        return float(mean.quantize(Decimal("0.1"), rounding="ROUND_HALF_UP"))


def actions_effect(comparison: Comparison,
                   done: Iterable[tuple[str, Iterable[str]]]) -> ActionsEffect:
    """The change in the dimensions that the done actions serve. `done` is (recommendation id,
    the dimension ids it serves) for each action marked done since the previous result."""
    actions: dict[str, list[str]] = {}
    for action_id, dimension_ids in done:
        for dimension_id in dimension_ids:
            served_by = actions.setdefault(dimension_id, [])
            if action_id not in served_by:
                served_by.append(action_id)
    compared = {d.id: d for d in comparison.dimensions}
    served = [Served(compared[i], tuple(ids)) for i, ids in actions.items() if i in compared]
    served.sort(key=lambda s: -(s.dimension.score.change if s.dimension.score.change is not None
                                else -math.inf))
    return ActionsEffect(tuple(served),
                         tuple(i for i in actions if i not in compared))
