"""A cohort's export as tables a trainer opens in a spreadsheet without help (issue 31, item 6).

One header row of short labels (« Organisation », « Commencé le », « Q12 »…), then one row per
participant: its status and dates, its « Je ne sais pas », its global, stage and dimension scores
and level, and its answers as it read them. The question ids and full texts, the stages and
dimensions and the possible answers live in a codebook beside it (a sheet of the XLSX, or
`codebook.csv`), one row per column. The CSV, the XLSX and the ZIP's scores file are all written
from these tables (exports.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import force_locale, to_user_timezone
from flask_babel import gettext as _

from ..engine import Questionnaire
from ..engine.model import DONT_KNOW
from ..engine.numbers import MOST_PLACES
from ..engine.serialize import SPECIAL_LABELS, answer_text
from ..models import COMPLETED, Diagnostic
from ..services import collective
from ..services.questionnaires import engine_answers, questionnaire_of


@dataclass(frozen=True)
class Column:
    """One column: its short label (the header), its stable id, and what the codebook says."""

    label: str
    id: str
    text: str
    part: str = ""
    dimension: str = ""
    values: str = ""
    scaled: bool = False  # a score on its own scale, or its maximum (`_scaled_columns`)


@dataclass(frozen=True)
class Table:
    """Columns, and one row of values per participant (numbers stay numbers, dates dates)."""

    columns: list[Column]
    rows: list[list[Any]]

    @property
    def header(self) -> list[str]:
        return [c.label for c in self.columns]


def _questionnaires(diagnostics: list[Diagnostic]) -> list[Questionnaire]:
    return list({d.questionnaire_key: questionnaire_of(d) for d in diagnostics}.values())


def _rounded(score: float | None) -> float | None:
    # a stored score has one decimal, more near a threshold (engine/numbers.kept): kept as is
    return None if score is None else round(score, MOST_PLACES)


def _day(moment: datetime | None) -> date | None:
    """A moment as the day it was where the trainer is (PARCOURS_TIMEZONE)."""
    return to_user_timezone(moment).date() if moment is not None else None


def _status(diagnostic: Diagnostic) -> str:
    if diagnostic.reviewed_at is not None:
        return _("Relu")
    if diagnostic.status == COMPLETED:
        return _("Terminé")
    return _("Toutes les réponses données, pas encore terminé") if diagnostic.progress >= 100 \
        else _("En cours")


def _level(q: Questionnaire, level: int | None, lang: str) -> str | None:
    return q.levels[level - 1].label.get(lang) if level else None


def _answer(q: Questionnaire, qid: str | None, value: Any, kind: str | None, lang: str) -> Any:
    """An answer as the participant read it: labels for choices, numbers and texts as they
    are."""
    if value is None or qid is None or qid not in q.questions:
        return None
    if q.questions[qid].type in ("number", "text") and value not in SPECIAL_LABELS:
        return value
    return answer_text(q, qid, value, kind, lang)


def _score_columns(questionnaires: list[Questionnaire], lang: str) -> list[Column]:
    """Global score, level, then each stage's and each dimension's score, each once."""
    columns = [Column(_("Score global"), "score_global", _("Score global, de 0 à 100"))]
    if any(q.scoring.global_scale != "percent" for q in questionnaires):
        columns += _scaled_columns("score_global", _("Score global"), "", "")
    columns.append(Column(_("Niveau"), "niveau", _("Niveau atteint")))
    seen: set[str] = set()
    for q in questionnaires:
        for stage in q.scored_stages:
            if f"etape:{stage.id}" not in seen:
                seen.add(f"etape:{stage.id}")
                columns.append(Column(stage.title.get(lang), f"score_{stage.id}",
                                      _("Score de la partie, de 0 à 100"),
                                      part=stage.title.get(lang)))
        for stage in q.scored_stages:
            for dimension in stage.dimensions:
                if dimension.id not in seen:
                    seen.add(dimension.id)
                    columns.append(Column(dimension.title.get(lang), dimension.id,
                                          _("Score de la dimension, de 0 à 100"),
                                          part=stage.title.get(lang),
                                          dimension=dimension.title.get(lang)))
                    if q.dimension_scoring(dimension.id).scale != "percent":
                        columns += _scaled_columns(dimension.id, dimension.title.get(lang),
                                                   stage.title.get(lang),
                                                   dimension.title.get(lang))
    return columns


SCALED, MOST = "_echelle", "_max"  # the ids' suffixes of a score on its own scale


def _scaled_columns(ident: str, title: str, part: str, dimension: str) -> list[Column]:
    """A score on a scale of its own (`scale`, `global_scale`: « 2,25 / 3 », « 41 / 167 »):
    two columns beside its score from 0 to 100, which stays as it was."""
    return [Column(_("%(score)s (sur son échelle)", score=title), ident + SCALED,
                   _("Le score sur l'échelle du questionnaire (« 2,25 » de « 2,25 / 3 »)"),
                   part=part, dimension=dimension, scaled=True),
            Column(_("%(score)s (maximum)", score=title), ident + MOST,
                   _("Le maximum de cette échelle (« 3 » de « 2,25 / 3 »)"), part=part,
                   dimension=dimension, scaled=True)]


def _scaled_values(snapshot: Any, lang: str) -> dict[str, Any]:
    """Each score's figure on its own scale and its maximum, as the snapshot froze them."""
    results = snapshot.results or {}
    result = results.get(lang) or next(iter(results.values()), None) or {}
    found: dict[str, Any] = {}
    scaled = [("score_global", (result.get("global") or {}).get("scaled"))]
    scaled += [(d["id"], d.get("scaled")) for stage in result.get("stages") or []
               for d in stage.get("dimensions") or []]
    for ident, value in scaled:
        if value:
            found[ident + SCALED], found[ident + MOST] = value["shown"], value["max"]
    return found


