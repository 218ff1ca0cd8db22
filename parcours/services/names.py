"""File names built from what participants type: ASCII, short, safe in a header."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str, fallback: str = "organisation") -> str:
    """« Les Amis du Quartier ! » → les-amis-du-quartier (accents folded, 40 characters at most)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:40].strip("-") or fallback
