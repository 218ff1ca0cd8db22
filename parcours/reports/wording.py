"""What a result's pages say in its questionnaire's own words: its stages (« vos trois
leviers », « your five areas »), its levels, its plan, and the method it was scored with.

Every sentence is built here, in the result's language, from what the snapshot froze
(`result["questionnaire"]`, `result["levels"]`), so that no template names A.D.O.C.'s levers,
its four levels or its missing-answer rule.
"""

from __future__ import annotations

from typing import Any

from babel.lists import format_list
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from ..engine.numbers import exact, number_text, out_of_text, plain
from ..engine.scales import bound_on_scale

# a threshold as its author wrote it: « 33,33 », never « 33,3 » (issue 27)
WRITTEN = 6


def capitalised(text: str) -> str:
    """The first letter in upper case, the rest as written (« axes ESG » → « Axes ESG »)."""
    return text[:1].upper() + text[1:]


def count_word(count: int) -> str:
    """A small count in words, as a sentence writes it (« trois »); digits from eleven on."""
    words = (_("deux"), _("trois"), _("quatre"), _("cinq"), _("six"), _("sept"), _("huit"),
             _("neuf"), _("dix"))
    return words[count - 2] if 2 <= count <= 10 else str(count)


def _quoted(text: str) -> str:
    return _("« %(text)s »", text=text)


def _stages(about: dict[str, Any], count: int) -> dict[str, str]:
    singular, plural = about["stage_singular"], about["stage_plural"]
    if count == 1:  # « votre » and « the » whatever the word's gender
        yours = _("Votre %(stage)s", stage=singular)
        the = capitalised(singular)
    else:
        yours = _("Vos %(count)s %(stages)s", count=count_word(count), stages=plural)
        the = _("Les %(count)s %(stages)s", count=count_word(count), stages=plural)
    return {"yours": yours, "the": the, "column": capitalised(singular), "plural": plural}


def _plan(result: dict[str, Any], first: int) -> dict[str, str | None]:
    roadmap = result["roadmap"]
    essential = sum(1 for item in roadmap if item.get("priority") == 1)
    phases: list[str] = []
    for item in roadmap:
        label = item.get("phase_label")
        if label and label not in phases:
            phases.append(label)
    return {
        "first_actions": ngettext("Votre première action", "Vos %(count)s premières actions",
                                  first, count=count_word(first)),
        "order": _("Les actions se lisent dans l'ordre, phase après phase : %(phases)s.",
                   phases=format_list([_quoted(p) for p in phases], locale=result["lang"]))
        if len(phases) > 1 else None,
        "essential": ngettext("La première est essentielle ; chacune dit pourquoi elle vous est "
                              "proposée.",
                              "Les %(count)s premières sont essentielles ; chacune dit pourquoi "
                              "elle vous est proposée.", essential, count=count_word(essential))
        if essential and features(result)["priority"]
        else _("Chaque action dit pourquoi elle vous est proposée."),
    }


FEATURES = {"partners": True, "collective": True, "strengths": True, "priority": True,
            "horizon": True}


def features(result: dict[str, Any]) -> dict[str, bool]:
    """What the result's questionnaire offers (`features`; all of it for a snapshot frozen before
    questionnaires could say)."""
    return {**FEATURES, **((result.get("questionnaire") or {}).get("features") or {})}


def own(result: dict[str, Any], word: str) -> str | None:
    """One of the questionnaire's own `words` (None: the app's default wording)."""
    return (result["questionnaire"].get("words") or {}).get(word)


def _level_words(result: dict[str, Any]) -> dict[str, str]:
    level = own(result, "level")
    if level is None:
        return {"yours": _("Votre niveau de maturité"), "title": _("Niveau de maturité")}
    return {"yours": _("Votre %(level)s", level=level), "title": capitalised(level)}


def worse(result: dict[str, Any]) -> bool:
    """Whether a higher score is worse for the result's questionnaire (impact, risk)."""
    return result.get("higher_is") == "worse"


