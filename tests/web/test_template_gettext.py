"""Templates translate with `_`, `gettext` and `ngettext` as Jinja's newstyle gettext does
(parcours/web/gettext.py makes each one call): the same text, escaped and formatted alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from jinja2 import Environment

from parcours import create_app

TEMPLATES = [
    '{{ _("Enregistrer et continuer") }}',
    '{{ _("Étape %(n)s sur %(total)s", n=2, total=5) }}',
    '{{ gettext("Réponse reprise du %(title)s : vérifiez-la ou changez-la.", title=title) }}',
    '{{ _("Vous & nous : <em>%(title)s</em>", title=title) }}',  # the wording is not escaped
    '{{ _("Aller au contenu") }} {{ _("100 %% des réponses") }}',
    '{{ ngettext("Une réponse est à corriger", "%(num)s réponses sont à corriger", 1) }}',
    '{{ ngettext("Une réponse est à corriger", "%(num)s réponses sont à corriger", n) }}',
    '{% trans %}Connexion{% endtrans %} {% trans n=n %}{{ n }} page{% pluralize %}{{ n }} '
    'pages{% endtrans %}',
]


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/t.db",
                       "SECRET_KEY": "t" * 40})


def _jinjas_own(app: Flask, autoescape: bool) -> Environment:
    """An environment with Jinja's own newstyle callables over the same catalogue."""
    from flask_babel import get_translations

    # both ways, as the app has both: HTML pages, and text e-mails
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)  # noqa: S701
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: get_translations().ugettext(s),
        ngettext=lambda s, p, n: get_translations().ungettext(s, p, n), newstyle=True)
    return env


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("source", TEMPLATES)
def test_the_app_translates_as_jinjas_newstyle_gettext(app: Flask, lang: str, autoescape: bool,
                                                       source: str) -> None:
    values = {"title": "diagnostic <b>2025</b> & co", "n": 3}
    with app.test_request_context("/", headers={"Accept-Language": lang}):
        ours = app.jinja_env.overlay(autoescape=autoescape).from_string(source).render(values)
        theirs = _jinjas_own(app, autoescape).from_string(source).render(values)
    assert ours == theirs
    if "title" in source:
        assert ("&lt;b&gt;" in ours) == autoescape


def test_each_language_gets_its_own_catalogue(app: Flask) -> None:
    template = app.jinja_env.from_string('{{ _("Connexion") }}')
    for lang, expected in [("en", "Log in"), ("fr", "Connexion"), ("en", "Log in")]:
        with app.test_request_context("/", headers={"Accept-Language": lang}):
            assert template.render() == expected
