"""Where a `next` parameter may send the browser: a path of this site, nothing else.

Browsers drop TAB, CR and LF anywhere in a URL, trim spaces at its ends and read a backslash as a
slash, so `/<TAB>/evil.example` and `/\\evil.example` both lead off the site. The target is first
read the way a browser reads it, then checked: one leading `/`, no scheme and no host once split,
no backslash and no control character (not even percent-encoded, and not even one the browser
would have dropped: our own links hold none). Anything else gives the default.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

_DROPPED = str.maketrans("", "", "\t\r\n")  # what the WHATWG URL parser removes anywhere


def _suspect(text: str) -> bool:
    return "\\" in text or any(unicodedata.category(ch) == "Cc" for ch in text)


def safe_target(target: object, default: str) -> str:
    """`target` when it is a path of this site (as a browser would read it), else `default`."""
    if not isinstance(target, str) or not target or len(target) > 2000:
        return default
    path = target.translate(_DROPPED).strip(" ")  # as the browser will read it
    if _suspect(target) or _suspect(unquote(path)):
        return default
    if not path.startswith("/") or path.startswith("//"):
        return default
    try:
        parts = urlsplit(path)
    except ValueError:
        return default
    return path if not parts.scheme and not parts.netloc else default
