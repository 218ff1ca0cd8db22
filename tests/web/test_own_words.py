"""A questionnaire that is not A.D.O.C. speaks only its own words (issue 27, items 3 and 6): from
the home page to its PDF, in both languages, no page and no PDF of the Boussole numérique
(tests/questionnaires/numerique), of the Grille d'incidence (tests/questionnaires/incidence,
written in French only), of OWASP SAMM (tests/questionnaires/samm, in English only) or of
Canada's Algorithmic Impact Assessment (tests/questionnaires/aia) says a word that belongs to
A.D.O.C. A word a published model says itself (SAMM's « maturity level 1 » in a criterion) is
its own: its sentence is taken out of a page before the page is read."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient

from parcours.engine import load

from ..questionnaires.aia.convert import slug
from ..reports.pdftext import flat, text
from ..shapes import NUMERIQUE, ROOT, questionnaires_dir
from .participant import Participant

INCIDENCE = ROOT / "tests" / "questionnaires" / "incidence"
SAMM = ROOT / "tests" / "questionnaires" / "samm"
AIA = ROOT / "tests" / "questionnaires" / "aia"
# A.D.O.C.'s own words: its name, its method, its partners' pages, its collective offer, its
# level name and the priority and horizon it prints on every action
FORBIDDEN = ("A.D.O.C.", "ADOC", "M.E.D.O.C", "RAMEAU", "alliance", "regards croisés",
             "regard croisé", "niveau de maturité", "maturity level", "maturité", "maturity",
             "Essentielle", "Importante", "Utile", "Essential", "Useful", "Priorité :",
             "Priority:", "Court terme", "Moyen terme", "Long terme", "Short term",
             "Medium term", "Long term", "Horizon", "Direction", "instances",
             "pratiques observables", "observable practices", "levier", "lever",
             "Votre organisation est", "Your organisation is", "partenaire", "partner")
# each model, its example answers, the kind it declares on the start page
MODELS = {"numerique": (NUMERIQUE, "mixte.json", None),
          "incidence": (INCIDENCE, "moyen.json", "public"),
          "samm": (SAMM, "mixte.json", None), "aia": (AIA, "mitigated_35.json", None)}


def answers_of(model: str) -> dict:
    """A model's example answers, in this app's ids (the AIA's are the tool's save file)."""
    folder, example, _ = MODELS[model]
    found = json.loads((folder / "examples" / example).read_text(encoding="utf-8"))
    if "data" in found:
        return {slug(name): [slug(v) for v in value] if isinstance(value, list) else slug(value)
                for name, value in found["data"].items()}
    return found["answers"]


def _texts(data: object) -> list[str]:
    if isinstance(data, dict):
        return [t for value in data.values() for t in _texts(value)]
    if isinstance(data, list):
        return [t for value in data for t in _texts(value)]
    return [" ".join(data.split())] if isinstance(data, str) else []


def own_sentences(folder: Path) -> tuple[str, ...]:
    """The sentences of a model's own texts that say a forbidden word (SAMM: « Training
    includes all topics from maturity level 1 »), longest first."""
    texts = [t for path in sorted(folder.glob("*.yaml"))
             for t in _texts(yaml.safe_load(path.read_text(encoding="utf-8")))]
    sentences = {part.strip() for t in texts for part in re.split(r"(?<=[.;:])\s", t)}
    return tuple(sorted((s for s in sentences if said(s)), key=len, reverse=True))


def said(page: str, own: tuple[str, ...] = ()) -> list[str]:
    """The forbidden words a text says (case-insensitive, on words: « Utile » not « utiles »),
    but inside the model's own sentences `own`."""
    page = " ".join(page.split())
    for sentence in own:
        page = page.replace(sentence, " ")
    return [word for word in FORBIDDEN
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", page, re.IGNORECASE)]


def leaks(pages: dict[str, str], own: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Each forbidden word a page says (but in the model's own sentences), in its context."""
    found: dict[str, list[str]] = {}
    for url, page in pages.items():
        page = " ".join(page.split())
        for sentence in own:
            page = page.replace(sentence, " ")
        for word in said(page):
            at = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", page, re.IGNORECASE)
            assert at is not None
            context = " ".join(page[max(0, at.start() - 50):at.end() + 30].split())
            found.setdefault(re.sub(r"/d/[^/]+/", "/d/ID/", url), []).append(context)
    return found


def visible(response) -> str:  # noqa: ANN001 - a test client response
    """What a page says to a reader: its text and the attributes a reader hears (title,
    aria-label, alt, placeholder, a button's value), without markup, scripts or URLs."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    heard = re.findall(r'(?:title|aria-label|alt|placeholder|value)="([^"]*)"', body)
    return html.unescape(re.sub(r"<[^>]+>", " ", body) + " " + " ".join(heard))


def links(page: str, public_id: str) -> set[str]:
    """The diagnostic's own pages a page links to (GET), and the site's."""
    found = set(re.findall(r'href="(/[^"#]*)"', page))
    return {url for url in found
            if url.startswith(f"/d/{public_id}/") or url == "/"
            or url.startswith(("/confidentialite", "/reprendre", "/commencer"))}


def serve(app: Flask, tmp_path: Path, folder: Path) -> Flask:
    """The app serving this questionnaire alone."""
    app.config["QUESTIONNAIRES_DIR"] = str(questionnaires_dir(tmp_path / "served", folder))
    return app


def walk(client: FlaskClient, model: str, lang: str) -> dict[str, str]:
    """Every page a participant sees, from the home page to the results and every page these
    link to (the PDF among them), in `lang`: {url: text}."""
    folder, _, kind = MODELS[model]
    answers = answers_of(model)
    kinds = {qid: question.type for qid, question in load(folder).questions.items()}
    client.get(f"/lang/{lang}")
    seen = {"/": visible(client.get("/")), "/commencer": visible(client.get("/commencer"))}
    participant = Participant(client)
    public_id = participant.start(name="Maison des projets", kind=kind)
    seen["link"] = visible(client.get(f"/d/{public_id}/lien"))
    for url in participant.answer_all(answers, kinds):
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


@pytest.mark.parametrize("model", ["incidence", "numerique"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_page_nor_pdf_says_a_word_of_adoc(app: Flask, tmp_path: Path, model: str,
                                             lang: str) -> None:
    pages = walk(serve(app, tmp_path, MODELS[model][0]).test_client(), model, lang)
    assert any(url.endswith("/feuille-de-route.pdf") for url in pages)
    assert any(url.endswith("/resultats") for url in pages)
    assert leaks(pages) == {}


# the published models (issue 27, item 6), each in one language here and in the other in a
# real browser (tests/e2e/test_own_words.py); on SQLite only, since a database changes no word
# and each walk costs some 15 s
PUBLISHED = {"samm": ("fr", "Level 0"), "aia": ("en", "Level II")}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("model", sorted(PUBLISHED))
def test_a_published_model_says_no_word_of_adoc(app: Flask, tmp_path: Path,
                                                model: str) -> None:
    lang, level = PUBLISHED[model]
    pages = walk(serve(app, tmp_path, MODELS[model][0]).test_client(), model, lang)
    assert any(url.endswith("/feuille-de-route.pdf") for url in pages)
    results = next(page for url, page in pages.items() if url.endswith("/resultats"))
    assert level in results  # the level its authors' formula gives its example answers
    assert leaks(pages, own_sentences(MODELS[model][0])) == {}
    # the reasons of its actions say each score on the model's own scale, as the page does
    # (« 1 / 3, below 3 », « 0 / 90, en dessous de 36 »), never « /100 »
    reasons = [found for url, page in pages.items() if url.endswith(("/resultats", ".pdf"))
               for found in re.findall(r"(?:Parce que|Because) [^.]*\.", page)]
    if model == "samm":  # the AIA's example mitigates enough: its one reason is written
        assert any(re.search(r" (est de|is) [\d,.]+ / 3, ", found) for found in reasons), reasons
    assert [found for found in reasons if re.search(r"/ ?100\b", found)] == []
    # nor does any other line of its PDF: its scores, and its levels' thresholds in the
    # method, are on their scales (« 1 / 3 », « 29.75 / 119 »); nor its results page, but for
    # its stages' scores, which have no scale of their own (a stage is the mean of its
    # dimensions in percent: « 32 / 100 · Level 0 », each stage once)
    printed = {url: re.findall(r"[^.\n]{0,60}/ ?100\b[^.\n]{0,20}", page)
               for url, page in pages.items() if url.endswith(("/resultats", ".pdf"))}
    stages = [stage.id for stage in load(MODELS[model][0]).scored_stages]
    for url, found in printed.items():
        if url.endswith("/resultats"):
            said = [line for line in found if re.fullmatch(r"\s*\d+ / 100 · [^/]*", line)]
            assert len(said) <= len(stages), said
            printed[url] = [line for line in found if line not in said]
    assert {url: found for url, found in printed.items() if found} == {}


def test_the_forbidden_words_are_found_where_adoc_says_them() -> None:
    # the test above can fail: A.D.O.C.'s own sentences are caught
    assert said("Votre niveau de maturité") == ["niveau de maturité", "maturité"]
    assert said("Priorité : Essentielle — Court terme (0–3 mois)") == [
        "Essentielle", "Priorité :", "Court terme"]
    assert said("Préparer une alliance avec un partenaire") == ["alliance", "partenaire"]
    assert said("des outils utiles, une direction claire") == ["Direction"]
    assert said("Vos priorités utiles") == []
    # a model's own sentence is its own; the same word elsewhere on the page is not
    own = own_sentences(SAMM)
    assert any("maturity level 1" in sentence for sentence in own)
    sentence = next(sentence for sentence in own if "maturity level 1" in sentence)
    assert said(f"Help: {sentence} Next", own) == []
    assert said(f"{sentence} Your maturity level", own) == ["maturity level", "maturity"]


def test_the_grille_says_its_own_words_and_that_it_exists_in_french_only(
        app: Flask, tmp_path: Path) -> None:
    client = serve(app, tmp_path, INCIDENCE).test_client()
    home = visible(client.get("/"))
    assert "Grille d'incidence d'un traitement automatisé" in home
    assert "vous obtenez votre niveau d'incidence et une feuille de route" in home  # no strengths
    assert "Ce questionnaire n'existe qu'en français" not in home
    start = visible(client.get("/commencer"))
    assert "Le traitement est porté par…" in start and "Un organisme public" in start
    pages = walk(client, "incidence", "fr")
    results = next(page for url, page in pages.items() if url.endswith("/resultats"))
    assert "Votre niveau d'incidence" in results and "Incidence modérée" in results
    assert "Vos points forts" not in results
    assert "à présenter à votre comité d'éthique" in results
    pdf = next(page for url, page in pages.items() if url.endswith(".pdf"))
    assert "Niveau d'incidence Incidence modérée" in pdf
    assert "Chaque question notée décrit un garde-fou" in pdf
    assert "Niveau d'incidence, d'après le score, sur trois niveaux" in pdf
    assert "points forts" not in pdf


def test_its_english_pages_say_it_exists_in_french_only_and_show_its_french(
        app: Flask, tmp_path: Path) -> None:
    client = serve(app, tmp_path, INCIDENCE).test_client()
    client.get("/lang/en")
    home = visible(client.get("/"))
    assert "This questionnaire exists in French only" in home
    assert "Grille d'incidence d'un traitement automatisé" in home and "Start" in home
    assert "you get your niveau d'incidence" in home
    pages = walk(client, "incidence", "en")
    question = next(page for url, page in pages.items() if "/etape/" in url)
    assert "This questionnaire exists in French only" in question
    assert "Les personnes concernées sont-elles informées du traitement ?" in question
    results = next(page for url, page in pages.items() if url.endswith("/resultats"))
    assert "This questionnaire exists in French only" in results
    assert "Incidence modérée" in results and "Your results" not in results


def test_adoc_keeps_its_words(app: Flask, tmp_path: Path) -> None:
    from ..shapes import ADOC
    client = serve(app, tmp_path, ADOC).test_client()
    home = visible(client.get("/"))
    assert "vous obtenez votre niveau de maturité, vos points forts et une feuille" in home
    assert "Votre organisation est…" in visible(client.get("/commencer"))
    assert "Ce questionnaire n'existe qu'en" not in home


def test_the_site_takes_its_name_footer_and_lead_from_the_settings(
        app: Flask, tmp_path: Path) -> None:
    from ..shapes import ADOC
    app.config["QUESTIONNAIRES_DIR"] = str(questionnaires_dir(tmp_path / "served", ADOC,
                                                              NUMERIQUE, INCIDENCE))
    app.config.update(SITE_NAME="Autodiagnostics du territoire",
                      SITE_FOOTER="Un service de la Maison des associations.",
                      SITE_LEAD="Trois questionnaires pour faire le point.")
    client = app.test_client()
    home = client.get("/").get_data(as_text=True)
    assert '<a class="brand" href="/">Autodiagnostics du territoire</a>' in home
    assert "<h1>Autodiagnostics du territoire</h1>" in home
    assert "Trois questionnaires pour faire le point." in home
    footer = home.split('<footer class="site-footer">')[1]
    assert "Un service de la Maison des associations." in footer
    assert "RAMEAU" not in footer and "Parcours A.D.O.C.</a>" not in home  # A.D.O.C.'s credit
    # several level names: the promise names none of them
    assert "vous obtenez votre niveau et une feuille de route" in html.unescape(home)
    privacy = client.get("/confidentialite").get_data(as_text=True)
    assert "Autodiagnostics du territoire" in privacy and "RAMEAU" not in privacy
    assert "A.D.O.C." not in privacy
