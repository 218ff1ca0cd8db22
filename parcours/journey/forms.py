"""Forms built from the questionnaire: one field per question, named after its id."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length

from ..engine.model import DONT_KNOW, NOT_APPLICABLE, SPECIAL_VALUES, AnyQuestion

NAME_MAX = 200


class StartForm(FlaskForm):
    """Who is answering: the organisation's name and kind."""

    name = StringField(
        _l("Nom de votre organisation"),
        validators=[InputRequired(_l("Indiquez le nom de votre organisation.")),
                    Length(max=NAME_MAX, message=_l("200 caractères au plus."))],
    )
    kind = RadioField(_l("Votre organisation est…"), validate_choice=False,
                      validators=[InputRequired(_l("Choisissez le type de votre organisation."))])


class ResumeForm(FlaskForm):
    """The short resume code."""

    code = StringField(_l("Code de reprise"),
                       validators=[InputRequired(_l("Indiquez votre code de reprise.")),
                                   Length(max=20, message=_l("Ce code est trop long."))])


class JoinCodeForm(FlaskForm):
    """A cohort's short join code."""

    code = StringField(_l("Code du groupe"),
                       validators=[InputRequired(_l("Indiquez le code du groupe.")),
                                   Length(max=20, message=_l("Ce code est trop long."))])


class ActionForm(FlaskForm):
    """A form with only a CSRF token, for buttons that change state."""


def _choices(question: AnyQuestion) -> Field:
    return RadioField(validate_choice=False)


def _multiple(question: AnyQuestion) -> Field:
    return SelectMultipleField(validate_choice=False)


def _free(question: AnyQuestion) -> Field:
    return StringField()


def _text(question: AnyQuestion) -> Field:
    return TextAreaField()


FIELD_BUILDERS: dict[str, Callable[[AnyQuestion], Field]] = {
    "single": _choices,
    "yesno": _choices,
    "multiple": _multiple,
    "number": _free,
    "text": _text,
}
SPECIAL_SUFFIX = "__special"
PRESENT_FIELD = "questions"
REVISIONS_FIELD = "revisions"  # "question:revision,…" of the answers the page was shown with


def encode_revisions(revisions: dict[str, int]) -> str:
    return ",".join(f"{qid}:{rev}" for qid, rev in sorted(revisions.items()))


def decode_revisions(text: str) -> dict[str, int]:
    """The revisions a page was rendered with (anything malformed counts as « no answer »)."""
    found: dict[str, int] = {}
    for item in text.split(",")[:200]:
        qid, _, rev = item.partition(":")
        if rev.isdigit() and len(rev) < 10:
            found[qid] = int(rev)
    return found


def section_form_class(questions: list[AnyQuestion]) -> type[FlaskForm]:
    """A form class for one page of questions (plus the list of questions it showed)."""
    fields: dict[str, Any] = {PRESENT_FIELD: HiddenField(), REVISIONS_FIELD: HiddenField()}
    for question in questions:
        fields[question.id] = FIELD_BUILDERS[question.type](question)
        if question.type in ("number", "text"):
            fields[question.id + SPECIAL_SUFFIX] = SelectMultipleField(validate_choice=False)
    return type("SectionForm", (FlaskForm,), fields)


@dataclass(frozen=True)
class Posted:
    """What the form says of one question: absent, cleared, a raw value, or a form error."""

    present: bool
    value: Any = None
    error: str | None = None


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


def read_posted(question: AnyQuestion, formdata: Any) -> Posted:
    """Turn the submitted fields of a question into an answer to check (or a form error)."""
    name = question.id
    if question.type in ("single", "yesno"):
        values = formdata.getlist(name)
        if not values:
            return Posted(False)  # a radio group cannot be emptied: nothing to change
        return Posted(True, values[0]) if len(values) == 1 else Posted(True, error="not_an_option")
    if question.type == "multiple":
        values = formdata.getlist(name)
        specials = [v for v in values if v in SPECIAL_VALUES]
        if specials and len(values) > 1:
            return Posted(True, error="special_combined")
        if specials:
            return Posted(True, specials[0])
        return Posted(True, values or None)
    raw = formdata.get(name)
    specials = formdata.getlist(name + SPECIAL_SUFFIX)
    if raw is None and not specials:
        return Posted(False)
    typed = (raw or "").strip() if question.type == "number" else (raw or "")
    if specials:
        if typed.strip() or len(specials) > 1:
            return Posted(True, error="special_combined")
        return Posted(True, specials[0])
    if not typed.strip():
        return Posted(True, None)
    if question.type == "number":
        number = parse_number(typed)
        return Posted(True, error="not_a_number") if number is None else Posted(True, number)
    return Posted(True, clean_text(typed))


def specials_offered(question: AnyQuestion) -> list[str]:
    """The special answers a question offers, in display order."""
    offered = []
    if question.dont_know_allowed:
        offered.append(DONT_KNOW)
    if question.allow_not_applicable:
        offered.append(NOT_APPLICABLE)
    return offered