def _strength_words(result: dict[str, Any]) -> dict[str, str | None]:
    """What the strengths are called (`words.strengths`; « points forts », or « risques
    maîtrisés » when a higher score is worse), the method's sentence on their threshold, and
    what the page says when there is none (None: the template's own sentence)."""
    lang, word = result["lang"], own(result, "strengths")
    threshold = number_text(result["strength_threshold"], lang, WRITTEN)
    if word is None and not worse(result):
        return {"title": _("Vos points forts"), "none": None, "method": _(
            "Une dimension compte parmi vos points forts à partir de %(threshold)s / 100.",
            threshold=threshold)}
    word = word or _("risques maîtrisés")
    if not worse(result):
        return {"title": _("Vos %(strengths)s", strengths=word), "none": None, "method": _(
            "Une dimension compte parmi vos %(strengths)s à partir de %(threshold)s / 100.",
            strengths=word, threshold=threshold)}
    return {
        "title": _("Vos %(strengths)s", strengths=word),
        "none": _("Aucune dimension n'est encore à %(threshold)s / 100 ou moins : la feuille "
                  "de route vous aide à réduire les plus élevées.", threshold=threshold),
        "method": _("Ici, un score élevé est défavorable : une dimension compte parmi vos "
                    "%(strengths)s jusqu'à %(threshold)s / 100.", strengths=word,
                    threshold=threshold)}


def _elsewhere(result: dict[str, Any]) -> str | None:
    """What a report in a language its questionnaire is not written in says of it."""
    languages = result["questionnaire"].get("languages") or ["fr", "en"]
    if result["lang"] in languages:
        return None
    if languages[0] == "fr":
        return _("Ce questionnaire n'existe qu'en français : ses questions et ses résultats "
                 "s'affichent en français.")
    return _("Ce questionnaire n'existe qu'en anglais : ses questions et ses résultats "
             "s'affichent en anglais.")


def method(result: dict[str, Any], stage_count: int) -> dict[str, list[str]]:
    """The method page's paragraphs, before and after the table of levels, from the settings
    the result was scored with: weights, the missing-answer rule, levels, strengths."""
    about, lang = result["questionnaire"], result["lang"]
    singular, plural = about["stage_singular"], about["stage_plural"]
    weighted = about.get("weighted", True)
    before = [(own(result, "method") or _(
        "Chaque question notée décrit des pratiques observables, de la moins à la plus "
        "avancée.")) + " " + (
        _("Le score d'une dimension est la moyenne pondérée des points de ses questions, "
          "chacun rapporté à la meilleure réponse, ramenée sur 100.") if weighted else
        _("Le score d'une dimension est la moyenne des points de ses questions, chacun "
          "rapporté à la meilleure réponse, ramenée sur 100."))]
    if about.get("unanswered") == "zero":
        before.append(_("Une question sans réponse, ou répondue « Je ne sais pas », compte pour "
                        "zéro point. Les réponses « Non concerné » sortent du calcul : elles ne "
                        "comptent ni pour ni contre vous."))
    else:
        before.append(_("Les réponses « Je ne sais pas » et « Non concerné », et les questions "
                        "sans réponse, sortent du calcul : elles ne comptent ni pour ni contre "
                        "vous."))
    if stage_count == 1:
        stages = (_("Le score de votre %(stage)s est la moyenne pondérée de ses dimensions ; "
                    "c'est aussi le score global.", stage=singular) if weighted else
                  _("Le score de votre %(stage)s est la moyenne de ses dimensions ; c'est aussi "
                    "le score global.", stage=singular))
    else:
        stages = (_("Le score de chaque %(stage)s est la moyenne pondérée de ses dimensions ; "
                    "le score global est la moyenne des %(count)s %(stages)s.", stage=singular,
                    count=count_word(stage_count), stages=plural) if weighted else
                  _("Le score de chaque %(stage)s est la moyenne de ses dimensions ; le score "
                    "global est la moyenne des %(count)s %(stages)s.", stage=singular,
                    count=count_word(stage_count), stages=plural))
    policy = about.get("global_policy")
    if policy is not None:  # format 3: the global score is not the plain mean of the stages
        stages = _global_sentence(policy, singular, plural, stage_count, weighted)
    levels = result["levels"]
    level = own(result, "level")
    before.append(stages + " " + (
        _("Le niveau de maturité découle du score, sur %(count)s niveaux :",
          count=count_word(len(levels))) if level is None else
        _("%(level)s, d'après le score, sur %(count)s niveaux :", level=capitalised(level),
          count=count_word(len(levels)))))
    low = levels[1]["min"] if len(levels) > 1 else 50
    # on the dimensions' shared scale when they have one (SAMM: « inférieur à 1 / 3 »)
    scaled = on_dimensions(result, low)
    example = (number_text(low, lang, WRITTEN) if scaled is None
               else out_of_text(scaled, result["dimension_scale"], lang))
    phased = any(item.get("phase_label") for item in result["roadmap"])
    after = [str(_strength_words(result)["method"])] if features(result)["strengths"] else []
    after += [
        _("Les recommandations sont choisies par des règles explicites (par exemple : un score "
          "inférieur à %(threshold)s dans une dimension) ; chacune indique la règle qui l'a "
          "déclenchée, et aucune ne suppose ce que votre profil dit manquer.",
          threshold=example) + " " + (
            _("La feuille de route retient les plus importantes, en nombre adapté à vos moyens, "
              "et les ordonne phase par phase, du court au long terme dans chaque phase. Les "
              "autres restent proposées comme pistes.") if phased else
            _("La feuille de route retient les plus importantes, en nombre adapté à vos moyens ; "
              "les autres restent proposées comme pistes.")),
    ]
    return {"before": before, "after": after}


