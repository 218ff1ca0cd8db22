"""Convert the Government of Canada's Algorithmic Impact Assessment (source/, see SOURCE.md) into
a questionnaire of this app: `python tests/questionnaires/aia/convert.py` rewrites the YAML
beside it from source/survey-extract.json alone.

The AIA as its authors score it (src/store.ts): a choice is worth the number after the last « - »
of its value (« item3-4 »: 4); a checkbox the sum of its ticks. The raw impact score adds the
questions of the `…-RS` panels, out of the sum of their maxima, every question counted whether
shown or not; the mitigation score adds the `…-MS` questions; when it reaches 80 % of half its
maximum (the design and implementation pages are alternatives), the final score is the raw
impact less 15 %, rounded; the impact level is I up to 25 % of the raw maximum, II up to 50 %,
III up to 75 %, IV above. Here: two dimensions that add up their points (`combine: sum`) and
count a hidden or unanswered question as zero against its maximum; the mitigation is kept out
of the global, which is the raw impact (`global: impact`, shown in points out of 119);
`final` is derived, with the 80 % rule as its case (80 % of half the maximum is 40 % of it);
the level is read from `final`.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
SURVEY = HERE / "source" / "survey-extract.json"
SELECT = {"radiogroup": "single", "dropdown": "single", "checkbox": "multiple"}
KINDS = {"-RS": "impact", "-MS": "mitigation"}


def text(value: Any) -> dict[str, str]:
    """A source text ({default, fr} or one string for both) without markup, as {fr, en}."""
    pair = value if isinstance(value, dict) else {"default": value, "fr": value}
    plain = {lang: " ".join(re.sub(r"<[^>]+>", " ", pair[key]).split())
             for lang, key in (("fr", "fr"), ("en", "default"))}
    return {"fr": plain["fr"], "en": plain["en"]}


def slug(name: str) -> str:
    """A source name as an id: aboutDataSource9 → about_data_source9."""
    return re.sub(r"[^a-z0-9]+", "_", re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower())


def points(value: str) -> int:
    """What a choice is worth: the number after its value's last « - », else 0 (store.ts)."""
    _, dash, tail = value.rpartition("-")
    return int(tail) if dash and tail.isdigit() else 0


def condition(visible: str) -> str:
    """A SurveyJS `visibleIf` as a condition of this app."""
    found = re.fullmatch(r'\{(\w+)\} (=|contains) \[?"([\w-]+)"\]?', visible)
    if found is None:
        raise ValueError(f"visibleIf not converted: {visible!r}")
    name, operator, value = found.groups()
    return f"{slug(name)} {'==' if operator == '=' else 'contains'} '{slug(value)}'"


def maximum(question: dict[str, Any]) -> int:
    """A question's maximum: its best choice, or all its ticks (store.ts)."""
    values = [points(choice["value"]) for choice in question["choices"]]
    return sum(values) if question["type"] == "checkbox" else max(values)


HELP = {"impact": ({"fr": "Score d'incidence brut : jusqu'à {n} points.",
                    "en": "Raw impact score: up to {n} points."}),
        "mitigation": ({"fr": "Score d'atténuation : jusqu'à {n} points.",
                        "en": "Mitigation score: up to {n} points."})}
NOT_SCORED = {"fr": "Non noté.", "en": "Not scored."}


def question(data: dict[str, Any], kind: str | None, shown: list[str]) -> dict[str, Any]:
    """One select question of the survey."""
    most = maximum(data)
    scored = kind is not None and most > 0
    converted: dict[str, Any] = {"id": slug(data["name"]), "type": SELECT[data["type"]]}
    if scored:
        converted["dimension"] = kind
    if data.get("isRequired"):
        converted["required"] = True
    if shown:
        converted["show_if"] = " and ".join(shown)
    converted["allow_dont_know"] = False
    converted["text"] = text(data["title"])
    converted["help"] = text(data["help"]) if "help" in data else (
        {lang: words.format(n=most) for lang, words in HELP[kind].items()} if scored and kind
        else NOT_SCORED)
    converted["options"] = [{"value": slug(choice["value"]), "label": text(choice["text"]),
                             **({"points": points(choice["value"])} if scored else {})}
                            for choice in data["choices"]]
    return converted


