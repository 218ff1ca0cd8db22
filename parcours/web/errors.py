"""Error pages in the reader's language, with a request id; never a stack trace or SQL."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger("parcours")


def _page(status: int, title: str, message: str) -> tuple[str, int]:
    return render_template("errors/error.html", status=status, title=title, message=message,
                           request_id=g.get("request_id", "")), status


def _messages(status: int) -> tuple[str, str]:
    if status == 403:
        return _("Accès refusé"), _("Vous n'avez pas accès à cette page.")
    if status == 404:
        return _("Page introuvable"), _(
            "Cette page n'existe pas, ou vous n'avez pas accès à ce diagnostic. Si vous avez un "
            "lien ou un code de reprise, utilisez-le pour retrouver vos réponses.")
    if status == 413:
        return _("Envoi trop volumineux"), _(
            "Ce que vous avez envoyé est trop volumineux. Raccourcissez vos réponses.")
    if status == 429:
        return _("Trop de tentatives"), _(
            "Vous avez fait trop de tentatives en peu de temps. Attendez une minute, puis "
            "réessayez : c'est une protection contre ceux qui essaient de deviner des codes.")
    if status >= 500:
        return _("Une erreur est survenue de notre côté"), _(
            "Rien de ce que vous aviez déjà enregistré n'est perdu. Réessayez dans un instant ; "
            "si l'erreur revient, donnez le numéro ci-dessous à la personne qui vous accompagne.")
    return _("La demande n'a pas pu aboutir"), _(
        "Votre demande n'a pas pu être traitée. Revenez en arrière et réessayez.")


def error_page(status: int) -> tuple[str, int]:
    """The error page of `status`, in the reader's language."""
    return _page(status, *_messages(status))


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
        if status >= 500:
            log.error("server error %s on %s %s [request %s]", status, request.method,
                      request.path, g.get("request_id", ""))
        return _page(status, *_messages(status))

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int]:
        if isinstance(error, HTTPException):
            return http_error(error)
        log.exception("unhandled error on %s %s [request %s]", request.method, request.path,
                      g.get("request_id", ""))
        return _page(500, *_messages(500))

    app.register_error_handler(InternalServerError, http_error)
