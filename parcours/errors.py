"""Error pages in the reader's language; never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def _page(status: int, title: str, message: str) -> tuple[str, int]:
    return render_template("errors/error.html", status=status, title=title,
                           message=message), status


def register(app: Flask) -> None:
    """Attach the error handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return _page(400, _("Votre session a expiré"), _(
            "Pour votre sécurité, ce formulaire n'a pas été accepté (jeton de sécurité absent "
            "ou expiré). Revenez à la page précédente, rechargez-la, puis envoyez-la à nouveau. "
            "Vos réponses déjà enregistrées ne sont pas perdues."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        status = error.code or 500
        if status == 404:
            return _page(404, _("Page introuvable"), _(
                "Cette page n'existe pas, ou vous n'avez pas accès à ce diagnostic. Si vous "
                "avez un lien ou un code de reprise, utilisez-le pour retrouver vos réponses."))
        if status == 413:
            return _page(413, _("Envoi trop volumineux"), _(
                "Ce que vous avez envoyé est trop volumineux. Raccourcissez vos réponses."))
        return _page(status, _("La demande n'a pas pu aboutir"), _(
            "Votre demande n'a pas pu être traitée. Revenez en arrière et réessayez."))

    @app.errorhandler(500)
    def server_error(error: Exception) -> tuple[str, int]:
        return _page(500, _("Une erreur est survenue de notre côté"), _(
            "Rien de ce que vous aviez déjà enregistré n'est perdu. Réessayez dans un instant."))
