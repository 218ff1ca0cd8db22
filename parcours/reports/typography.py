"""French punctuation that never starts a line: a no-break space before « : ; ? ! » and inside
« guillemets », in the text of a French report (issue 26). Content and templates write plain
spaces; the report's HTML gets them here, in its text only (never in a tag or an attribute),
so that WeasyPrint cannot break a line before « : » or « ? »."""

from __future__ import annotations

import re

NBSP = "\u00a0"
# (a literal replacement: no template to expand for each match)
_BEFORE = re.compile(r" +(?=[:;?!»])")
_AFTER = re.compile(r"« +")


def _french(text: str) -> str:
    return _AFTER.sub("«" + NBSP, _BEFORE.sub(NBSP, text))


def _marks(html: str) -> list[int]:
    """Where a space before « : ; ? ! » » or after « « » may be, found a character at a time
    (`str.find` of one character is several times faster than a regular expression's scan)."""
    found = []
    for mark in ":;?!»":
        at = html.find(mark, 1)
        while at != -1:
            if html[at - 1] == " ":
                found.append(at)
            at = html.find(mark, at + 1)
    at = html.find("« ")
    while at != -1:
        found.append(at)
        at = html.find("« ", at + 1)
    return found


def french_spaces(html: str) -> str:
    """`html` with no-break spaces before French high punctuation, in its text nodes.

    A text node is what lies between a « > » and the next « < ». Web pages run this on every
    French response, and a page has hundreds of text nodes but a few dozen marks: each mark is
    found by `str.find` and only its node changed, rather than every node read by a regular
    expression (a twentieth of a question page, bench/web.py). tests/reports/test_typography.py
    holds it to that plain reading."""
    nodes = set()
    for at in _marks(html):
        opened = html.rfind(">", 0, at)
        if opened > html.rfind("<", 0, at):  # in a text node, not in a tag
            nodes.add(opened + 1)
    if not nodes:
        return html
    pieces: list[str] = []
    done = 0
    for start in sorted(nodes):
        end = html.find("<", start)
        if start < done or end == -1:  # part of a node already changed, or never closed
            continue
        pieces += (html[done:start], _french(html[start:end]))
        done = end
    pieces.append(html[done:])
    return "".join(pieces)
