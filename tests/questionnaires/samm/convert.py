"""Convert OWASP SAMM v2's Governance business function (source/, see SOURCE.md) into a
questionnaire of this app: `python tests/questionnaires/samm/convert.py` rewrites
questionnaire.yaml, governance.yaml and recommendations.yaml beside it from source/ alone.

SAMM as its authors score it: every question is answered 0, 0.25, 0.5 or 1 (its answer set);
a stream's score is the sum of its three maturity levels' answers (0–3), a practice's the mean
of its two streams (0–3), a business function's the mean of its practices. A practice here is a
dimension that sums its six answers (`combine: sum`) shown on 0–3 (`scale: 3`): 100 × sum ÷ 6
in percent, sum ÷ 2 on its scale, the mean of its two streams; the business function (the stage)
and the overall score (`global: stages`, shown on 0–3) are means of them. Levels start at 1, 2
and 3 out of 3 (33.33, 66.66 and 100 in percent: every reachable score, a multiple of 1/24,
lands on the side of each threshold its 0–3 figure says).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
SOURCE = HERE / "source"
FUNCTION = "G"  # SAMM's letter for the Governance business function
FALLBACK_SET = "K"  # the generic answer set, for questions whose own set is not in source/
VALUES = {0: "no", 0.25: "quarter", 0.5: "half", 1: "full"}  # option ids by SAMM value


class Source(yaml.SafeLoader):
    """YAML 1.2 booleans, as SAMM's own tools read its files: « No » is an answer's text."""


Source.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def read(path: Path) -> Any:
    """A source YAML file."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Source)  # noqa: S506 - safe


def en(text: str) -> dict[str, str]:
    """A text of this English-only questionnaire, its lines joined as YAML folded them."""
    return {"en": " ".join(str(text).split())}


def slug(name: str) -> str:
    """A practice's id from its file name: G-Strategy-Metrics → strategy_metrics."""
    return name.split("-", 1)[1].replace("-", "_").lower()


def answer_sets() -> dict[str, list[dict[str, Any]]]:
    """Each stored answer set's values, by its GUID and by its letter."""
    found: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((SOURCE / "answer_sets").glob("*.yml")):
        data = read(path)
        values = sorted(data["values"], key=lambda value: value["order"])
        found[data["id"]] = found[path.stem] = values
    return found


def question(code: str, data: dict[str, Any], practice: str,
             sets: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """One SAMM question (G-SM-1-A: practice SM, level 1, stream A) as a single choice."""
    level, stream = code.split("-")[2:]
    guid = data.get("answerSet") or data.get("answerset") or ""
    values = sets.get(guid, sets[FALLBACK_SET])
    criteria = "; ".join(" ".join(item.split()) for item in data["quality"])
    return {
        "id": code.lower().replace("-", "_"),
        "type": "single",
        "dimension": practice,
        "required": True,
        "allow_dont_know": False,
        "text": en(data["text"]),
        "help": en(f"Stream {stream}, level {level}. Qualifying criteria: {criteria}."),
        "options": [{"value": VALUES[value["value"]], "points": value["value"],
                     "label": en(value["text"])} for value in values],
    }


def stage() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The Governance stage (a dimension and a page per practice) and its practices."""
    sets = answer_sets()
    practices = sorted((read(path) | {"file": path.stem} for path in
                        (SOURCE / "security_practices").glob(f"{FUNCTION}-*.yml")),
                       key=lambda practice: practice["order"])
    dimensions, sections = [], []
    for practice in practices:
        dimension = slug(practice["file"])
        dimensions.append({"id": dimension, "title": en(practice["name"]),
                           "description": en(practice["shortDescription"]),
                           "scoring": {"combine": "sum", "scale": 3}})
        codes = [f"{FUNCTION}-{practice['shortName']}-{level}-{stream}"
                 for stream in "AB" for level in (1, 2, 3)]
        sections.append({
            "id": f"{dimension}_section", "title": en(practice["name"]),
            "intro": en(practice["shortDescription"]),
            "questions": [question(code, read(SOURCE / "questions" / f"{code}.yml"),
                                   dimension, sets) for code in codes]})
    return ({"id": "governance", "title": en("Governance"), "dimensions": dimensions,
             "sections": sections}, dimensions)


def recommendations(dimensions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One step per practice: take it to its next level when it is below 3 out of 3."""
    return [{
        "id": f"raise_{d['id']}",
        "title": en(f"Take {d['title']['en']} to its next level"),
        "description": en(f"{d['description']['en']} Work on the first stream activity "
                          "of the practice that is not yet done continuously."),
        "dimensions": [d["id"]], "priority": 1, "horizon": "moyen",
        "rules": [{"when": f"score.{d['id']} < 100"},
                  {"fallback": True, "because": en("Because a practice at its best score "
                                                  "stays there only if it is kept up.")}],
    } for d in dimensions]


LEVELS = [(0, "Level 0", "An overall score below 1 out of 3."),
          (33.33, "Level 1", "An overall score of at least 1 out of 3."),
          (66.66, "Level 2", "An overall score of at least 2 out of 3."),
          (100, "Level 3", "An overall score of 3 out of 3.")]


def index() -> dict[str, Any]:
    """questionnaire.yaml."""
    return {
        "format": 3, "key": "samm", "version": "2.0.0", "languages": ["en"],
        "title": en("OWASP SAMM — Governance"),
        "description": en("The Governance business function of OWASP SAMM v2: eighteen "
                          "questions on strategy and metrics, policy and compliance, education "
                          "and guidance, each practice scored from 0 to 3."),
        "product": en("OWASP SAMM"),
        "tagline": en("Software Assurance Maturity Model, version 2."),
        "credit": en("OWASP SAMM v2 by the OWASP SAMM project, CC BY-SA 4.0 "
                     "(github.com/owaspsamm/core), converted to this format."),
        "estimated_minutes": 20, "unanswered": "zero",
        "stage_name": {"singular": en("business function"),
                       "plural": en("business functions")},
        "levels": [{"id": f"level_{n}", "min": low, "label": en(label),
                    "description": en(text)} for n, (low, label, text) in enumerate(LEVELS)],
        "stages": ["governance.yaml"], "recommendations": ["recommendations.yaml"],
        "roadmap": {"min_actions": 1, "essential": 1, "max_actions": 3},
        "features": {"partners": False, "collective": False, "strengths": False,
                     "priority": False, "horizon": False},
        "words": {"level": en("SAMM score"),
                  "method": en("Each question asks whether a SAMM activity is done, from no "
                               "(0) to fully (1); a stream adds its three levels, a practice "
                               "is the mean of its two streams, from 0 to 3."),
                  "audience": en("your security steering group")},
        # the overall score is the mean of the practices, on 0–3 as SAMM shows it
        "scoring": {"hidden": "zero", "global": "stages", "global_scale": 3},
    }


def dump(data: Any) -> str:
    """YAML as this repository commits it: keys in order, unicode, long lines."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def write(target: Path) -> list[Path]:
    """Write the questionnaire's files into `target`; the paths written."""
    governance, dimensions = stage()
    files = {"questionnaire.yaml": index(), "governance.yaml": governance,
             "recommendations.yaml": recommendations(dimensions)}
    header = "# Written by convert.py from source/ (OWASP SAMM v2, CC BY-SA 4.0): do not edit.\n"
    for name, data in files.items():
        (target / name).write_text(header + dump(data), encoding="utf-8")
    return [target / name for name in files]


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
