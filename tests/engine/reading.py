"""The order a plan is read in, as questionnaires/README.md « The roadmap » states it."""

from __future__ import annotations

from typing import Any


def assert_reading_order(q: Any, road: Any, level: int | None) -> None:
    """Phase by phase; from `by_importance_from` on, the essential actions (the most important)
    first, then the others; an action of the organisation's own kind among the first three."""
    phases = [p.id for p in q.index.phases]
    main = list(road.main)
    settings = q.index.roadmap
    numbers = {lv.id: n for n, lv in enumerate(q.levels, start=1)}
    start = settings.by_importance_from

    def order(items: list[Any]) -> list[int]:
        return [phases.index(item.recommendation.phase) for item in items]

    own = [item for item in main if item.recommendation.id in q.kind_specific]
    if own:
        assert any(item in main[:3] for item in own), "no action of its own kind in the first 3"
    if start is not None and level is not None and level >= numbers[start]:
        head, rest = main[:settings.essential], main[settings.essential:]
        assert order(head) == sorted(order(head))
        assert order(rest) == sorted(order(rest))
        plain = [item for item in head if item.recommendation.id not in q.kind_specific]
        if plain and rest:
            assert max(i.priority for i in plain) <= min(i.priority for i in rest)
    else:
        # the first of its own kind may have been moved up to the third place
        kept = list(main)
        if order(kept) != sorted(order(kept)) and len(kept) > 2:
            assert kept[2].recommendation.id in q.kind_specific
            del kept[2]
        assert order(kept) == sorted(order(kept))
