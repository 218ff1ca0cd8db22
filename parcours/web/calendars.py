"""iCalendar files (RFC 5545), written by the icalendar library: every text property is a
`vText`, so that `\\`, `;`, `,` and line breaks are escaped (3.3.11) and the library folds each
line at 75 octets with CRLF endings (3.1). What a user typed may hold a lone CR, a CRLF or
other control characters: line breaks become the one iCalendar knows (`\\n`), and the other
control characters, which TEXT does not allow, become spaces (issue 30, L5 and L6)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event, vText

_BREAKS = re.compile(r"\r\n?|[\u0085\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")


def text(value: str) -> vText:
    """`value` as iCalendar text: line breaks as LF (escaped `\\n` when written), other control
    characters and lone surrogates as spaces."""
    return vText(_CONTROLS.sub(" ", _BREAKS.sub("\n", value)))


@dataclass(frozen=True)
class DayEvent:
    """An all-day event."""

    uid: str
    summary: str
    day: date
    description: str
    url: str


def calendar_file(prodid: str, name: str, events: Iterable[DayEvent], now: datetime) -> bytes:
    """The iCalendar file of these all-day events, named `name`."""
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", text(name))
    for found in events:
        event = Event()
        event.add("uid", text(found.uid))
        event.add("dtstamp", now)
        event.add("summary", text(found.summary))
        event.add("dtstart", found.day)
        event.add("dtend", found.day + timedelta(days=1))
        event.add("description", text(found.description))
        event.add("url", found.url)
        calendar.add_component(event)
    return calendar.to_ical()
