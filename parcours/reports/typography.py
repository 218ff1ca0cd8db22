"""French punctuation that never starts a line: a no-break space before « : ; ? ! » and inside
« guillemets », in the text of a French report (issue 26). Content and templates write plain
spaces; the report's HTML gets them here, in its text only (never in a tag or an attribute),
so that WeasyPrint cannot break a line before « : » or « ? ». Web pages get the same, on the
bytes they send (web/typography.py)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import AnyStr, Generic, NamedTuple

NBSP = "\u00a0"


class _Marks(NamedTuple, Generic[AnyStr]):
    """The characters looked for, as text or as UTF-8 bytes (a page on its way out)."""

    space: AnyStr
    opening: AnyStr  # « < »
    closing: AnyStr  # « > »
    nbsp: AnyStr
    before: tuple[AnyStr, ...]  # a space before these becomes a no-break one
    after: AnyStr  # and a space after this


TEXT = _Marks(" ", "<", ">", NBSP, tuple(":;?!»"), "«")
UTF8 = _Marks(b" ", b"<", b">", NBSP.encode(), tuple(mark.encode() for mark in ":;?!»"),
              "«".encode())


def _found(html: AnyStr, mark: AnyStr) -> Iterator[int]:
    """Where `mark` starts in `html`, each time. Its last character (byte) is what is looked
    for: `bytes.find` of one byte is `memchr`, of the two of « » » a slow scan."""
    last, width = mark[-1:], len(mark) - 1
    at = html.find(last, width)
    while at != -1:
        if not width or html[at - width:at + 1] == mark:
            yield at - width
        at = html.find(last, at + 1)


def _runs(html: AnyStr, marks: _Marks[AnyStr]) -> list[tuple[int, int]]:
    """Each run of spaces before « : ; ? ! » » or after « « », as (start, end), in order.

    Each mark is found by `find`, several times faster than a regular expression's scan of the
    whole page; a page has a few dozen of them."""
    space = marks.space
    runs: dict[int, int] = {}
    for mark in marks.before:
        for at in _found(html, mark):
            if at and html[at - 1:at] == space:
                start = at - 1
                while start and html[start - 1:start] == space:
                    start -= 1
                runs[start] = at
    for at in _found(html, marks.after):
        start = end = at + len(marks.after)
        while html[end:end + 1] == space:
            end += 1
        if end > start:
            runs[start] = end  # « « : »: the same run as the colon's
    return sorted(runs.items())


def french_spaces(html: AnyStr, marks: _Marks[AnyStr] | None = None,
                  kept: Sequence[tuple[int, int]] = ()) -> AnyStr:
    """`html` with no-break spaces before French high punctuation, in its text nodes.

    A text node is what lies between a « > » and the next « < »; a space anywhere else (a tag,
    an attribute, a node never closed) and in the `kept` (start, end) ranges stays as written.
    tests/reports/test_typography.py holds it to that plain reading. `marks`: UTF8 for bytes;
    `kept`: in order, none inside another (web/typography.py's)."""
    chosen: _Marks[AnyStr] = marks or TEXT  # type: ignore[assignment]
    opening, closing = chosen.opening, chosen.closing
    starts = [low for low, _ in kept]  # (in order, none inside another)
    pieces: list[AnyStr] = []
    done = 0
    for start, end in _runs(html, chosen):
        if (html.rfind(closing, 0, start) <= html.rfind(opening, 0, start)
                or html.find(opening, end) == -1):
            continue  # in a tag, or in a node never closed
        if starts and (at := bisect_right(starts, start) - 1) >= 0 and start < kept[at][1]:
            continue  # kept as written
        pieces += (html[done:start], chosen.nbsp)
        done = end
    if not pieces:
        return html
    pieces.append(html[done:])
    return html[:0].join(pieces)