def sections(page: dict[str, Any]) -> list[tuple[str | None, dict[str, Any]]]:
    """A page's panels as sections, each with the dimension its questions score in."""
    found = []
    for panel in page["elements"]:
        kind = next((k for suffix, k in KINDS.items() if panel["name"].endswith(suffix)), None)
        shown = [condition(page["visibleIf"])] if "visibleIf" in page else []
        intro = next((text(e["html"]) for e in panel["elements"] if e["type"] == "html"), None)
        section: dict[str, Any] = {"id": slug(panel["name"].rsplit("-", 1)[0]),
                                   "title": text(panel.get("title", page["title"]))}
        if intro:
            section["intro"] = intro
        section["questions"] = [
            question(e, kind, shown + ([condition(e["visibleIf"])] if "visibleIf" in e else []))
            for e in panel["elements"] if e["type"] in SELECT]
        found.append((kind, section))
    return found


def maxima(pages: list[dict[str, Any]]) -> dict[str, int]:
    """The raw impact's and the mitigation's maxima: every scored question, shown or not."""
    totals = dict.fromkeys(KINDS.values(), 0)
    for page in pages:
        for kind, section in sections(page):
            for q in section["questions"]:
                if kind and "dimension" in q:
                    totals[kind] += max(o["points"] for o in q["options"]) if (
                        q["type"] == "single") else sum(o["points"] for o in q["options"])
    return totals


