"""French punctuation that never starts a line: a no-break space before « : ; ? ! » and inside
« guillemets », in the text of a French report (issue 26). Content and templates write plain
spaces; the report's HTML gets them here, in its text only (never in a tag or an attribute),
so that WeasyPrint cannot break a line before « : » or « ? »."""

from __future__ import annotations

import re

NBSP = "\u00a0"
# a text node holding something to change: only those reach Python (web pages run this on
# every French response; a results page has thousands of text nodes, few with « : » or « ? »)
_TEXT = re.compile(r">([^<]*?(?: [:;?!»]|« )[^<]*)<")
_BEFORE = re.compile(r" +([:;?!»])")
_AFTER = re.compile(r"« +")


def _french(text: str) -> str:
    return _AFTER.sub("«" + NBSP, _BEFORE.sub(NBSP + r"\1", text))


def french_spaces(html: str) -> str:
    """`html` with no-break spaces before French high punctuation, in its text nodes."""
    return _TEXT.sub(lambda found: ">" + _french(found.group(1)) + "<", html)
