"""The journey's forms, and how a page of questions is read back from what was posted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.validators import InputRequired, Length

from ..engine.model import DONT_KNOW, NOT_APPLICABLE, SPECIAL_VALUES, AnyQuestion
from ..forms import Form

NAME_MAX = 200


class StartForm(Form):
    """Who is answering: the organisation's name and kind."""

    name = StringField(
        _l("Nom de votre organisation"),
        validators=[InputRequired(_l("Indiquez le nom de votre organisation.")),
                    Length(max=NAME_MAX, message=_l("200 caractères au plus."))],
    )
    kind = RadioField(_l("Votre organisation est…"), validate_choice=False,
                      validators=[InputRequired(_l("Choisissez le type de votre organisation."))])


class ResumeForm(Form):
    """The short resume code."""

    code = StringField(_l("Code de reprise"),
                       validators=[InputRequired(_l("Indiquez votre code de reprise.")),
                                   Length(max=20, message=_l("Ce code est trop long."))])


class JoinCodeForm(Form):
    """A cohort's short join code."""

    code = StringField(_l("Code du groupe"),
                       validators=[InputRequired(_l("Indiquez le code du groupe.")),
                                   Length(max=20, message=_l("Ce code est trop long."))])


class ActionForm(Form):
    """A form with only a CSRF token, for buttons that change state."""


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
