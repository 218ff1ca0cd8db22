"""One field handler per question type, on the web side (after the ONS eQ runner's): how a
question's answer is read from what was posted, echoed as it was typed, displayed from its stored
value, and which template macro draws its inputs.

Adding a question type is three entries, each next to its kind:
1. its model in `parcours/engine/model.py` (and in the `AnyQuestion` union);
2. its engine entry in `QUESTION_TYPES` (`parcours/engine/questions.py`): check and points;
3. its handler here in `HANDLERS`, with a macro in `templates/journey/_question.html`.
tests/web/test_fields.py adds a toy type that way and saves a page with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..engine.model import DONT_KNOW, NOT_APPLICABLE, SPECIAL_VALUES, AnyQuestion

SPECIAL_SUFFIX = "__special"  # « je ne sais pas » beside a box to type in: its own checkbox
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Typed text without control characters (a NUL or a bell has no place in a report)."""
    return _CONTROLS.sub("", text.replace("\r\n", "\n"))


def parse_number(text: str) -> float | None:
    """'1 200', '12,5', '12.5' → a number; None when it is not one."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
    if not re.fullmatch(r"[-+]?\d{1,15}(\.\d{1,6})?", cleaned):
        return None
    return float(cleaned)


def specials_offered(question: AnyQuestion) -> list[str]:
    """The special answers a question offers, in display order."""
    offered = []
    if question.dont_know_allowed:
        offered.append(DONT_KNOW)
    if question.allow_not_applicable:
        offered.append(NOT_APPLICABLE)
    return offered


@dataclass(frozen=True)
class Posted:
    """What the form says of one question: absent, cleared, a raw value, or a form error."""

    present: bool
    value: Any = None
    error: str | None = None


class FieldHandler:
    """How the web side handles one question type. This base is also the handler of radio
    groups (single choice, yes / no): one value, or nothing posted (a radio group cannot be
    emptied). Subclasses override what differs."""

    template = "journey/_question.html"
    macro = "choices"  # the macro of `template` that draws the inputs
    expected = True  # counts in progress and in the review (False: optional by nature)
    cacheable = True  # its fieldset HTML may be cached per value (blocks.py): few values

    def read(self, question: Any, form: Any) -> Posted:
        """The answer to check, from the posted fields (or a form error)."""
        values = form.getlist(question.id)
        if not values:
            return Posted(False)
        return Posted(True, values[0]) if len(values) == 1 else Posted(True, error="not_an_option")

    def typed(self, question: Any, form: Any) -> Any:
        """What the participant typed or ticked, to show it again as it was."""
        return form.get(question.id)

    def display(self, question: Any, value: Any, lang: str) -> Any:
        """A stored (engine) value as the form shows it."""
        return value

    def first_control(self, question: Any) -> str:
        """The id of the control an error summary's link moves the focus to (a fieldset
        cannot take focus)."""
        return f"{question.id}-1"


class MultipleHandler(FieldHandler):
    """Checkboxes: a list of options, or one special answer alone."""

    macro = "checkboxes"

    def read(self, question: Any, form: Any) -> Posted:
        values = form.getlist(question.id)
        specials = [v for v in values if v in SPECIAL_VALUES]
        if specials and len(values) > 1:
            return Posted(True, error="special_combined")
        if specials:
            return Posted(True, specials[0])
        return Posted(True, values or None)

    def typed(self, question: Any, form: Any) -> Any:
        return form.getlist(question.id)

    def display(self, question: Any, value: Any, lang: str) -> Any:
        return list(value) if isinstance(value, tuple) else value


class TextHandler(FieldHandler):
    """A box to type in, with the special answers as checkboxes beside it."""

    macro = "free"
    expected = False  # free-text remarks are optional
    cacheable = False  # no end of different texts

    def read(self, question: Any, form: Any) -> Posted:
        raw = form.get(question.id)
        specials = form.getlist(question.id + SPECIAL_SUFFIX)
        if raw is None and not specials:
            return Posted(False)
        typed = self.strip(raw or "")
        if specials:
            if typed.strip() or len(specials) > 1:
                return Posted(True, error="special_combined")
            return Posted(True, specials[0])
        if not typed.strip():
            return Posted(True, None)
        return self.parse(typed)

    def strip(self, raw: str) -> str:
        return raw  # a remark keeps its spaces

    def parse(self, typed: str) -> Posted:
        return Posted(True, clean_text(typed))

    def typed(self, question: Any, form: Any) -> Any:
        specials = form.getlist(question.id + SPECIAL_SUFFIX)
        return specials[0] if specials else form.get(question.id, "")

    def first_control(self, question: Any) -> str:
        return f"{question.id}-input"


class NumberHandler(TextHandler):
    """A number typed in French or English notation."""

    expected = True
    cacheable = True

    def strip(self, raw: str) -> str:
        return raw.strip()

    def parse(self, typed: str) -> Posted:
        number = parse_number(typed)
        return Posted(True, error="not_a_number") if number is None else Posted(True, number)

    def display(self, question: Any, value: Any, lang: str) -> Any:
        if isinstance(value, float):
            text = f"{value:g}"
            return text.replace(".", ",") if lang == "fr" else text
        return value


HANDLERS: dict[str, FieldHandler] = {
    "single": FieldHandler(),
    "yesno": FieldHandler(),
    "multiple": MultipleHandler(),
    "number": NumberHandler(),
    "text": TextHandler(),
}


def handler(question: Any) -> FieldHandler:
    """The field handler of a question's type."""
    return HANDLERS[question.type]


def display_values(q: Any, answers: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Stored answers as the form shows them (numbers in the reader's notation)."""
    questions = q.questions
    return {qid: handler(questions[qid]).display(questions[qid], value, lang)
            for qid, value in answers.items()}