def stages(pages: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The three stages: the project (its phase), the impact, the mitigation."""
    dimensions = {
        "impact": {"id": "impact", "title": {"fr": "Incidence brute", "en": "Raw impact"},
                   "description": {"fr": "Les points de risque du système, sur leur maximum.",
                                   "en": "The system's risk points, out of their maximum."},
                   "scoring": {"combine": "sum", "scale": "points"}},
        "mitigation": {"id": "mitigation", "title": {"fr": "Atténuation", "en": "Mitigation"},
                       "description": {"fr": "Les points des mesures d'atténuation.",
                                       "en": "The points of the mitigation measures."},
                       "scoring": {"combine": "sum", "scale": "points", "in_global": False}}}
    found: dict[str, dict[str, Any]] = {
        "project": {"id": "project", "title": text(pages[0]["title"]), "sections": []},
        "impact": {"id": "impact_stage", "title": {"fr": "Incidence", "en": "Impact"},
                   "dimensions": [dimensions["impact"]], "sections": []},
        "mitigation": {"id": "mitigation_stage", "title": text(pages[-1]["title"]),
                       "dimensions": [dimensions["mitigation"]], "sections": []}}
    for page in pages:
        for kind, section in sections(page):
            found[kind or "project"]["sections"].append(section)
    return found


def index(most: dict[str, int]) -> dict[str, Any]:
    """questionnaire.yaml."""
    raw = most["impact"]
    rounded = f"round(score.impact * {raw} / 100 * 0.85) * 100 / {raw}"
    levels = [("level_1", 0, "I"), ("level_2", 25, "II"), ("level_3", 50, "III"),
              ("level_4", 75, "IV")]
    return {
        "format": 3, "key": "aia", "version": "0.9.1",
        "title": {"fr": "Évaluation de l'incidence algorithmique",
                  "en": "Algorithmic Impact Assessment"},
        "description": {"fr": "L'outil du gouvernement du Canada pour évaluer l'incidence d'un "
                              "système décisionnel automatisé : un score d'incidence brut, un "
                              "score d'atténuation et un niveau d'incidence de I à IV.",
                        "en": "The Government of Canada's tool to assess the impact of an "
                              "automated decision system: a raw impact score, a mitigation "
                              "score and an impact level from I to IV."},
        "product": {"fr": "Évaluation de l'incidence algorithmique",
                    "en": "Algorithmic Impact Assessment"},
        "credit": {"fr": "Outil d'évaluation de l'incidence algorithmique v0.9.1 du "
                         "gouvernement du Canada (github.com/canada-ca/aia-eia-js, licence "
                         "MIT), converti dans ce format.",
                   "en": "The Government of Canada's Algorithmic Impact Assessment tool "
                         "v0.9.1 (github.com/canada-ca/aia-eia-js, MIT licence), converted "
                         "to this format."},
        "estimated_minutes": 35, "unanswered": "zero",
        "stage_name": {"singular": {"fr": "partie", "en": "part"},
                       "plural": {"fr": "parties", "en": "parts"}},
        "levels": [{"id": level, "min": low, "label": {"fr": f"Niveau {roman}",
                                                      "en": f"Level {roman}"},
                    "description": {"fr": f"Un score final au-dessus de {low} % du maximum "
                                          "du score brut." if low else
                                          "Un score final d'au plus 25 % du maximum du score "
                                          "brut.",
                                    "en": f"A final score above {low} % of the raw score's "
                                          "maximum." if low else
                                          "A final score of at most 25 % of the raw score's "
                                          "maximum."}}
                   for level, low, roman in levels],
        "stages": ["project.yaml", "impact.yaml", "mitigation.yaml"],
        "recommendations": ["recommendations.yaml"],
        "roadmap": {"min_actions": 1, "essential": 1, "max_actions": 2},
        "features": {"partners": False, "collective": False, "strengths": False,
                     "priority": False, "horizon": False},
        "words": {"level": {"fr": "niveau d'incidence", "en": "impact level"},
                  "method": {"fr": "Chaque réponse vaut les points que lui donne l'outil du "
                                   "gouvernement du Canada.",
                             "en": "Each answer is worth the points the Government of "
                                   "Canada's tool gives it."},
                  "audience": {"fr": "les responsables du projet",
                               "en": "the project's decision makers"}},
        "scoring": {
            # the global is the raw impact, « 35 / 119 » as the tool shows it
            "hidden": "zero", "global": "impact", "global_scale": "points",
            "level_from": "final", "higher_is": "worse",
            "derived": [{"id": "final", "title": {"fr": "Incidence finale",
                                                  "en": "Final impact"},
                         "value": "score.impact", "scale": raw,
                         "cases": [{"when": "score.mitigation >= 40", "value": rounded}]}]},
    }


RECOMMENDATIONS = [
    {"id": "mitigation_measures",
     "title": {"fr": "Mettre en place les mesures d'atténuation",
               "en": "Put the mitigation measures in place"},
     "description": {"fr": "Consultations, qualité des données, équité procédurale, "
                           "confidentialité : à 80 % des points d'atténuation de la phase du "
                           "projet, le score d'incidence baisse de 15 %.",
                     "en": "Consultations, data quality, procedural fairness, privacy: at 80 % "
                           "of the mitigation points of the project's phase, the impact score "
                           "is lowered by 15 %."},
     "dimensions": ["mitigation"], "priority": 1, "horizon": "court",
     "rules": [{"when": "score.mitigation < 40"}]},
    {"id": "assess_again",
     "title": {"fr": "Refaire l'évaluation quand le système change",
               "en": "Assess again when the system changes"},
     "description": {"fr": "De nouvelles données ou une nouvelle décision automatisée changent "
                           "les réponses : refaites l'évaluation.",
                     "en": "New data or a new automated decision change the answers: assess "
                           "the system again."},
     "dimensions": ["impact"], "priority": 2, "horizon": "moyen",
     "rules": [{"fallback": True,
                "because": {"fr": "Parce qu'un système qui change change aussi son incidence.",
                            "en": "Because a system that changes changes its impact too."}}]},
]


def dump(data: Any) -> str:
    """YAML as this repository commits it: keys in order, unicode, long lines."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def write(target: Path) -> list[Path]:
    """Write the questionnaire's files into `target`; the paths written."""
    pages = json.loads(SURVEY.read_text(encoding="utf-8"))["pages"]
    parts = stages(pages)
    files = {"questionnaire.yaml": index(maxima(pages)), "project.yaml": parts["project"],
             "impact.yaml": parts["impact"], "mitigation.yaml": parts["mitigation"],
             "recommendations.yaml": RECOMMENDATIONS}
    header = ("# Written by convert.py from source/ (Algorithmic Impact Assessment, MIT): "
              "do not edit.\n")
    for name, data in files.items():
        (target / name).write_text(header + dump(data), encoding="utf-8")
    return [target / name for name in files]


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
