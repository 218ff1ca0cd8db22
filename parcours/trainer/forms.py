"""Forms of the trainer workspace."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..web.forms import Form


class CohortForm(Form):
    name = StringField(_l("Nom du groupe"), validators=[
        InputRequired(_l("Donnez un nom au groupe.")), Length(max=200)])
    starts_on = DateField(_l("Début"), validators=[Optional()])
    ends_on = DateField(_l("Fin"), validators=[Optional()])
    lang = RadioField(_l("Langue des rapports"), default="fr",
                      choices=[SelectChoice("fr", "Français"), SelectChoice("en", "English")])
    # choices: the questionnaires served, set by the view; asked only when there are several
    questionnaire = RadioField(_l("Questionnaire"), validators=[Optional()])


class CommentForm(Form):
    stage = SelectField(_l("À propos de"), validate_choice=False)
    text = TextAreaField(_l("Commentaire"), validators=[
        InputRequired(_l("Écrivez votre commentaire.")),
        Length(max=4000, message=_l("4 000 caractères au plus."))])
