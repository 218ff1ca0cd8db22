"""« Où vous vous rejoignez, où vous divergez »: a collective diagnostic's consolidation, as frozen
in its host's snapshot (`result["alignment"]`, services/consolidation.py), made ready for the
results page and the PDF. Only group figures reach it: spreads, roles of three or more, the
distribution of answers to the most divergent questions."""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from ..engine.collective import SAFE_GROUP
from ..services.collective import role_label
from .charts import Axis, level_rings, radar


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _band_radar(result: dict[str, Any], alignment: dict[str, Any]) -> Any:
    spreads = {s["dimension"]: s for s in alignment["spreads"]}
    dimensions = [(group, d) for group, stage in enumerate(result["stages"])
                  for d in stage["dimensions"]]
    axes = [Axis(d["title"], d["score"], group) for group, d in dimensions]
    known = {dim for dim, s in spreads.items() if s["low"] is not None}
    band = [(spreads[d["id"]]["low"], spreads[d["id"]]["high"]) if d["id"] in known
            else (None, None) for _, d in dimensions]
    lines = [_("%(dimension)s : résultat d'ensemble %(score)s, la moitié centrale des réponses "
               "entre %(low)s et %(high)s", dimension=d["title"], score=_figure(d["score"]),
               low=f"{spreads[d['id']]['low']:.0f}", high=f"{spreads[d['id']]['high']:.0f}")
             if d["id"] in known else
             _("%(dimension)s : résultat d'ensemble %(score)s", dimension=d["title"],
               score=_figure(d["score"]))
             for _g, d in dimensions]
    return radar(axes, _("Résultat d'ensemble et écart entre les réponses, par dimension"),
                 rings=level_rings([level["min"] for level in result["levels"]]),
                 decimal="," if result["lang"] == "fr" else ".", band=band,
                 description=" ; ".join(lines) + ".")


def _roles(alignment: dict[str, Any], titles: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """The roles whose figures are shown (three published answers or more), side by side."""
    return [{"label": role_label(role["role"]), "respondents": role["respondents"],
             "scores": [role["dimensions"].get(dim) for dim, _title in titles]}
            for role in alignment["roles"] if role["dimensions"] is not None]


def _waiting(alignment: dict[str, Any]) -> str | None:
    """One sentence for the roles without figures: how many more answers would show them."""
    parts = [_("%(role)s (encore %(num)s)", role=role_label(role["role"]),
               num=role.get("missing") or max(1, 3 - role["respondents"]))
             for role in alignment["roles"] if role["dimensions"] is None]
    if not parts:
        return None
    return _("Pas encore de chiffres pour %(roles)s : trois réponses d'un même rôle, publiées, "
             "permettent de le comparer aux autres ; entre parenthèses, combien de réponses de "
             "ce rôle il manque.", roles=", ".join(parts))


def _gaps(alignment: dict[str, Any]) -> list[str]:
    """The widest gaps between roles, in words."""
    return [_("%(dimension)s : %(high_role)s %(high)s, %(low_role)s %(low)s, soit %(gap)s "
              "points d'écart.", dimension=gap["title"], high_role=role_label(gap["high_role"]),
              high=_figure(gap["high"]), low_role=role_label(gap["low_role"]),
              low=_figure(gap["low"]), gap=_figure(gap["high"] - gap["low"]))
            for gap in alignment.get("gaps", [])]


def people(alignment: dict[str, Any]) -> str:
    """« Résultat collectif de 7 personnes (rôles : Direction, Bénévoles…) »: the cover's and
    the summary's line."""
    roles = ", ".join(role_label(role["role"]) for role in alignment["roles"]
                      if role["respondents"])
    return ngettext("Résultat collectif d'une personne (rôles : %(roles)s)",
                    "Résultat collectif de %(num)s personnes (rôles : %(roles)s)",
                    alignment["respondents"], roles=roles)


def _questions(alignment: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for item in alignment["disagreements"][:5]:
        total = (sum(row["count"] for row in item["distribution"]) + item["dont_know"]
                 + item.get("not_applicable", 0))
        bars = [{"label": row["label"], "count": row["count"],
                 "percent": round(100 * row["count"] / total) if total else 0}
                for row in item["distribution"]]
        for key, label in (("dont_know", _("Je ne sais pas")),
                           ("not_applicable", _("Non concerné"))):
            if item.get(key):
                bars.append({"label": label, "count": item[key],
                             "percent": round(100 * item[key] / total)})
        pattern = [bar["count"] for bar in bars]
        tied = bool(found) and found[-1]["pattern"] == pattern and \
            found[-1]["index"] == item["index"]
        found.append({**item, "bars": bars, "total": total, "pattern": pattern, "tied": tied})
    return found


def _published(alignment: dict[str, Any]) -> dict[str, Any]:
    """The figures a page may show: a snapshot frozen before bands waited for SAFE_GROUP
    scores still holds the quartiles of three or four, which give their scores back."""
    spreads = [s if s["respondents"] >= SAFE_GROUP else
               {**s, "low": None, "high": None, "width": None} for s in alignment["spreads"]]
    return {**alignment, "spreads": spreads}


def alignment_context(result: dict[str, Any]) -> dict[str, Any] | None:
    """What the section shows, in the result's language; None for a single diagnostic."""
    alignment = result.get("alignment")
    if not alignment:
        return None
    alignment = _published(alignment)
    titles = [(d["id"], d["title"]) for stage in result["stages"] for d in stage["dimensions"]]
    with force_locale(result["lang"]):
        return {
            "respondents": alignment["respondents"],
            "radar": _band_radar(result, alignment),
            "spreads": alignment["spreads"],
            # medians without their band: fewer than `safe_group` scores (engine/collective.py)
            "small": any(s["median"] is not None and s["low"] is None
                         for s in alignment["spreads"]),
            "dimensions": titles,
            "roles": _roles(alignment, titles),
            "waiting": _waiting(alignment),
            "gaps": _gaps(alignment),
            "people": people(alignment),
            "questions": _questions(alignment),
            "recommendations": alignment["recommendations"],
        }