def _scores(diagnostic: Diagnostic, q: Questionnaire, columns: list[Column],
            lang: str) -> list[Any]:
    """The values of the score columns: a completed diagnostic's latest results (a stage is
    the weighted mean of its dimensions, as the engine makes it), nothing before."""
    snapshot = diagnostic.latest_snapshot() if diagnostic.status == COMPLETED else None
    dims = {row.dimension_id: row.score for row in snapshot.dimension_scores} if snapshot else {}
    stages: dict[str, float | None] = {}
    for stage in q.scored_stages:
        pairs = [(value, d.weight) for d in stage.dimensions
                 if (value := dims.get(d.id)) is not None]
        weight = sum(w for _, w in pairs)
        stages[f"score_{stage.id}"] = sum(v * w for v, w in pairs) / weight if weight else None
    scaled = _scaled_values(snapshot, lang) if snapshot and any(
        c.scaled for c in columns) else {}
    values: list[Any] = []
    for column in columns:
        if column.scaled:
            values.append(scaled.get(column.id))
        elif column.id == "score_global":
            values.append(_rounded(diagnostic.global_score) if snapshot else None)
        elif column.id == "niveau":
            values.append(_level(q, diagnostic.level, lang) if snapshot else None)
        elif column.id in stages:
            values.append(_rounded(stages[column.id]))
        else:
            values.append(_rounded(dims.get(column.id)))
    return values


def _question_columns(questionnaires: list[Questionnaire], lang: str) -> list[Column]:
    columns: list[Column] = []
    seen: set[str] = set()
    for q in questionnaires:
        for stage in q.stages:
            for section in stage.sections:
                for question in section.questions:
                    if question.id in seen:
                        continue
                    seen.add(question.id)
                    options = getattr(question, "options", ())
                    dimension = q.dimensions[question.dimension].title.get(lang) \
                        if question.dimension else ""
                    columns.append(Column(
                        f"Q{len(columns) + 1}", question.id, question.text.get(lang),
                        part=stage.title.get(lang), dimension=dimension,
                        values=" / ".join(o.label.get(lang) for o in options)))
    return columns


def answers_table(diagnostics: list[Diagnostic], lang: str) -> Table:
    """The answers file: who, status and dates, « Je ne sais pas », scores, then every
    question (in the cohort's language)."""
    questionnaires = _questionnaires(diagnostics)
    with force_locale(lang):
        meta = [
            Column(_("Organisation"), "organisation", _("Nom de l'organisation")),
            Column(_("Type"), "type", _("Type d'organisation")),
            Column(_("État"), "statut", _("Où en est le diagnostic")),
            Column(_("Commencé le"), "commence_le", _("Jour où le diagnostic a été commencé")),
            Column(_("Terminé le"), "termine_le", _("Jour où il a été terminé (la dernière "
                                                    "fois)")),
            Column(_("Progression (%)"), "progression", _("Part des questions répondues")),
            Column(_("Je ne sais pas"), "je_ne_sais_pas",
                   _("Nombre de réponses « Je ne sais pas »")),
        ]
        scores = _score_columns(questionnaires, lang)
        questions = _question_columns(questionnaires, lang)
        rows = []
        for d in diagnostics:
            q = questionnaire_of(d)
            answers = engine_answers(q, collective.stored_answers(d))
            kind = q.kind_of(answers)
            unknown = sum(1 for v in answers.values() if v == DONT_KNOW)
            rows.append([d.organisation.name, _answer(q, q.index.kind_question, kind, kind, lang),
                         _status(d), _day(d.created_at), _day(d.completed_at), d.progress,
                         unknown, *_scores(d, q, scores, lang),
                         *(_answer(q, c.id, answers.get(c.id), kind, lang) for c in questions)])
    return Table(meta + scores + questions, rows)


def scores_table(diagnostics: list[Diagnostic], lang: str) -> Table:
    """The scores file (and sheet): who, its completion day, then every score and the level."""
    questionnaires = _questionnaires(diagnostics)
    with force_locale(lang):
        meta = [Column(_("Organisation"), "organisation", _("Nom de l'organisation")),
                Column(_("Type"), "type", _("Type d'organisation")),
                Column(_("Terminé le"), "termine_le", _("Jour où il a été terminé"))]
        scores = _score_columns(questionnaires, lang)
        rows = []
        for d in diagnostics:
            q = questionnaire_of(d)
            kind = d.organisation.kind
            rows.append([d.organisation.name, _answer(q, q.index.kind_question, kind, kind, lang),
                         _day(d.completed_at), *_scores(d, q, scores, lang)])
    return Table(meta + scores, rows)


def codebook(*tables: Table, lang: str) -> Table:
    """One row per column of the tables (each once): its label, id, full text, part,
    dimension and possible answers."""
    seen: dict[str, Column] = {}
    for table in tables:
        for column in table.columns:
            seen.setdefault(column.id, column)
    with force_locale(lang):
        columns = [Column(_("Colonne"), "colonne", ""), Column(_("Identifiant"), "id", ""),
                   Column(_("Intitulé complet"), "intitule", ""),
                   Column(_("Partie"), "partie", ""), Column(_("Dimension"), "dimension", ""),
                   Column(_("Réponses possibles"), "reponses", "")]
    rows: list[list[Any]] = [[c.label, c.id, c.text, c.part, c.dimension, c.values]
                             for c in seen.values()]
    return Table(columns, rows)
