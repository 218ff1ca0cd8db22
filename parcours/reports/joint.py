"""The joint page of two partners (« regards croisés ») and its PDF: one plain context for both.

The pair is worked out from each side's latest snapshot (its frozen answers, scored again with
the questionnaire): what each partner agreed to show is its completed diagnostic, and a partner
who completes again shows its new scores. The divergences, which show answers of both, are
those of the day the link was confirmed, kept with the alliance (issue 30, M2): what one side
sees of the other's answers never depends on answers it may choose again and again. The PDF is
cached like a roadmap, by a hash of what goes into it (both snapshots, both names, language,
template)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from ..engine import Questionnaire, score
from ..engine.joint import frozen, pair, pair_dict
from ..engine.numbers import shown
from ..engine.scoring import Scores, with_dimension_scores
from ..infra.unit_of_work import transaction
from ..models import Alliance, Diagnostic, Snapshot
from ..services import pdfstore
from ..services.names import slug
from ..services.pdfstore import cached
from ..services.questionnaires import engine_answers, questionnaire_of
from .cache import template_version
from .charts import Axis, level_rings, radar
from .context import settled

TEMPLATE = "reports/joint.html"


@dataclass(frozen=True)
class Side:
    """One partner: its diagnostic and latest snapshot."""

    diagnostic: Diagnostic
    snapshot: Snapshot


def sides(alliance: Alliance) -> tuple[Side, Side] | None:
    """Both partners, or None when either is no longer completed (reopened)."""
    found = []
    for diagnostic in (alliance.first, alliance.second):
        snapshot = diagnostic.latest_snapshot() if diagnostic.completed else None
        if snapshot is None:
            return None
        found.append(Side(diagnostic, snapshot))
    return found[0], found[1]


def _partner(side: Side, lang: str) -> dict[str, Any]:
    result = settled(side.snapshot.results.get(lang) or side.snapshot.results["fr"])
    return {"name": side.diagnostic.organisation.name, "kind": result.get("kind_label"),
            "global": result["global"], "when": side.snapshot.created_at,
            "stages": [{"id": s["id"], "title": s["title"], "score": s["score"],
                        "shown": s.get("shown"), "level": s["level"]}
                       for s in result["stages"]]}


def _figure(value: float | None) -> str:
    return "—" if value is None else str(shown(value))


def _scores(q: Questionnaire, side: Side) -> Scores:
    """A side's scores as its own page shows them: a collective host's dimensions score the
    median of its respondents' own (engine/collective.py), frozen in its snapshot, not the
    score of its consolidated answers."""
    found = score(q, engine_answers(q, side.snapshot.answers))
    if not (side.snapshot.results.get("fr") or {}).get("alignment"):
        return found
    return with_dimension_scores(q, found, {row.dimension_id: row.score
                                            for row in side.snapshot.dimension_scores})


def freeze(first: Diagnostic, second: Diagnostic) -> dict[str, Any]:
    """What the joint page of these two completed diagnostics shows of their answers (their
    divergences), to keep with their link when it is confirmed."""
    pair_of = (Side(first, _latest(first)), Side(second, _latest(second)))
    q = questionnaire_of(first)
    return frozen(pair(q, *(_scores(q, side) for side in pair_of)))


def _latest(diagnostic: Diagnostic) -> Snapshot:
    snapshot = diagnostic.latest_snapshot()
    if snapshot is None:
        raise ValueError("only completed diagnostics are linked")
    return snapshot


def kept_divergences(alliance: Alliance, pair_of: tuple[Side, Side]) -> dict[str, Any]:
    """The divergences kept with the link; a link made before they were kept keeps those of
    the first time its page is read."""
    if alliance.divergences is None:
        divergences = freeze(pair_of[0].diagnostic, pair_of[1].diagnostic)
        with transaction():
            alliance.divergences = divergences
    return dict(alliance.divergences or {})


def joint_context(alliance: Alliance, pair_of: tuple[Side, Side], lang: str) -> dict[str, Any]:
    """Everything the joint page and its PDF show, as plain data."""
    first, second = pair_of
    q = questionnaire_of(first.diagnostic)
    scores = [_scores(q, side) for side in pair_of]
    joint = pair_dict(q, pair(q, scores[0], scores[1]), lang,
                      divergences=kept_divergences(alliance, pair_of))
    a, b = _partner(first, lang), _partner(second, lang)
    result = settled(first.snapshot.results.get(lang) or first.snapshot.results["fr"])
    stages = {s["id"]: n for n, s in enumerate(result["stages"])}
    axes = [Axis(d["title"], d["a"], stages.get(d["stage"], 0),
                 f"{_figure(d['a'])} · {_figure(d['b'])}") for d in joint["dimensions"]]
    with force_locale(lang):
        title = _("%(a)s et %(b)s : regards croisés", a=a["name"], b=b["name"])
        chart = radar(axes, _("Score de chaque dimension, sur 100 : %(a)s en trait plein, "
                              "%(b)s en tirets", a=a["name"], b=b["name"]),
                      rings=level_rings([lv["min"] for lv in result["levels"]]),
                      second=[d["b"] for d in joint["dimensions"]],
                      legend=[a["name"], b["name"]], decimal="," if lang == "fr" else ".")
    return {"lang": lang, "title": title, "a": a, "b": b, "joint": joint, "radar": chart,
            "scores": {d["id"]: d for d in joint["dimensions"]},
            "public_id": alliance.public_id, "result": result, "linked_on": alliance.created_at,
            "questionnaire_about": result["questionnaire"]}


def render_html(context: dict[str, Any]) -> str:
    """The joint PDF's HTML, in its language."""
    with force_locale(context["lang"]):
        return render_template(TEMPLATE, **context)


def cache_key(alliance: Alliance, pair_of: tuple[Side, Side], lang: str) -> str:
    """The key of the joint PDF: both snapshots and names, the language, the template."""
    payload = {"alliance": alliance.public_id, "lang": lang, "template": template_version(),
               "sides": [(s.snapshot.id, s.snapshot.content_hash,
                          s.diagnostic.organisation.name) for s in pair_of]}
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(("joint:" + blob).encode("utf-8")).hexdigest()


def file_name(pair_of: tuple[Side, Side]) -> str:
    """alliance-les-amis-du-quartier-boulangerie-martin.pdf (the same in English)."""
    first, second = (slug(s.diagnostic.organisation.name) for s in pair_of)
    return f"alliance-{first}-{second}.pdf"


def store(diagnostic_id: int, key: str, lang: str, data: bytes) -> None:
    """Keep a joint PDF under its key, beside the diagnostic's roadmap: the roadmap's next
    render drops it (pdfstore.store keeps one PDF per diagnostic and language), which only
    costs a new render of the joint page."""
    pdfstore.store(diagnostic_id, key, lang, data, only=False)


def fetch(alliance: Alliance, pair_of: tuple[Side, Side], lang: str,
          render: Any) -> tuple[str, bytes, str]:
    """The joint PDF (key, bytes, file name), from the cache or rendered now by `render`
    (html → bytes: the app's render pool)."""
    key = cache_key(alliance, pair_of, lang)
    data = cached(key)
    if data is None:
        data = render(render_html(joint_context(alliance, pair_of, lang)))
        store(pair_of[0].diagnostic.id, key, lang, data)
    return key, data, file_name(pair_of)
