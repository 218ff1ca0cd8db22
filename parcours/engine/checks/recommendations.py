"""Checks of the index's profiles and roadmap settings, and of every recommendation: its
references, its rules, its scope, and the intents it shares with others."""

from __future__ import annotations

import itertools
from collections import defaultdict

from ..conditions import ALWAYS, Condition, walk
from ..intents import can_both_hold, written_for_some_kinds
from ..model import Recommendation, SingleQuestion
from ..yamlfile import PathKey, YamlDocument
from .conditions import ConditionChecks, _never, _reads_answers


class RecommendationChecks(ConditionChecks):
    """The profiles, the roadmap's settings and the recommendations."""

    def _check_profiles(self) -> None:
        for p, profile in enumerate(self.index.profiles):
            path: PathKey = ("profiles", p)
            if not self._unique("profile", profile.id, self.index_doc, path):
                continue
            condition = self._condition(self.index_doc, path + ("when",),
                                        f"profile {profile.id!r}", profile.when, show_if=False,
                                        answers_only=True)
            if condition is not None:
                self.profiles[profile.id] = condition

    def _check_roadmap_settings(self) -> None:
        doc, index = self.index_doc, self.index
        levels = {level.id for level in index.levels}
        for p, phase in enumerate(index.phases):
            self._unique("phase", phase.id, doc, ("phases", p))
            if phase.opens_at is not None and phase.opens_at not in levels:
                self.error(doc, ("phases", p, "opens_at"),
                           f"phase {phase.id!r}: unknown level {phase.opens_at!r} in 'opens_at'")
        settings = index.roadmap
        if settings.min_actions > min([settings.max_actions, *settings.sizes.values()]):
            self.error(doc, ("roadmap",), "roadmap: 'min_actions' is larger than a maximum")
        if settings.by_importance_from is not None and settings.by_importance_from not in levels:
            self.error(doc, ("roadmap", "by_importance_from"), "roadmap: unknown level "
                       f"{settings.by_importance_from!r} in 'by_importance_from'")
        if not settings.size_questions:
            if settings.sizes:
                self.error(doc, ("roadmap", "sizes"), "roadmap: 'sizes' needs 'size_question'")
            return
        values: set[str] = set()
        for name in settings.size_questions:
            question = self.questions.get(name)
            if not isinstance(question, SingleQuestion):
                self.error(doc, ("roadmap", "size_question"), f"roadmap: size_question "
                           f"{name!r} is not a single-choice question")
                return
            values |= {option.value for option in question.options}
        asked = ", ".join(repr(name) for name in settings.size_questions)
        for value in settings.sizes:
            if value not in values:
                self.error(doc, ("roadmap", "sizes", value), f"roadmap: {value!r} is not an "
                           f"option of question {asked}")

    def _check_recommendation(self, doc: YamlDocument, path: PathKey,
                              reco: Recommendation) -> None:
        who = f"recommendation {reco.id!r}"
        self._unique("recommendation", reco.id, doc, path)
        for i, dimension in enumerate(reco.dimensions):
            if dimension not in self.dimensions:
                self.error(doc, path + ("dimensions", i), f"{who}: unknown dimension {dimension!r}")
        phases = {phase.id for phase in self.index.phases}
        if reco.phase is None and phases:
            self.error(doc, path + ("id",), f"{who}: missing 'phase' (one of {sorted(phases)})")
        elif reco.phase is not None and reco.phase not in phases:
            self.error(doc, path + ("phase",), f"{who}: unknown phase {reco.phase!r}")
        categories = self.index.categories
        if reco.category is not None and (categories is None or reco.category not in {
                item.id for item in categories.items}):
            known = ", ".join(item.id for item in categories.items) if categories else ""
            self.error(doc, path + ("category",), f"{who}: unknown category {reco.category!r}"
                       + (f" (expected one of {known})" if known else
                          " (the index declares no 'categories')"))
        for i, variant in enumerate(reco.variants):
            if variant.profile not in self.profiles:
                self.error(doc, path + ("variants", i, "profile"),
                           f"{who}: unknown profile {variant.profile!r} in variants")
            if (variant.title, variant.description, variant.because, variant.resources) == (
                    None, None, None, None):
                self.error(doc, path + ("variants", i), f"{who}: a variant needs a title, "
                           "a description, a reason ('because') or resources")
        if reco.presumes is not None:
            presumes = self._condition(doc, path + ("presumes",), who, reco.presumes,
                                       show_if=False)
            if presumes is not None:
                self.presumes[reco.id] = presumes
        compiled: list[Condition] = []
        for i, rule in enumerate(reco.rules):
            if rule.when is None:
                compiled.append(ALWAYS)
                continue
            condition = self._condition(doc, path + ("rules", i, "when"), who, rule.when,
                                        show_if=False)
            if condition is not None:
                compiled.append(condition)
        self.rules[reco.id] = tuple(compiled)
        if reco.scope == "joint":
            self._check_joint(doc, path, who, reco, compiled)
        if not reco.rules:
            self.warning(doc, path, f"{who}: no rule can fire it (it has no rules)")
        elif compiled and len(compiled) == len(reco.rules) and all(
                _never(c.node) for c in compiled):
            self.warning(doc, path + ("rules",),
                         f"{who}: no rule can fire it (its conditions can never hold)")

    def _check_joint(self, doc: YamlDocument, path: PathKey, who: str, reco: Recommendation,
                     compiled: list[Condition]) -> None:
        """Two partners have no answers in common to read: a joint step is chosen from their
        scores and the gaps between them, and worded the same for both."""
        if reco.presumes is not None or reco.variants:
            self.error(doc, path + ("id",), f"{who}: a joint recommendation has neither "
                       "'presumes' nor 'variants' (two partners share no answers)")
        for i, condition in enumerate(compiled):
            if any(_reads_answers(node) for node in walk(condition.node)):
                self.error(doc, path + ("rules", i, "when"), f"{who}: a joint recommendation's "
                           "rules read score, stage, spread and global, not answers or profiles")

    def _check_intents(self) -> None:
        """Recommendations of one intent are alternatives: one supersedes the other, or their
        `presumes` cannot both hold; and which of them are an organisation kind's own."""
        kind_question = self.index.kind_question
        by_intent: dict[str, list[tuple[YamlDocument, int, Recommendation]]] = defaultdict(list)
        for doc, recos in self.reco_docs:
            for r, reco in enumerate(recos):
                if reco.scope != "plan":
                    continue
                presumes = self.presumes.get(reco.id)
                if kind_question and presumes is not None and written_for_some_kinds(
                        presumes, kind_question, self.questions):
                    self.kind_specific.add(reco.id)
                by_intent[reco.intent_id].append((doc, r, reco))
        for rivals in by_intent.values():
            for (doc, r, reco), (_, _, other) in itertools.combinations(rivals, 2):
                if reco.id in other.supersedes or other.id in reco.supersedes:
                    continue
                if can_both_hold(self.presumes.get(reco.id), self.presumes.get(other.id),
                                 self.questions):
                    self.error(doc, (r, "intent"), f"recommendation {reco.id!r}: same intent "
                               f"{reco.intent_id!r} as {other.id!r}, and nothing chooses between "
                               "them (list one in the other's 'supersedes', or give them "
                               "'presumes' that cannot both hold)")
