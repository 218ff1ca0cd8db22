"""The Algorithmic Impact Assessment's scores, as its authors compute them (src/store.ts,
`calculateFinalScore`), worked out from source/survey-extract.json and an answer file alone
(never from this app's engine nor from the converted YAML): the independent check of
tests/engine/test_published_models.py.

An answer file holds the survey's data as the AIA tool saves it: question names and choice
values of the source (« impact6 »: « item3-3 », a checkbox a list of values). Its arithmetic is
the tool's, in floating point as JavaScript does it.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

SURVEY = Path(__file__).parent / "source" / "survey-extract.json"


def _value(answer: Any) -> float:
    """store.ts `getValue`: the number after a value's last « - », summed over a list."""
    if isinstance(answer, list):
        return sum(_value(item) for item in answer)
    if isinstance(answer, str):
        head, dash, tail = answer.rpartition("-")
        try:
            return float(tail) if dash else 0
        except ValueError:
            return 0
    return answer if isinstance(answer, int | float) else 0


def _visible(rule: str | None, data: dict[str, Any]) -> bool:
    """SurveyJS's `visibleIf`, in the two forms the survey uses (= and contains)."""
    if rule is None:
        return True
    name, operator, value = re.fullmatch(r'\{(\w+)\} (=|contains) \[?"([\w-]+)"\]?',
                                         rule).groups()  # type: ignore[union-attr]
    answer = data.get(name)
    return answer == value if operator == "=" else isinstance(answer, list) and value in answer


def _questions() -> list[tuple[str, dict[str, Any], str | None]]:
    """Each select question with its panel's name and its page's visibleIf."""
    pages = json.loads(SURVEY.read_text(encoding="utf-8"))["pages"]
    return [(panel["name"], question, page.get("visibleIf"))
            for page in pages for panel in page["elements"] for question in panel["elements"]
            if question["type"] in ("radiogroup", "checkbox", "dropdown")]


def aia(data: dict[str, Any]) -> dict[str, Any]:
    """{"raw", "max_raw", "mitigation", "max_mitigation", "total", "level"} for a survey's data.

    SurveyJS clears the values of the questions it does not show when the survey is completed:
    a hidden question's answer counts nothing, and its maximum counts all the same."""
    raw = max_raw = mitigation = max_mitigation = 0.0
    for panel, question, page_rule in _questions():
        kind = "RS" if panel.endswith("-RS") else "MS" if panel.endswith("-MS") else None
        if kind is None:
            continue
        shown = _visible(page_rule, data) and _visible(question.get("visibleIf"), data)
        got = _value(data.get(question["name"])) if shown else 0
        values = [_value(choice["value"]) for choice in question["choices"]]
        most = sum(values) if question["type"] == "checkbox" else max(values)
        if kind == "RS":
            raw, max_raw = raw + got, max_raw + most
        else:
            mitigation, max_mitigation = mitigation + got, max_mitigation + most
    # maxMitigationScore is divided by 2 because of the Design/Implementation fork (store.ts)
    if mitigation >= 0.8 * (max_mitigation / 2):
        total = float(math.floor((1 - 0.15) * raw + 0.5))  # Math.round
    else:
        total = raw
    level = (1 if total <= max_raw * 0.25 else 2 if total <= max_raw * 0.5
             else 3 if total <= max_raw * 0.75 else 4)
    return {"raw": raw, "max_raw": max_raw, "mitigation": mitigation,
            "max_mitigation": max_mitigation, "total": total, "level": level}
