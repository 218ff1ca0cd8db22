"""Questionnaires of other shapes than A.D.O.C.'s, written to a folder for a test: any number
of stages and levels, no organisation kinds, no categories, the other missing-answer rule, the
short layout and an invitation to go on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from parcours.engine import Questionnaire, check_answers, evaluate, load, result_dict


def text(fr: str, en: str | None = None) -> dict[str, str]:
    return {"fr": fr, "en": en or fr}


def _stage(n: int, weighted: bool) -> dict[str, Any]:
    dimensions = [{"id": f"s{n}_d{d}", "title": text(f"Dimension {n}.{d}"),
                   "description": text(f"La dimension {n}.{d}.", f"Dimension {n}.{d}."),
                   "weight": 2 if weighted and d == 1 else 1}
                  for d in (1, 2)]
    questions = [{"id": f"s{n}_d{d}_q{i}", "type": "single", "dimension": f"s{n}_d{d}",
                  "text": text(f"Question {n}.{d}.{i} ?", f"Question {n}.{d}.{i}?"),
                  "help": text("Pour savoir.", "To know."),
                  "options": [{"value": f"o{p}", "points": p,
                               "label": text(f"Pratique {p}", f"Practice {p}")}
                              for p in range(4)]}
                 for d in (1, 2) for i in (1, 2, 3)]
    return {"id": f"s{n}", "title": text(f"Chantier numéro {n}", f"Workstream number {n}"),
            "dimensions": dimensions,
            "sections": [{"id": f"s{n}_section", "title": text(f"Chantier {n}", f"Workstream {n}"),
                          "questions": questions}]}


def _recommendations(stages: int) -> list[dict[str, Any]]:
    found = [{"id": f"r_s{n}", "title": text(f"Renforcer le chantier {n}",
                                             f"Strengthen workstream {n}"),
              "description": text("Une action concrète.", "A concrete step."),
              "dimensions": [f"s{n}_d1"], "priority": 1 + n % 3, "horizon": "court",
              "rules": [{"when": f"score.s{n}_d1 < 60"}]} for n in range(1, stages + 1)]
    found += [{"id": f"r_fallback{n}", "title": text(f"Faire le point numéro {n}",
                                                     f"Take stock number {n}"),
               "description": text("Un point d'étape.", "A checkpoint."),
               "dimensions": ["s1_d2"], "priority": 3, "horizon": "moyen",
               "rules": [{"fallback": True, "because": text("Pour avancer.", "To move on.")}]}
              for n in (1, 2, 3)]
    return found


def write(folder: Path, *, key: str = "atelier", stages: int = 5, levels: tuple[int, ...] =
          (0, 45, 70), unanswered: str = "zero", layout: str = "full",
          invitation: str | None = None, roadmap: dict[str, int] | None = None,
          weighted: bool = False) -> Path:
    """A valid questionnaire folder: `stages` scored stages of two dimensions, `levels` at
    these minimums, stages called « axe / axes », no kinds, no categories, no tagline; with
    `weighted`, each stage's first dimension weighs twice its second."""
    folder.mkdir(parents=True, exist_ok=True)
    names = ("Amorce", "Essor", "Maturité", "Rayonnement", "Excellence", "Référence")
    index: dict[str, Any] = {
        "key": key, "version": "1.0", "title": text("Atelier Boussole", "Compass workshop"),
        "description": text("Un questionnaire d'essai.", "A trial questionnaire."),
        "product": text("Boussole coopérative", "Cooperative compass"),
        "estimated_minutes": 10, "unanswered": unanswered,
        "stage_name": {"singular": text("axe", "area"), "plural": text("axes", "areas")},
        "strength_threshold": 80,
        "levels": [{"id": f"niveau{i}", "min": m, "label": text(names[i], f"Stage {names[i]}"),
                    "description": text(f"Le niveau {names[i]}.", f"The {names[i]} level.")}
                   for i, m in enumerate(levels)],
        "stages": [f"s{n}.yaml" for n in range(1, stages + 1)],
        "recommendations": ["recos.yaml"],
        "report": {"layout": layout},
    }
    if roadmap:
        index["roadmap"] = roadmap
    if invitation:
        index["next"] = {"questionnaire": invitation,
                         "title": text("Allez plus loin avec le parcours complet",
                                       "Go further with the full pathway"),
                         "text": text("Le parcours complet approfondit chaque axe.",
                                      "The full pathway looks at each area in depth.")}
    files = {"questionnaire.yaml": index, "recos.yaml": _recommendations(stages),
             **{f"s{n}.yaml": _stage(n, weighted) for n in range(1, stages + 1)}}
    for name, data in files.items():
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                   encoding="utf-8")
    return folder


def answers(q: Questionnaire, pattern: tuple[int | None, ...] = (0, 1, 3, None, 2)) -> dict:
    """Every scored question answered with these points in turn (None: left unanswered)."""
    found: dict[str, str] = {}
    for n, qid in enumerate(question.id for question in q.questions.values()
                            if question.dimension):
        points = pattern[n % len(pattern)]
        if points is not None:
            found[qid] = f"o{points}"
    return found


def result(folder: Path, lang: str = "fr", **shape: Any) -> dict[str, Any]:
    """The result of a questionnaire of that shape, answered by `answers`."""
    q = load(write(folder, **shape))
    scores, road = evaluate(q, check_answers(q, answers(q)))
    return result_dict(q, scores, road, lang)
