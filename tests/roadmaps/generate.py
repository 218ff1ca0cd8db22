"""Reference roadmaps: the plan of each reference organisation as plain French text.

    python -m tests.roadmaps.generate        (or `make roadmaps`)

reads `organisations/NAME.json` (an answers file, plus `v3_answers`, see organisations/README.md)
and writes `expected/NAME.txt`: who the organisation is, its level, then its plan in plan order,
the other leads and its strengths. A reviewer reads what a content change does to real plans in
the diff of these files; `test_reference_roadmaps.py` fails until they are regenerated.

Pure engine: the questionnaire is loaded and scored as the app does, without Flask.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parcours.engine import (
    InvalidAnswer,
    Questionnaire,
    Roadmap,
    Scores,
    check_answer,
    evaluate,
    load,
    read_answers,
    result_dict,
)
from parcours.engine.roadmap import plan_size
from parcours.engine.serialize import answer_text

HERE = Path(__file__).resolve().parent
ORGANISATIONS = HERE / "organisations"
EXPECTED = HERE / "expected"
ADOC = HERE.parents[1] / "questionnaires" / "adoc"
FILE_KEYS = ("questionnaire", "version", "lang", "answers")
ROW = re.compile(r"^\|\s*`([a-z0-9_]+)`\s*\|\s*(.+?)\s*\|\s*$")


@dataclass(frozen=True)
class Organisation:
    """A reference organisation: its file's name, who it is, and its checked answers."""

    name: str
    description: str
    answers: dict[str, Any]


def descriptions() -> dict[str, str]:
    """The one-line descriptions of organisations/README.md's table, by file name."""
    text = (ORGANISATIONS / "README.md").read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for line in text.splitlines() if (m := ROW.match(line))}


def merged_answers(q: Questionnaire, data: dict[str, Any]) -> dict[str, Any]:
    """The file's answers, with each of its `v3_answers` that the questionnaire accepts (the
    question exists and the value is one of its answers) put in place of today's."""
    raw = dict(data["answers"])
    for qid, value in data.get("v3_answers", {}).items():
        question = q.questions.get(qid)
        if question is None:
            continue
        try:
            check_answer(question, value)
        except InvalidAnswer:
            continue
        raw[qid] = value
    return raw


def read(q: Questionnaire, path: Path, described: dict[str, str]) -> Organisation:
    """One organisation's file, checked by the engine's answers reader."""
    data = json.loads(path.read_text(encoding="utf-8"))
    unknown = sorted(set(data) - {*FILE_KEYS, "v3_answers"})
    if unknown:
        raise ValueError(f"{path}: unknown keys {unknown}")
    plain = {key: data[key] for key in FILE_KEYS if key in data}
    plain["answers"] = merged_answers(q, data)
    parsed = read_answers(plain, {q.key: q})
    if path.stem not in described:
        raise ValueError(f"{path}: no description in {ORGANISATIONS / 'README.md'}")
    return Organisation(path.stem, described[path.stem], parsed.answers)


def organisations(q: Questionnaire) -> list[Organisation]:
    """Every reference organisation, by name."""
    described = descriptions()
    return [read(q, path, described) for path in sorted(ORGANISATIONS.glob("*.json"))]


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def _line(item: dict[str, Any]) -> str:
    reasons = " ".join(item["reasons"])
    return f"{item['rank']}. [{item['priority_label']}] {item['title']} — {reasons}"


def render(q: Questionnaire, org: Organisation) -> str:
    """The roadmap of one organisation, in French, as a reviewer reads it."""
    scores, road = evaluate(q, org.answers)
    return _text(q, org, scores, road)


def _text(q: Questionnaire, org: Organisation, scores: Scores, road: Roadmap) -> str:
    result = result_dict(q, scores, road, "fr")
    answers = scores.answers
    kind = scores.kind

    def said(qid: str) -> str:
        if qid not in q.questions or answers.get(qid) is None:
            return "sans réponse"
        return answer_text(q, qid, answers[qid], kind, "fr")

    level = result["global"]["level"]
    stages = " · ".join(f"{stage['title']} {_number(stage['score'])}"
                        for stage in result["stages"])
    lines = [
        f"{org.name} — {org.description}",
        "",
        f"Type : {result['kind_label'] or 'sans réponse'}",
        f"Taille : {said('profil_taille')}",
        *([f"Bénévoles : {said('profil_benevoles')}"] if "profil_benevoles" in q.questions else []),
        f"Partenaires : {said('profil_partenaires')} "
        f"({said('modele_nombre_partenaires')} actifs)",
        f"Expérience : {said('profil_experience')}",
        f"Niveau : {level['label'] if level else 'sans niveau'} — "
        f"score global {_number(result['global']['score'])} / 100",
        f"Leviers : {stages}",
        f"Plan : {len(result['roadmap'])} actions (au plus {plan_size(q, answers)}), "
        f"{len(result['other_recommendations'])} autres pistes",
        "",
        "Plan d'action",
        *(_line(item) for item in result["roadmap"]),
        "",
        "Autres pistes",
        *(_line(item) for item in result["other_recommendations"]),
        "",
        "Points forts",
        *(f"- {s['title']} ({_number(s['score'])})" for s in result["strengths"]),
    ]
    if not result["strengths"]:
        lines.append(f"- aucun (aucune dimension à {q.index.strength_threshold:g} ou plus)")
    return "\n".join(lines) + "\n"


def expected_path(name: str) -> Path:
    return EXPECTED / f"{name}.txt"


def main() -> int:
    q = load(ADOC)
    EXPECTED.mkdir(exist_ok=True)
    found = organisations(q)
    names = {org.name for org in found}
    for stale in EXPECTED.glob("*.txt"):
        if stale.stem not in names:
            stale.unlink()
            print(f"removed {stale.relative_to(HERE.parents[1])}")
    changed = 0
    for org in found:
        text = render(q, org)
        path = expected_path(org.name)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed += 1
            print(f"wrote {path.relative_to(HERE.parents[1])}")
    print(f"{len(found)} reference roadmaps ({q.key} {q.version}), {changed} changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
