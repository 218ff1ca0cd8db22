"""How templates translate: `_`, `gettext` and `ngettext` as Jinja's « newstyle » gettext
defines them (the result escaped, then formatted with its variables), in one call.

Jinja's own `_` called its `gettext`, which called the function given to it, each through
`Context.call`, and Flask-Babel looked the catalogue up anew for every string: five strings
cost a question page as much as the rest of its template (bench/web.py). Here each string is
one call, and the catalogue is found once per locale (and kept for the request's locale).
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import get_translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from .browser import current_locale


def install(app: Flask) -> None:
    """Jinja's i18n callables for the app's templates (newstyle), `_` among them."""
    catalogues: dict[str, Any] = {}
    last: list[tuple[Any, Any]] = [(None, None)]  # the locale last asked for, its catalogue

    def catalogue() -> Any:
        locale = current_locale()
        asked, found = last[0]
        if asked is locale and locale is not None:
            return found  # the same request's locale: no lookup
        key = str(locale)
        found = catalogues.get(key)
        if found is None:
            found = catalogues[key] = get_translations()
        last[0] = (locale, found)
        return found

    def translated(string: str) -> str:
        return catalogue().ugettext(string)  # type: ignore[no-any-return]

    def translated_plural(singular: str, plural: str, num: int) -> str:
        return catalogue().ungettext(singular, plural, num)  # type: ignore[no-any-return]

    # newstyle on, pgettext and npgettext as Jinja makes them; its gettext and ngettext, which
    # call the first two through Context.call, are replaced just below
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=translated, ngettext=translated_plural,
        pgettext=lambda c, s: catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalogue().unpgettext(c, s, p, n),
        newstyle=True)

    @pass_eval_context
    def gettext(context: EvalContext, string: str, **variables: Any) -> str:
        return _formatted(context, translated(string), variables)

    @pass_eval_context
    def ngettext(context: EvalContext, singular: str, plural: str, num: int,
                 **variables: Any) -> str:
        variables.setdefault("num", num)
        return _formatted(context, translated_plural(singular, plural, num), variables)

    app.jinja_env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)


def _formatted(context: EvalContext, text: str, variables: dict[str, Any]) -> str:
    """As Jinja's newstyle gettext: the wording trusted when the template escapes, then always
    formatted (« %% » is « % » even without variables)."""
    if context.autoescape:
        text = Markup(text)  # noqa: S704 - our own wording, trusted as Jinja trusts it
    return text % variables