def _global_sentence(policy: dict[str, Any], singular: str, plural: str, count: int,
                     weighted: bool) -> str:
    """The method's sentence on the stages and the global score, under a global policy other
    than the plain mean of the stages (`scoring.global`, stage weights)."""
    first = (_("Le score de chaque %(stage)s est la moyenne pondérée de ses dimensions ;",
               stage=singular) if weighted else
             _("Le score de chaque %(stage)s est la moyenne de ses dimensions ;", stage=singular))
    if policy["from"] == "pooled":
        then = _("le score global additionne les points de toutes les questions prises en "
                 "compte et les rapporte à leur maximum.")
    elif policy["from"] == "stages":
        then = _("le score global est la moyenne pondérée des %(count)s %(stages)s.",
                 count=count_word(count), stages=plural)
    else:
        then = _("le score global est celui de « %(score)s ».", score=policy["title"])
    return f"{first} {then}"


def _level_bound(level: dict[str, Any], lang: str) -> str:
    """Where a level starts, on the scale of the score it is read from as its scores are
    printed (« 1 / 3 », « 29,75 / 119 »; issue 27), « 40 / 100 » on 0–100 and in snapshots
    from before scales."""
    if scaled := level.get("scaled"):
        return out_of_text(scaled["shown"], scaled["max"], lang)
    return f"{number_text(level['min'], lang, WRITTEN)} / 100"


def on_dimensions(result: dict[str, Any], value: float) -> float | None:
    """A threshold (in percent) on the scale 0–N all the dimensions share (SAMM's 0–3, the
    snapshot's `dimension_scale`), as a level's bound is printed; None when they share none."""
    most = result.get("dimension_scale")
    if most is None:
        return None
    return float(bound_on_scale(value, (exact(most), 0))["shown"])


def _rings(result: dict[str, Any], lang: str) -> str:
    """The radar's caption: its rings at the levels' thresholds, on the dimensions' shared
    scale when they have one (« de 0 au centre à 3 au bord […] (1, 2) »)."""
    levels = result["levels"]
    if (most := result.get("dimension_scale")) is not None:
        bounds = [plain(on_dimensions(result, lv["min"]) or 0, lang) for lv in levels
                  if 0 < lv["min"] < 100]
        return _("Chaque branche est une dimension, de 0 au centre à %(most)s au bord ; les "
                 "anneaux marquent les seuils des niveaux (%(thresholds)s).",
                 most=plain(most, lang), thresholds=", ".join(bounds))
    thresholds = [number_text(lv["min"], lang, WRITTEN) for lv in levels if lv["min"] > 0]
    return _("Chaque branche est une dimension, de 0 au centre à 100 au bord ; les "
             "anneaux marquent les seuils des niveaux (%(thresholds)s).",
             thresholds=", ".join(thresholds))


def wording(result: dict[str, Any], first: int) -> dict[str, Any]:
    """Every generated phrase of a result's pages, in the result's language; `first` is how many
    first actions the summary lists."""
    lang = result["lang"]
    count = len(result["stages"])
    levels = result["levels"]
    with force_locale(lang):
        level = result["global"]["level"]
        return {
            "stages": _stages(result["questionnaire"], count),
            "level_of": _("niveau %(n)s sur %(count)s", n=level["number"], count=len(levels))
            if level else None,
            "level_bounds": {lv["number"]: _level_bound(lv, lang) for lv in levels},
            "rings": _rings(result, lang),
            **_plan(result, first),
            "method": method(result, count),
            "level": _level_words(result),
            "features": features(result),
            "strengths": _strength_words(result),
            "worse": worse(result),
            "audience": own(result, "audience"),
            "elsewhere": _elsewhere(result),
        }
