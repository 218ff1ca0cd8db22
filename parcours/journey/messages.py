"""The participant-facing wording of answer errors, by the engine's error code."""

from __future__ import annotations

from flask_babel import gettext as _

from ..engine.model import AnyQuestion


def answer_error(code: str, question: AnyQuestion, value: object = None) -> str:
    """A clear sentence, in the participant's language, for an answer that does not fit."""
    if code == "required":
        return _("Cette question est obligatoire.")
    if code == "conflict":
        return _("Cette réponse a été modifiée entre-temps, sans doute dans un autre onglet : "
                 "voici la réponse enregistrée. Choisissez à nouveau pour la remplacer.")
    if code in ("not_a_number", "not_an_integer", "out_of_range"):
        low, high = getattr(question, "min", 0), getattr(question, "max", 0)
        if code == "not_a_number":
            return _("Indiquez un nombre, par exemple 12.")
        if code == "not_an_integer":
            return _("Indiquez un nombre entier, sans virgule.")
        return _("Indiquez un nombre entre %(low)s et %(high)s.", low=f"{low:g}",
                 high=f"{high:g}")
    if code == "too_long":
        return _("Votre réponse est trop longue : %(max)s caractères au plus (vous en avez "
                 "saisi %(length)s).", max=getattr(question, "max_length", 0),
                 length=len(value) if isinstance(value, str) else 0)
    if code in ("special_combined", "exclusive_option"):
        return _("Cette réponse ne peut pas être combinée avec une autre : choisissez-en une.")
    return _("Cette réponse ne fait pas partie des choix proposés. Choisissez parmi la liste.")
