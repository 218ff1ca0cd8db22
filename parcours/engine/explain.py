"""Turns the condition that fired into a « parce que… » sentence, in French and in English."""

from __future__ import annotations

import operator
from fractions import Fraction

from .conditions import (
    MISSING,
    AllOf,
    AnyOf,
    Compare,
    Contains,
    Facts,
    Named,
    Node,
    Not,
    OneOf,
    Test,
    compile_node,
)
from .model import SPECIAL_LABELS, Text
from .numbers import Measure, exact, figure, half_up, honest, number_text, out_of_text, unit_for
from .questionnaire import Questionnaire
from .scales import Scale, on_scale

Phrase = tuple[str, str]  # (fr, en)

_BOUNDS = {
    "<": ("en dessous de {}", "below {}"),
    "<=": ("au plus {}", "at most {}"),
    ">": ("au-dessus de {}", "above {}"),
    ">=": ("au moins {}", "at least {}"),
    "==": ("égal à {}", "equal to {}"),
    "!=": ("différent de {}", "other than {}"),
}
_FLIP = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_HOLDS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
          ">": operator.gt, ">=": operator.ge}


def _num(value: float) -> tuple[str, str]:
    return number_text(value, "fr"), number_text(value, "en")


def _score(q: Questionnaire, subject: tuple[str, str], value: object) -> tuple[str, str]:
    """A score as the reason prints it: never on the other side of a threshold than the score
    (« 39,6 », not « 40 », when it is below 40)."""
    measure = Measure.stored(value)  # type: ignore[arg-type]
    printed, places = honest(measure, q.thresholds.get(subject, ()), 0)
    return figure(printed, places, "fr"), figure(printed, places, "en")


def because(node: Node, facts: Facts, questionnaire: Questionnaire, kind: str | None) -> Text:
    """The sentence for a condition that holds: the facts that made it hold."""
    phrases = list(dict.fromkeys(_explain(node, facts, questionnaire, kind, negated=False)))
    fr = " et ".join(p[0] for p in phrases) or "les conditions de la règle sont réunies"
    en = " and ".join(p[1] for p in phrases) or "the rule's conditions are met"
    return Text(fr=f"Parce que {fr}.", en=f"Because {en}.")


def _explain(node: Node, facts: Facts, q: Questionnaire, kind: str | None,
             negated: bool) -> list[Phrase]:
    if isinstance(node, Not):
        return _explain(node.node, facts, q, kind, not negated)
    if isinstance(node, Named):
        # A profile says whom the rule is for: its label when it holds, nothing when it does not.
        profile = next((p for p in q.index.profiles if p.id == node.name), None)
        if negated or profile is None:
            return []
        return [(profile.label.fr, profile.label.en)]
    if isinstance(node, AllOf | AnyOf):
        # AllOf holds (negated: AnyOf fails) through every part; else the first part that counts.
        every = isinstance(node, AllOf) != negated
        phrases: list[Phrase] = []
        for child in _without_redundant_tests(node.nodes):
            holds = _holds(child, facts) != negated
            if every or holds:
                phrases += _explain(child, facts, q, kind, negated)
                if not every:
                    break
        return phrases
    return [_leaf(node, facts, q, kind, negated)]


def _asks(node: Node) -> str | None:
    if isinstance(node, Not):
        return _asks(node.node)
    if isinstance(node, Compare | OneOf):
        return node.subject.name if node.subject.kind in ("answer", "count") else None
    if isinstance(node, Contains | Test):
        return node.question
    return None


