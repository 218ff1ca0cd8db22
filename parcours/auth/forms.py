"""Login and registration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, RadioField, SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length

from ..web.forms import Form


class LoginForm(Form):
    email = EmailField(_l("Adresse e-mail"), validators=[
        InputRequired(_l("Indiquez votre adresse e-mail.")), Length(max=254)])
    password = PasswordField(_l("Mot de passe"), validators=[
        InputRequired(_l("Indiquez votre mot de passe.")), Length(max=1000)])


class ForgotForm(Form):
    """« Mot de passe oublié » : the account's address."""

    email = EmailField(_l("Adresse e-mail de votre compte"), validators=[
        InputRequired(_l("Indiquez votre adresse e-mail.")),
        Length(max=254, message=_l("Cette adresse e-mail n'est pas valide."))])


class RegisterForm(Form):
    email = EmailField(_l("Adresse e-mail"), validators=[
        InputRequired(_l("Indiquez votre adresse e-mail.")),
        Length(max=254, message=_l("Cette adresse e-mail n'est pas valide."))])
    # the policy itself (length, common passwords) is the service's: the command line shares it
    password = PasswordField(_l("Mot de passe (12 caractères au moins)"), validators=[
        InputRequired(_l("Choisissez un mot de passe.")), Length(max=1000)])
    confirm = PasswordField(_l("Confirmez le mot de passe"), validators=[
        EqualTo("password", message=_l("Les deux mots de passe ne sont pas identiques."))])


class AttachForm(Form):
    """After logging in: attach the diagnostics this browser started anonymously, or not."""

    choice = RadioField(choices=[
        SelectChoice("non", _l("Non, ne pas les rattacher (ils restent ouverts dans ce "
                               "navigateur, sans être liés à mon compte)")),
        SelectChoice("oui", _l("Oui, ce sont les miens : les rattacher à mon compte"))],
        default="non", validate_choice=True)


class NewPasswordForm(Form):
    """A password chosen through a one-time link (the policy is the service's)."""

    password = PasswordField(_l("Nouveau mot de passe (12 caractères au moins)"), validators=[
        InputRequired(_l("Choisissez un mot de passe.")), Length(max=1000)])
    confirm = PasswordField(_l("Confirmez le mot de passe"), validators=[
        EqualTo("password", message=_l("Les deux mots de passe ne sont pas identiques."))])


KEEP_DIAGNOSTICS, DELETE_DIAGNOSTICS = "detacher", "supprimer"


class DeleteAccountForm(Form):
    """Deleting one's account: what becomes of its diagnostics, and the password again."""

    diagnostics = RadioField(_l("Et vos diagnostics ?"), choices=[
        SelectChoice(DELETE_DIAGNOSTICS, _l("Les supprimer aussi, avec leurs réponses, leurs "
                                            "résultats, leurs PDF et les commentaires reçus")),
        SelectChoice(KEEP_DIAGNOSTICS, _l("Les détacher du compte et les garder : seuls leur "
                                          "lien ou leur code de reprise les ouvriront"))],
        validators=[InputRequired(_l("Choisissez ce que deviennent vos diagnostics."))])
    password = PasswordField(_l("Votre mot de passe, pour confirmer"), validators=[
        InputRequired(_l("Indiquez votre mot de passe.")), Length(max=1000)])
