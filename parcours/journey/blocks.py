"""Parts of a question page rendered once and then read from a dictionary: a question's
fieldset, per question, number, answer, kind and language, and the outline of every page, per
page and language.

They repeat: the same question with the same answer renders to the same HTML for every
participant. Rendering the fieldsets came to a third of a page's time, the outline to a tenth
(bench/web.py); a cached one costs a dictionary lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import get_template_attribute
from markupsafe import Markup

from ..engine.model import AnyQuestion
from ..web.chrome import cached
from .fields import handler, specials_offered

TEMPLATE = "journey/_question.html"
_cache: dict[tuple[Any, ...], Markup] = {}


def _render(q: AnyQuestion, number: int, value: Any, error: str | None, kind: str | None,
            lang: str, settled: bool = False) -> Markup:
    fields = handler(q)
    block = get_template_attribute(TEMPLATE, "question_block")
    inputs = get_template_attribute(fields.template, fields.macro)
    html: Markup = block(q, number, value, error, kind, lang, specials_offered, inputs,
                         settled)  # escaped
    return html


def _cached(key: tuple[Any, ...], render: Callable[[], Markup]) -> Markup:
    return cached(_cache, key, render)


def question_html(q: AnyQuestion, content_hash: str, number: int, value: Any,
                  error: str | None, kind: str | None, lang: str, settled: bool = False) -> Markup:
    """The fieldset of question `q`, shown as question `number` with `value` ticked or typed;
    `settled`: answered already (the organisation's kind, asked at the start), so its choices
    fold behind « Modifier »."""
    if error is not None or not handler(q).cacheable:
        return _render(q, number, value, error, kind, lang, settled)
    key = (content_hash, q.id, number, tuple(value) if isinstance(value, list) else value,
           kind, lang, settled)
    return _cached(key, lambda: _render(q, number, value, None, kind, lang, settled))


def outline_html(q: Any, pages: list[Any], page: Any, lang: str,
                 states: dict[str, str]) -> Markup:
    """The outline of every page of `q`, with `page` marked as the current one and each page's
    state (navigation.page_states)."""
    key = ("outline", q.content_hash, page.section.id, lang, tuple(sorted(states.items())))
    return _cached(key, lambda: _outline(pages, page.section.id, lang, states))


def _outline(pages: list[Any], current: str, lang: str, states: dict[str, str]) -> Markup:
    macro = get_template_attribute("journey/_outline.html", "outline")
    html: Markup = macro(pages, current, lang, states)  # escaped
    return html


def progress_html(overall: Any, in_stage: Any, stage_title: str, minutes: int | None,
                  lang: str) -> Markup:
    """The progress bars of a page (journey/_progress.html): the same few figures come back
    for every participant, and the macro cost a twentieth of a question page (bench/web.py)."""
    key = ("progress", overall, in_stage, stage_title, minutes, lang)
    return _cached(key, lambda: _progress(overall, in_stage, stage_title, minutes))


def _progress(overall: Any, in_stage: Any, stage_title: str, minutes: int | None) -> Markup:
    macro = get_template_attribute("journey/_progress.html", "progress_bars")
    html: Markup = macro(overall, in_stage, stage_title, minutes)  # escaped
    return html
