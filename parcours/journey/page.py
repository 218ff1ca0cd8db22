"""A page save, as a pure function: what was posted, the questionnaire and the stored answers in;
what to write, what to show again, the errors and where to go next out. No app, no database.

The rules of a page save, in order:
- only the questions listed on the page the participant saw are read; a question whose fields
  are absent (a radio group left alone) keeps its answer;
- each answer is read by its type's field handler (journey/fields.py), then checked by the engine;
- an answer changed in another tab since this page was shown (its revision moved) is kept, and
  the page says so, rather than silently overwritten;
- only answers to questions that are still shown after the save are written; cleared answers
  are deleted;
- a required question the page showed and that was left empty is an error, but the valid
  answers of the page are saved all the same;
- questions that the answers made appear on this page are shown, as new, before moving on: a
  question the participant has not seen yet is never an error (issue 27), even when required.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..engine import InvalidAnswer, Questionnaire, check_answer
from ..engine.model import AnyQuestion
from .fields import display_values, handler
from .navigation import Page, neighbour, progress, shown_questions

PRESENT_FIELD = "questions"  # the ids of the questions the page showed, comma-separated
REVISIONS_FIELD = "revisions"  # "question:revision,…" of the answers the page was shown with
LATER, PREVIOUS = "later", "previous"  # the page's buttons, besides « suivant »


def encode_revisions(revisions: Mapping[str, int]) -> str:
    """The revisions a page is rendered with, for its hidden field."""
    return ",".join(f"{qid}:{rev}" for qid, rev in sorted(revisions.items()))


_REVISION = re.compile(r"[^:,]{1,100}:[0-9]{1,9}")


def readable_revisions(text: str) -> bool:
    """Whether the hidden field is as `encode_revisions` writes it (empty, or `id:n,…` with
    ASCII digits: `isdigit()` is also true of `²`, which `int()` refuses)."""
    return text == "" or all(_REVISION.fullmatch(item) for item in text.split(",")[:200])


def decode_revisions(text: str) -> dict[str, int]:
    """The revisions a page was rendered with (anything malformed counts as « no answer »)."""
    found: dict[str, int] = {}
    for item in text.split(",")[:200]:
        if _REVISION.fullmatch(item):
            qid, _, rev = item.partition(":")
            found[qid] = int(rev)
    return found


@dataclass(frozen=True)
class Saved:
    """The outcome of a page save.

    `changes` and `cleared` are what to write; `answers` the answers once written; `shown` the
    page's questions once saved; `values` what the form shows again, `errors` question id →
    (error code, offending value). `stay` says the page must be shown again (errors, or new
    questions appeared); otherwise `later` (go to the resume link) or `next`, the page to go
    to (None: the review), or `same` when « précédent » was pressed on the first page. `new`:
    the questions the answers made appear, not seen and not answered yet, in page order."""

    changes: dict[str, Any]
    cleared: set[str]
    answers: dict[str, Any]
    percent: int
    shown: list[AnyQuestion]
    values: dict[str, Any]
    errors: dict[str, tuple[str, Any]] = field(default_factory=dict)
    new: tuple[str, ...] = ()
    later: bool = False
    same: bool = False
    next: Page | None = None

    @property
    def appeared(self) -> bool:
        """Whether questions appeared that the participant has to see before going on."""
        return bool(self.new)

    @property
    def stay(self) -> bool:
        return bool(self.errors) or self.appeared


def save(q: Questionnaire, page: Page, form: Any, answers: Mapping[str, Any],
         revisions: Mapping[str, int], lang: str) -> Saved:
    """Apply what was posted (`form`: a MultiDict-like with get/getlist) on this page to the
    stored `answers` (engine values) saved at `revisions`."""
    shown_before = {question.id for question in shown_questions(q, page.section, answers)}
    listed = set(str(form.get(PRESENT_FIELD, "")).split(","))  # what the participant saw
    seen = decode_revisions(form.get(REVISIONS_FIELD, ""))
    merged, changes, cleared = dict(answers), {}, set()
    errors: dict[str, tuple[str, Any]] = {}
    values = display_values(q, answers, lang)
    for question in page.section.questions:
        if question.id not in listed:
            continue  # not on the page the participant saw: leave it as it is
        fields = handler(question)
        posted = fields.read(question, form)
        if not posted.present:
            continue
        values[question.id] = fields.typed(question, form)
        if posted.error:
            errors[question.id] = (posted.error, None)
            continue
        if posted.value is None:
            merged.pop(question.id, None)
            cleared.add(question.id)
            continue
        try:
            merged[question.id] = check_answer(question, posted.value)
        except InvalidAnswer as err:
            errors[question.id] = (err.code, posted.value)
            continue
        if answers.get(question.id) != merged[question.id]:
            if question.id in revisions and revisions[question.id] != seen.get(question.id, 0):
                # saved from another tab since this page was shown: keep it, say so
                merged[question.id] = answers[question.id]
                values[question.id] = fields.display(question, answers[question.id], lang)
                errors[question.id] = ("conflict", None)
                continue
            changes[question.id] = merged[question.id]
    now_shown = shown_questions(q, page.section, merged)
    visible_ids = {question.id for question in now_shown}
    changes = {qid: v for qid, v in changes.items() if qid in visible_ids}
    # appeared with this save: neither on the page shown nor shown by the answers before it
    new = tuple(question.id for question in now_shown if question.id not in listed
                and question.id not in shown_before and question.id not in merged)
    for question in now_shown:
        if question.required and question.id in listed and question.id not in merged \
                and question.id not in errors:
            errors[question.id] = ("required", None)
    saved = Saved(changes, cleared & set(answers), merged, progress(q, merged).percent,
                  now_shown, values, errors, new)
    if saved.stay:
        return saved
    action = form.get("action", "next")
    if action == LATER:
        return replace(saved, later=True)
    step = -1 if action == PREVIOUS else 1
    target = neighbour(q, page, merged, step)
    return replace(saved, next=target, same=target is None and step == -1)

