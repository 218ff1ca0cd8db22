"""Checks of the scoring policies (issue 27): derived scores and the score the level is read
from; their names, their expressions and their conditions."""

from __future__ import annotations

from ..conditions import ConditionError, walk
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
    _check_global(checker)
    if scoring.level_from is not None and scoring.level_from not in checker.dimensions and (
            scoring.level_from not in checker.derived):
        known = ", ".join([*checker.dimensions, *checker.derived])
        checker.error(doc, ("scoring", "level_from"), f"scoring: level_from "
                      f"{scoring.level_from!r} is neither a dimension nor a derived score "
                      f"(expected one of {known})")


def _reads_global(checker: ConditionChecks) -> dict[str, str | None]:
    """The derived scores that read `global`, each with the derived score it reads it
    through (None: in its own expression or cases)."""
    reads: dict[str, str | None] = {}
    scoring = checker.index.scoring
    for derived in scoring.derived if scoring else ():
        if derived.id not in checker.derived:
            continue
        formula, cases = checker.derived[derived.id]
        subjects = [*formula.subjects, *(s for _, value in cases for s in value.subjects)]
        subjects += [node.subject for condition, _ in cases for node in walk(condition.node)
                     if hasattr(node, "subject")]
        if any(s.kind == "global" for s in subjects):
            reads[derived.id] = None
            continue
        via = next((s.name for s in subjects if s.kind == "score" and s.name in reads), None)
        if via is not None:
            reads[derived.id] = via
    return reads


def _check_global(checker: ConditionChecks) -> None:
    """`global` is `stages`, `pooled`, a dimension in the global or a derived score that does
    not read the global (nor does any derived score before it); `global_scale: points` needs
    a maximum in points."""
    scoring = checker.index.scoring
    if scoring is None:
        return
    doc, policy = checker.index_doc, scoring.global_
    where = ("scoring", "global")
    if policy in ("stages", "pooled"):
        pass
    elif policy in checker.dimensions:
        dimension = checker.dimensions[policy]
        if dimension.scoring is not None and not dimension.scoring.in_global:
            checker.error(doc, where, f"scoring: global {policy!r} is a dimension kept out of "
                          "the global (in_global: false)")
    elif policy in checker.derived:
        reads = _reads_global(checker)
        if policy in reads:
            via = reads[policy]
            checker.error(doc, where, f"scoring: global {policy!r} cannot be the global: it "
                          "reads global" + (f" through {via!r}" if via else ""))
        else:
            for n, derived in enumerate(scoring.derived):
                if derived.id == policy:
                    break
                if derived.id in reads:
                    checker.error(doc, ("scoring", "derived", n, "value"), (
                        f"derived score {derived.id!r} reads global, which is the derived "
                        f"score {policy!r} declared after it: declare {derived.id!r} after "
                        f"{policy!r}"))
    elif not any(d.id == policy for d in scoring.derived):  # a derived score in error: said
        known = ", ".join([*checker.dimensions, *checker.derived])
        checker.error(doc, where, f"scoring: global {policy!r} is neither 'stages', 'pooled', "
                      f"a dimension nor a derived score (expected one of {known})")
    if scoring.global_scale == "points" and policy not in checker.dimensions and (
            policy != "pooled"):
        checker.error(doc, ("scoring", "global_scale"), "scoring: global_scale 'points' needs "
                      "a maximum in points: global 'pooled' or a dimension's id, not "
                      f"{policy!r}")
