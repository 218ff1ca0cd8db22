"""The base of every form: Flask-WTF's, with WTForms' own messages translated once per language;
and the forms every blueprint uses.

Flask-WTF reads WTForms' catalogue from disk on every request that builds a form (3 % of a
question page, bench/web.py); the catalogue does not change while the app runs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from babel import support
from flask import abort
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path


@lru_cache(maxsize=8)
def _catalogue(locale: str) -> support.NullTranslations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _Translations:
    """WTForms' messages in the reader's language."""

    def gettext(self, string: str) -> str:
        return str(_catalogue(str(get_locale())).ugettext(string))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return str(_catalogue(str(get_locale())).ungettext(singular, plural, n))


TRANSLATIONS = _Translations()


class Form(FlaskForm):
    """A Flask-WTF form (CSRF token included) whose messages are translated once per language."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form: Any) -> _Translations:
            return TRANSLATIONS


class ActionForm(Form):
    """A form with only a CSRF token, for buttons that change state (every blueprint has some)."""


def page_number(text: str) -> int:
    """A page number from a query string: words are the first page (a hand-edited URL), what
    looks like a number and is not one we read (`²`, 5,000 digits) is a bad request (400)."""
    if re.fullmatch(r"[0-9]{1,6}", text):
        return max(1, int(text))
    if text.isdigit() or text.isdecimal() or text.isnumeric():
        abort(400)
    return 1
