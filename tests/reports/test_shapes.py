"""Reports of questionnaires of other shapes (issue 15): five stages called « axes », three
levels, no organisation kinds, no categories, unanswered questions counted as zero, the short
layout. Each reads in its own words, and none in A.D.O.C.'s."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from parcours.reports import service
from parcours.reports.context import report_context

from .conftest import WHEN, example_context
from .pdftext import flat, reader, squash, text
from .shapes import result
from .test_pdf import rendered

pytestmark = pytest.mark.usefixtures("report_app")
ADOC_WORDS = ("A.D.O.C.", "levier", "lever", "M.E.D.O.C.", "alliance", "RAMEAU")


def context(folder: Path, lang: str = "fr", comments: list[dict[str, Any]] | None = None,
            **shape: Any) -> dict[str, Any]:
    return report_context(result(folder, lang, **shape), "Coopérative du Val", WHEN, comments)


def method(html: str) -> str:
    section = re.search(r'<section id="method".*?</section>', html, re.S).group(0)
    return flat(unescape(re.sub(r"<[^>]+>", " ", section)))


def test_the_method_says_unanswered_questions_are_left_out_or_count_zero(
        tmp_path: Path) -> None:
    skip = method(service.render_html(context(tmp_path / "skip", unanswered="skip")))
    zero = method(service.render_html(context(tmp_path / "zero", unanswered="zero")))
    assert "sans réponse, sortent du calcul : elles ne comptent ni pour ni contre vous" in skip
    assert "compte pour zéro point" not in skip
    assert "Une question sans réponse, ou répondue « Je ne sais pas », compte pour zéro " \
           "point." in zero
    assert "Les réponses « Non concerné » sortent du calcul" in zero
    assert "pondérée" not in zero
    weighted = method(service.render_html(context(tmp_path / "weighted", weighted=True)))
    assert "moyenne pondérée des points de ses questions" in weighted
    assert "le score de chaque axe est la moyenne pondérée de ses dimensions" in weighted.lower()


@pytest.mark.parametrize(("levels", "count", "low", "rows"), [
    ((0, 45, 70), "trois", "45",
     ["1. Amorce 0 / 100", "2. Essor 45 / 100", "3. Maturité 70 / 100"]),
    ((0, 37.5, 60, 80), "quatre", "37,5",
     ["2. Essor 37,5 / 100", "3. Maturité 60 / 100", "4. Rayonnement 80 / 100"]),
])
def test_the_method_lists_the_levels_of_the_result(tmp_path: Path, levels: tuple[float, ...],
                                                   count: str, low: str,
                                                   rows: list[str]) -> None:
    found = context(tmp_path, levels=levels)
    page = method(service.render_html(found))
    assert f"Le niveau de maturité découle du score, sur {count} niveaux :" in page
    for row in rows:
        assert row in page
    assert f"un score inférieur à {low} dans une dimension" in page
    assert "parmi vos points forts à partir de 80 / 100" in page
    assert found["wording"]["level_of"].endswith(f"sur {len(levels)}")
    assert 'font-size="14" fill="#5c6370">100</text>' in str(found["radar"])


def test_stages_are_named_and_counted_as_the_questionnaire_says(tmp_path: Path) -> None:
    fr = context(tmp_path / "fr")["wording"]["stages"]
    en = context(tmp_path / "en", "en")["wording"]["stages"]
    assert (fr["yours"], fr["the"], fr["column"]) == ("Vos cinq axes", "Les cinq axes", "Axe")
    assert (en["yours"], en["the"], en["column"]) == ("Your five areas", "The five areas", "Area")
    many = context(tmp_path / "many", stages=12)["wording"]["stages"]
    assert many["yours"] == "Vos 12 axes"
    one = context(tmp_path / "one", "en", stages=1)["wording"]["stages"]
    assert (one["yours"], one["the"]) == ("Your area", "Area")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_report_of_another_shape_speaks_its_own_words(tmp_path: Path, lang: str) -> None:
    found = context(tmp_path, lang)
    html = service.render_html(found)
    assert "<th" in html and "M.E.D.O.C." not in html
    data = service.render(found)
    body = flat(text(data))
    words = {"fr": ["Boussole coopérative", "Atelier Boussole", "Les cinq axes", "niveau 1 sur 3",
                    "compte pour zéro point"],
             "en": ["Cooperative compass", "Compass workshop", "The five areas", "level 1 of 3",
                    "counts as zero points"]}[lang]
    for expected in words:
        assert squash(expected) in squash(body), expected
    for stage in found["result"]["stages"]:
        assert squash(stage["title"]) in squash(body)
    for word in ADOC_WORDS:
        assert word.lower() not in body.lower(), word
    pdf = reader(data)
    assert pdf.metadata.creator == ("Boussole coopérative" if lang == "fr"
                                    else "Cooperative compass")


def test_the_adoc_report_keeps_its_words() -> None:
    found = example_context("association_jeune.json", "Les Amis du Quartier")
    body = flat(text(rendered("association_jeune.json", "Les Amis du Quartier")))
    for expected in ("Parcours A.D.O.C.", "Les trois leviers", "Vos trois premières actions",
                     "niveau 1 sur 4", "M.E.D.O.C. : ", "Inspiré des travaux du RAMEAU.",
                     "Un autodiagnostic pour construire des alliances d'intérêt général",
                     "Le score de chaque levier est la moyenne de ses dimensions ; le score "
                     "global est la moyenne des trois leviers."):
        assert squash(expected) in squash(body), expected
    description = found["result"]["questionnaire"]["categories"]["description"]
    assert squash(body).count(squash(description)) == 1  # said once, not on every action
    assert squash(body).count(squash("M.E.D.O.C. : ")) >= len(found["result"]["roadmap"])


def test_a_short_report_holds_on_two_pages_and_ends_with_the_invitation(
        tmp_path: Path) -> None:
    comments = [{"title": "Commentaire général", "text": "Un bon début, à poursuivre.",
                 "author": "Camille"}]
    found = context(tmp_path, comments=comments, layout="short", invitation="adoc",
                    stages=6, roadmap={"min_actions": 3, "max_actions": 5})
    assert service.template_for(found["result"]) == "reports/short.html"
    data = service.render(found)
    assert len(reader(data).pages) <= 2
    body = squash(text(data))
    invitation = found["result"]["questionnaire"]["next"]
    assert squash("Atelier Boussole") in body and squash("Coopérative du Val") in body
    assert squash("Un bon début, à poursuivre.") in body
    for item in found["result"]["roadmap"]:
        assert squash(item["title"]) in body and squash(item["because"]) in body
    end = body.rindex(squash(invitation["title"]))
    assert end > body.rindex(squash(found["result"]["roadmap"][-1]["because"]))
    closing = body[end:]
    assert squash(invitation["text"]) in closing
    assert squash("« Faire le parcours complet »") in closing
    last = closing[closing.index(squash("Faire le parcours complet")):]
    assert re.fullmatch(r"Faireleparcourscomplet»\.(Boussolecoopérative)?Page2/2"
                        r"(Boussolecoopérative)?", last), last
