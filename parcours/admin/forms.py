"""Forms of the admin pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import InputRequired, Length, Optional

from ..web.forms import Form


class StaffForm(Form):
    """A new trainer or admin: no password here, the person chooses it through its link."""

    email = EmailField(_l("Adresse e-mail"), validators=[
        InputRequired(_l("Indiquez l'adresse e-mail de la personne.")),
        Length(max=254, message=_l("Cette adresse e-mail n'est pas valide."))])
    display_name = StringField(_l("Nom montré aux participants (facultatif)"), validators=[
        Optional(), Length(max=120, message=_l("120 caractères au plus."))])
    role = RadioField(_l("Rôle"), default="trainer", choices=[
        SelectChoice("trainer", _l("Formateur : ses groupes et leurs participants")),
        SelectChoice("admin", _l("Administrateur : tous les groupes et ces pages"))],
        validators=[InputRequired(_l("Choisissez un rôle."))])


class ReassignForm(Form):
    """Hand a trainer's cohorts to another (the choices are set by the view)."""

    target = SelectField(_l("Nouveau formateur"), validate_choice=False, validators=[
        InputRequired(_l("Choisissez à qui confier les groupes."))])
    cohorts = SelectMultipleField(_l("Groupes à confier"), validate_choice=False)
