"""A questionnaire that is not A.D.O.C. speaks only its own words (issue 27, item 3): from the
home page to its PDF, in both languages, no page and no PDF of the Boussole numérique
(tests/questionnaires/numerique) says a word that belongs to A.D.O.C."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from parcours.engine import load

from ..reports.pdftext import flat, text
from ..shapes import NUMERIQUE, numerique_example, questionnaires_dir
from .participant import Participant

# A.D.O.C.'s own words: its name, its method, its partners' pages, its collective offer, its
# level name and the priority and horizon it prints on every action
FORBIDDEN = ("A.D.O.C.", "ADOC", "M.E.D.O.C.", "RAMEAU", "alliance", "regards croisés",
             "regard croisé", "niveau de maturité", "maturity level", "maturité", "maturity",
             "Essentielle", "Importante", "Utile", "Essential", "Useful", "Priorité :",
             "Priority:", "Court terme", "Moyen terme", "Long terme", "Short term",
             "Medium term", "Long term", "Horizon", "Direction", "instances",
             "pratiques observables", "observable practices", "levier", "lever",
             "Votre organisation est", "Your organisation is", "partenaire", "partner",
             "Le RAMEAU", "M.E.D.O.C")


def said(page: str) -> list[str]:
    """The forbidden words a text says (case-insensitive, on words: « Utile » not « utiles »)."""
    return [word for word in FORBIDDEN
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", page, re.IGNORECASE)]


def visible(response) -> str:  # noqa: ANN001 - a test client response
    """What a page says to a reader: its text and its attributes a reader hears (title,
    aria-label, alt, placeholder), without markup, scripts or URLs."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    heard = re.findall(r'(?:title|aria-label|alt|placeholder|value)="([^"]*)"', body)
    return html.unescape(re.sub(r"<[^>]+>", " ", body) + " " + " ".join(heard))


def links(page: str, public_id: str) -> set[str]:
    """The diagnostic's own pages a page links to (GET), and the site's."""
    found = set(re.findall(r'href="(/[^"#]*)"', page))
    return {url for url in found if not url.startswith(("/static/", "/lang/"))
            and (url.startswith(f"/d/{public_id}/") or "/" == url or url.startswith(
                ("/confidentialite", "/reprendre", "/commencer")))}


@pytest.fixture
def boussole(app: Flask, tmp_path: Path) -> Flask:
    """The app serving the Boussole numérique alone."""
    app.config["QUESTIONNAIRES_DIR"] = str(questionnaires_dir(tmp_path / "served", NUMERIQUE))
    return app


def walk(client: FlaskClient, lang: str) -> dict[str, str]:
    """Every page a participant sees, from the home page to the results and every page these
    link to, in `lang`: {url: text}."""
    client.get(f"/lang/{lang}")
    seen = {"/": visible(client.get("/"))}
    home = client.get("/")
    assert home.status_code == 200
    participant = Participant(client)
    start_page = client.get("/commencer")
    seen["/commencer"] = visible(start_page)
    public_id = participant.start(name="Jardins partagés du Marais", kind=None)
    seen["link"] = visible(client.get(f"/d/{public_id}/lien"))
    kinds = {qid: question.type for qid, question in load(NUMERIQUE).questions.items()}
    for url in participant.answer_all(numerique_example()["answers"], kinds):
        seen[url] = visible(client.get(url))
    seen["review"] = visible(client.get(f"/d/{public_id}/revue"))
    # it offers neither the collective diagnostic nor the partner page
    assert client.get(f"/d/{public_id}/collectif").status_code == 404
    participant.complete()
    assert client.get(f"/d/{public_id}/alliance").status_code == 404
    queue = [f"/d/{public_id}/resultats"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        if url.endswith(".pdf"):
            assert response.status_code == 200, url
            seen[url] = flat(text(response.data))
            continue
        if response.status_code != 200 or not response.mimetype.startswith("text/html"):
            continue
        seen[url] = visible(response)
        queue.extend(links(response.get_data(as_text=True), public_id) - set(seen))
    return seen


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_page_nor_pdf_of_the_boussole_says_a_word_of_adoc(boussole: Flask, lang: str) -> None:
    pages = walk(boussole.test_client(), lang)
    assert any(url.endswith("/feuille-de-route.pdf") for url in pages)
    assert any(url.endswith("/resultats") for url in pages)
    assert leaks(pages) == {}


def leaks(pages: dict[str, str]) -> dict[str, list[str]]:
    """Each forbidden word a page says, in its context, by page."""
    found: dict[str, list[str]] = {}
    for url, page in pages.items():
        for word in said(page):
            at = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", page, re.IGNORECASE)
            assert at is not None
            context = " ".join(page[max(0, at.start() - 50):at.end() + 30].split())
            found.setdefault(re.sub(r"/d/[^/]+/", "/d/ID/", url), []).append(context)
    return found
