"""The checker's state: the look-ups it builds, and the problems it records with FILE:LINE."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..conditions import Condition
from ..model import AnyQuestion, Dimension, Index, Recommendation, Section, Stage
from ..yamlfile import PathKey, Problem, YamlDocument

RESERVED = frozenset(
    {"and", "or", "not", "in", "contains", "answered", "dont_know", "count", "score", "stage",
     "spread", "global", "profile"}
)
# A dimension without a scored question could never have a score. How many it needs to be measured
# well is the content's business (A.D.O.C. asks three or more, see tests/engine/test_content.py;
# the flash asks the single most telling one).
MIN_SCORED_PER_DIMENSION = 1


class CheckerState:
    """What the checks build and record, shared by each family of checks."""

    def __init__(
        self,
        index: Index,
        index_doc: YamlDocument,
        stage_docs: list[tuple[YamlDocument, Stage]],
        reco_docs: list[tuple[YamlDocument, tuple[Recommendation, ...]]],
    ) -> None:
        self.index, self.index_doc = index, index_doc
        self.stage_docs, self.reco_docs = stage_docs, reco_docs
        self.problems: list[Problem] = []
        self.questions: dict[str, AnyQuestion] = {}
        self.question_stage: dict[str, str] = {}
        self.question_section: dict[str, str] = {}
        self.sections: dict[str, Section] = {}
        self.dimensions: dict[str, Dimension] = {}
        self.dimension_stage: dict[str, str] = {}
        self.dimension_questions: dict[str, list[str]] = defaultdict(list)
        self.show_if: dict[str, Condition] = {}
        self.not_applicable_if: dict[str, Condition] = {}
        self.rules: dict[str, tuple[Condition, ...]] = {}
        self.presumes: dict[str, Condition] = {}
        self.profiles: dict[str, Condition] = {}
        self.kind_specific: set[str] = set()
        # derived scores (issue 27): id → (formula, ((condition, formula), …) cases)
        self.derived: dict[str, tuple[Any, tuple[tuple[Condition, Any], ...]]] = {}
        self._where: dict[tuple[str, str], tuple[YamlDocument, PathKey]] = {}

    def error(self, doc: YamlDocument, path: PathKey, message: str) -> None:
        self.problems.append(Problem(doc.file, doc.line(path), message))

    def warning(self, doc: YamlDocument, path: PathKey, message: str) -> None:
        self.problems.append(Problem(doc.file, doc.line(path), message, "warning"))

    def _unique(self, kind: str, ident: str, doc: YamlDocument, path: PathKey) -> bool:
        first = self._where.get((kind, ident))
        if first is not None:
            self.error(doc, path + ("id",), f"duplicate {kind} id {ident!r} "
                       f"(first at {first[0].file}:{first[0].line(first[1])})")
            return False
        self._where[(kind, ident)] = (doc, path)
        return True
