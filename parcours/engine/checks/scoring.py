"""Checks of the scoring policies (issue 27): derived scores and the score the level is read
from; their names, their expressions and their conditions."""

from __future__ import annotations

from ..conditions import ConditionError
from ..formulas import parse_formula
from .conditions import ConditionChecks


def check_scoring(checker: ConditionChecks) -> None:
    """Every derived score parses and reads known scores (dimensions, derived scores declared
    before it, scored stages, `global`); `level_from` names a dimension or a derived score."""
    scoring = checker.index.scoring
    if scoring is None:
        return
    doc = checker.index_doc
    stages = {stage.id for _, stage in checker.stage_docs if stage.dimensions}
    for n, derived in enumerate(scoring.derived):
        path = ("scoring", "derived", n)
        who = f"derived score {derived.id!r}"
        if derived.id in checker.dimensions or derived.id in checker.derived:
            checker.error(doc, path + ("id",), f"{who}: the id is already a dimension's or a "
                          "derived score's")
            continue
        try:
            formula = parse_formula(derived.value)
        except ConditionError as err:
            checker.error(doc, path + ("value",), f"{who}: {err}")
            continue
        unknown = [s for s in formula.subjects if (
            s.kind == "score" and s.name not in checker.dimensions
            and s.name not in checker.derived) or (s.kind == "stage" and s.name not in stages)]
        for subject in unknown:
            kind = "scored stage" if subject.kind == "stage" else "dimension or derived score"
            checker.error(doc, path + ("value",), f"{who}: unknown {kind} {subject.name!r} in "
                          "expression (a derived score reads those declared before it)")
        cases = []
        for c, case in enumerate(derived.cases):
            condition = checker._condition(doc, path + ("cases", c, "when"), who, case.when,
                                           show_if=False)
            try:
                value = parse_formula(case.value)
            except ConditionError as err:
                checker.error(doc, path + ("cases", c, "value"), f"{who}: {err}")
                continue
            for subject in value.subjects:
                if subject.kind == "score" and subject.name not in checker.dimensions and (
                        subject.name not in checker.derived):
                    checker.error(doc, path + ("cases", c, "value"), f"{who}: unknown "
                                  f"dimension or derived score {subject.name!r} in expression")
            if condition is not None:
                cases.append((condition, value))
        if not unknown:
            checker.derived[derived.id] = (formula, tuple(cases))
    if scoring.level_from is not None and scoring.level_from not in checker.dimensions and (
            scoring.level_from not in checker.derived):
        known = ", ".join([*checker.dimensions, *checker.derived])
        checker.error(doc, ("scoring", "level_from"), f"scoring: level_from "
                      f"{scoring.level_from!r} is neither a dimension nor a derived score "
                      f"(expected one of {known})")
