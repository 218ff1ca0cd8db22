"""The journey's forms (a page of questions is read by its field handlers: fields.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, RadioField, StringField
from wtforms.validators import InputRequired, Length

from ..web.forms import Form

NAME_MAX = 200


class StartForm(Form):
    """Who is answering: the organisation's name and kind."""

    name = StringField(
        _l("Nom de votre organisation"),
        validators=[InputRequired(_l("Indiquez le nom de votre organisation.")),
                    Length(max=NAME_MAX, message=_l("200 caractères au plus."))],
    )
    kind = RadioField(_l("Votre organisation est…"), validate_choice=False,
                      validators=[InputRequired(_l("Choisissez le type de votre organisation."))])


class ResumeForm(Form):
    """The short resume code."""

    code = StringField(_l("Code de reprise"),
                       validators=[InputRequired(_l("Indiquez votre code de reprise.")),
                                   Length(max=20, message=_l("Ce code est trop long."))])


class JoinCodeForm(Form):
    """A cohort's short join code."""

    code = StringField(_l("Code du groupe"),
                       validators=[InputRequired(_l("Indiquez le code du groupe.")),
                                   Length(max=20, message=_l("Ce code est trop long."))])


class MailLinkForm(Form):
    """« Recevoir ce lien par e-mail »: an address, and whether to keep it for notices."""

    email = EmailField(_l("Votre adresse e-mail"), validators=[
        InputRequired(_l("Indiquez l'adresse à laquelle envoyer le lien.")),
        Length(max=254, message=_l("Cette adresse e-mail n'est pas valide."))])
    keep = BooleanField(_l("Me prévenir aussi à cette adresse quand ma feuille de route est "
                           "prête et quand mon formateur laisse un commentaire"))


class PartnerCodeForm(Form):
    """A partner's code, to face its diagnostic with this one."""

    code = StringField(_l("Code de votre partenaire"),
                       validators=[InputRequired(_l("Indiquez le code que votre partenaire "
                                                    "vous a donné.")),
                                   Length(max=20, message=_l("Ce code est trop long."))])