def _without_redundant_tests(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    """`answered(q) and not (q contains 'x')`: say the second only, not « q » twice."""
    keep = []
    for i, child in enumerate(nodes):
        if isinstance(child, Test) and child.test == "answered" and any(
                _asks(other) == child.question for j, other in enumerate(nodes) if j != i):
            continue
        keep.append(child)
    return tuple(keep)


def _holds(node: Node, facts: Facts) -> bool:
    return compile_node(node)(facts)


def _question(q: Questionnaire, question_id: str, kind: str | None) -> tuple[str, str]:
    question = q.questions[question_id]
    return question.text_for(kind, "fr"), question.text_for(kind, "en")


def _label(q: Questionnaire, question_id: str, value: object, kind: str | None) -> Phrase:
    question = q.questions[question_id]
    if question.type == "yesno":
        return ("oui", "yes") if value == "yes" else ("non", "no")
    for option in getattr(question, "options", ()):
        if option.value == value:
            return option.label_for(kind, "fr"), option.label_for(kind, "en")
    return str(value), str(value)


def _bounded(fr: str, en: str, node: Node, negated: bool,
             scaled: Phrase | None = None) -> Phrase:
    """« …, au moins 25 »: the bound a comparison set, after what was compared (`scaled`: the
    bound on the score's own scale, `_scaled_bound`)."""
    if isinstance(node, Compare):
        op = _FLIP[node.op] if negated else node.op
        fr_b, en_b = _BOUNDS[op]
        # the bound as its author wrote it: « 33,33 », not « 33,3 »
        bound = float(node.value)
        fr_n, en_n = scaled or (number_text(bound, "fr", 6), number_text(bound, "en", 6))
        return f"{fr}, {fr_b.format(fr_n)}", f"{en}, {en_b.format(en_n)}"
    return fr, en


def _scaled_bound(node: Node, negated: bool, most: Fraction, printed: Fraction | None,
                  value: Fraction | None) -> Phrase | None:
    """A rule's bound (in percent, as rules compare) on the scale a score is printed on: with
    two decimals (33.33 % of 3 is 0.9999, said « 1 »; 72 % of 20 points « 14,4 »), more when
    the printed score or the score itself would not be on the side of it the reason says
    (« 1,23 / 3, en dessous de 1,234 », never « en dessous de 1,23 »)."""
    if not isinstance(node, Compare):
        return None
    holds = _HOLDS[_FLIP[node.op] if negated else node.op]
    bound = exact(float(node.value)) * most / 100
    for places in range(2, 7):
        candidate = half_up(bound, places)
        if printed is None or value is None or (holds(printed, candidate)
                                                and holds(value, candidate)):
            return figure(candidate, places, "fr"), figure(candidate, places, "en")
    return number_text(float(bound), "fr", 6), number_text(float(bound), "en", 6)


def _on_its_scale(fr_s: str, en_s: str, node: Node, negated: bool, value: object,
                  scale: Scale, q: Questionnaire, subject: tuple[str, str]) -> Phrase:
    """« votre score « X » est de 1,5 / 3, en dessous de 2 »: a score printed on a scale of its
    own (« 41 / 167 » in points), as the results page prints it, and its bound on that scale."""
    most = scale[0]
    if value is MISSING:
        fr_v, en_v = (out_of_text(None, float(most), lang) for lang in ("fr", "en"))
        printed = exactly = None
    else:
        measure = Measure.stored(value)  # type: ignore[arg-type]
        shown = on_scale(measure, scale, q.thresholds.get(subject, ()))
        fr_v, en_v = (out_of_text(shown["shown"], shown["max"], lang) for lang in ("fr", "en"))
        printed, exactly = exact(shown["shown"]), measure.exact() * most / 100
    return _bounded(f"{fr_s} est de {fr_v}", f"{en_s} is {en_v}", node, negated,
                    _scaled_bound(node, negated, most, printed, exactly))


def _leaf(node: Node, facts: Facts, q: Questionnaire, kind: str | None,
          negated: bool) -> Phrase:
    if isinstance(node, Test):
        fr_q, en_q = _question(q, node.question, kind)
        if node.test == "dont_know":
            if negated:
                return (f"vous n'avez pas répondu « Je ne sais pas » à « {fr_q} »",
                        f"you did not answer “I don't know” to “{en_q}”")
            return (f"vous avez répondu « Je ne sais pas » à « {fr_q} »",
                    f"you answered “I don't know” to “{en_q}”")
        if negated:
            return f"vous n'avez pas répondu à « {fr_q} »", f"you did not answer “{en_q}”"
        return f"vous avez répondu à « {fr_q} »", f"you answered “{en_q}”"
    if isinstance(node, Contains):
        fr_q, en_q = _question(q, node.question, kind)
        fr_l, en_l = _label(q, node.question, node.value, kind)
        if negated:
            return (f"vous n'avez pas coché « {fr_l} » à « {fr_q} »",
                    f"you did not tick “{en_l}” for “{en_q}”")
        return f"vous avez coché « {fr_l} » à « {fr_q} »", f"you ticked “{en_l}” for “{en_q}”"
    if not isinstance(node, Compare | OneOf):  # pragma: no cover - every node kind is above
        raise TypeError(node)
    subject = node.subject
    value = facts.value(subject)
    if subject.kind == "spread":
        title = q.dimensions[subject.name].title
        fr_v, en_v = ("—", "—") if value is MISSING else _num(value)
        return _bounded(f"l'écart entre vos regards sur « {title.fr} » est de {fr_v} points",
                        f"the gap between your views on “{title.en}” is {en_v} points",
                        node, negated)
    if subject.kind in ("score", "stage", "global"):
        if subject.kind == "score":
            title = q.score_title(subject.name)
            fr_s, en_s = f"votre score « {title.fr} »", f"your “{title.en}” score"
        elif subject.kind == "stage":
            title = q.stage(subject.name).title
            # by its title alone: what a questionnaire calls its stages (« levier », « axe »)
            # comes without a gender, and « le/la/l' » cannot be guessed
            fr_s = f"votre score pour « {title.fr} »"
            en_s = f"your score for “{title.en}”"
        else:
            fr_s, en_s = "votre score global", "your overall score"
        scale = None if subject.kind == "stage" else facts.scales.get(
            (subject.kind, subject.name))
        if scale is not None:
            return _on_its_scale(fr_s, en_s, node, negated, value, scale, q,
                                 (subject.kind, subject.name))
        fr_v, en_v = ("—", "—") if value is MISSING else _score(
            q, (subject.kind, subject.name), value)
        return _bounded(f"{fr_s} est de {fr_v}/100", f"{en_s} is {en_v}/100", node, negated)
    fr_q, en_q = _question(q, subject.name, kind)
    if value is MISSING and subject.kind == "answer":
        # no real answer: « Je ne sais pas », « Non concerné » or nothing, said as such
        given = facts.answers.get(subject.name)
        if isinstance(given, str) and given in SPECIAL_LABELS:
            fr_l, en_l = SPECIAL_LABELS[given]
            return (f"vous avez répondu « {fr_l} » à « {fr_q} »",
                    f"you answered “{en_l}” to “{en_q}”")
        return f"vous n'avez pas répondu à « {fr_q} »", f"you did not answer “{en_q}”"
    if subject.kind == "count":
        if value is MISSING or value == 0:
            return (f"vous n'avez coché aucune réponse à « {fr_q} »",
                    f"you ticked no answer for “{en_q}”")
        if value == 1:
            return (f"vous avez coché une seule réponse à « {fr_q} »",
                    f"you ticked a single answer for “{en_q}”")
        return (f"vous avez coché {value} réponses à « {fr_q} »",
                f"you ticked {value} answers for “{en_q}”")
    if isinstance(value, float):
        question = q.questions[subject.name]
        unit = getattr(question, "unit", None)
        fr_u, en_u = (f" {unit_for(unit.fr, value)}", f" {unit_for(unit.en, value)}") if unit else (
            "", "")
        fr_v, en_v = _num(value)
        return (f"vous avez indiqué {fr_v}{fr_u} à « {fr_q} »",
                f"you answered {en_v}{en_u} to “{en_q}”")
    fr_l, en_l = _label(q, subject.name, value, kind)
    return f"vous avez répondu « {fr_l} » à « {fr_q} »", f"you answered “{en_l}” to “{en_q}”"
