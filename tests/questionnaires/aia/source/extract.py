"""The documented step that made survey-extract.json from canada-ca/aia-eia-js's
src/survey-enfr.json (see SOURCE.md): `python extract.py survey-enfr.json survey-extract.json`.

Kept, in the source's order and with the source's keys and texts: every page that holds a
question the tool scores (a radiogroup, checkbox or dropdown in a panel named `…-RS`, raw
impact, or `…-MS`, mitigation: src/store.ts), those panels with their select questions and
their html introductions, and the project phase question (`projectDetailsPhase`), whose answer
shows the design or the implementation mitigation pages. Left out: the welcome page, the
free-text answers (`comment`, `text`: never scored) and the unscored panels (`…-NS`: the
respondent's name, department list, the system's capabilities).
"""

from __future__ import annotations

import json
import sys
from typing import Any

SELECT = ("radiogroup", "checkbox", "dropdown")
PHASE = "projectDetailsPhase"


def scored_panel(panel: dict[str, Any]) -> bool:
    """A panel whose questions the tool scores (store.ts: the `-RS` or `-MS` suffix)."""
    return panel.get("type") == "panel" and panel["name"].endswith(("-RS", "-MS"))


def kept_panel(panel: dict[str, Any]) -> dict[str, Any] | None:
    """A panel with only what is kept of it, or None."""
    if scored_panel(panel):
        elements = [e for e in panel["elements"] if e["type"] in (*SELECT, "html")]
    else:
        elements = [e for e in panel.get("elements", []) if e.get("name") == PHASE]
    return {**panel, "elements": elements} if elements else None


def extract(survey: dict[str, Any]) -> dict[str, Any]:
    """The extract of a survey (see the module's docstring)."""
    pages = []
    for page in survey["pages"]:
        panels = [kept for panel in page["elements"] if (kept := kept_panel(panel))]
        if panels:
            pages.append({**page, "elements": panels})
    return {**survey, "pages": pages}


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as source:
        data = extract(json.load(source))
    with open(sys.argv[2], "w", encoding="utf-8") as target:
        target.write(json.dumps(data, indent=4, ensure_ascii=False) + "\n")
