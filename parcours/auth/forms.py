"""Login and registration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import EqualTo, InputRequired, Length

from ..forms import Form


class LoginForm(Form):
    email = EmailField(_l("Adresse e-mail"), validators=[
        InputRequired(_l("Indiquez votre adresse e-mail.")), Length(max=254)])
    password = PasswordField(_l("Mot de passe"), validators=[
        InputRequired(_l("Indiquez votre mot de passe.")), Length(max=1000)])


class RegisterForm(Form):
    email = EmailField(_l("Adresse e-mail"), validators=[
        InputRequired(_l("Indiquez votre adresse e-mail.")), Length(max=254)])
    password = PasswordField(_l("Mot de passe (10 caractères au moins)"), validators=[
        InputRequired(_l("Choisissez un mot de passe.")),
        Length(min=10, max=1000,
               message=_l("Le mot de passe doit compter 10 caractères au moins."))])
    confirm = PasswordField(_l("Confirmez le mot de passe"), validators=[
        EqualTo("password", message=_l("Les deux mots de passe ne sont pas identiques."))])
