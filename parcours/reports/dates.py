"""Dates as each language writes them: « 6 décembre 2026 » in French, « 6 December 2026 » in
English (Babel's plain `en` is American, « December 6, 2026 », which the English pages of a
French product should not read: issue 26)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask
from flask_babel import force_locale, format_date, format_datetime, get_locale

ENGLISH_DATES = "en_GB"


def _in_english_order(formatter: Callable[..., str]) -> Callable[..., str]:
    @wraps(formatter)
    def formatted(*args: Any, **kwargs: Any) -> str:
        locale = get_locale()
        if locale is not None and locale.language == "en" and not locale.territory:
            with force_locale(ENGLISH_DATES):
                return formatter(*args, **kwargs)
        return formatter(*args, **kwargs)
    return formatted


date_text = _in_english_order(format_date)
datetime_text = _in_english_order(format_datetime)


def install(app: Flask) -> None:
    """The templates' `dateformat` and `datetimeformat` filters, in each language's order."""
    app.jinja_env.filters["dateformat"] = date_text
    app.jinja_env.filters["datetimeformat"] = datetime_text
