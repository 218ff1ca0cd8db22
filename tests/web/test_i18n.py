"""Every UI string of the code and templates has an English translation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask import Flask, render_template_string
from flask_babel import force_locale

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "parcours" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
METHODS = [("parcours/**.py", "python"), ("templates/**.html", "jinja2"),
           ("templates/**.txt", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def extracted() -> set[str]:
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT), METHODS, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_ui_string_is_in_the_english_catalogue_and_translated() -> None:
    with PO.open("rb") as handle:
        catalogue = read_po(handle)
    translated = {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in catalogue if m.id}
    missing = sorted(extracted() - set(translated))
    assert missing == [], "run `make translations` and translate: " + "; ".join(missing[:5])
    empty = sorted(key for key, m in translated.items()
                   if not (all(m.string) if isinstance(m.string, tuple) else m.string)
                   or m.fuzzy)
    assert empty == [], "untranslated or fuzzy: " + "; ".join(empty[:5])


def test_english_dates_in_english_order_french_in_french(app: Flask) -> None:
    """Issue 26: « 6 December 2026 », not « December 6, 2026 »; French unchanged."""
    with app.test_request_context("/"):
        for lang, expected in (("en", "6 December 2026"), ("fr", "6 décembre 2026")):
            with force_locale(lang):
                assert render_template_string(
                    "{{ d|dateformat('long') }}", d=date(2026, 12, 6)) == expected
