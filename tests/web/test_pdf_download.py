"""Downloading the PDF roadmap: file, name, ETag and 304, cache, background render, failure."""

from __future__ import annotations

from dataclasses import replace

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from parcours.infra.extensions import db
from parcours.models import RenderedPdf
from parcours.reports.pdf import RenderPool

from ..reports.pdftext import reader, text
from .participant import Participant


def completed(client: FlaskClient, name: str = "Les Amis du Quartier") -> Participant:
    participant = Participant(client)
    participant.start(name=name)
    participant.complete()
    return participant


def rows(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(RenderedPdf))


def test_download_is_a_named_pdf_with_an_etag_then_304_then_cache(
        app: Flask, client: FlaskClient) -> None:
    participant = completed(client, "Les Amis du Quartier")
    url = f"/d/{participant.public_id}/feuille-de-route.pdf"
    first = client.get(url)
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    disposition = first.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="feuille-de-route-les-amis-du-quartier-')
    assert "Les Amis du Quartier" in text(first.data)
    etag = first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert rows(app) == 1
    again = client.get(url)
    assert again.data == first.data and rows(app) == 1  # served from the cache
    english = client.get(url + "?lang=en")
    assert reader(english.data).trailer["/Root"]["/Lang"] == "en" and rows(app) == 2


def test_completion_renders_the_pdf_in_the_background(app: Flask, client: FlaskClient) -> None:
    app.config["PDF_PRERENDER"] = True
    participant = completed(client)
    app.extensions["parcours_jobs"].wait()
    assert rows(app) == 1
    client.get(f"/d/{participant.public_id}/feuille-de-route.pdf")
    assert rows(app) == 1  # the download was a cache hit


def test_a_failed_render_gets_a_clear_page(app: Flask, client: FlaskClient) -> None:
    participant = completed(client)
    slow = app.extensions["parcours_render_pool"]
    slow.close()
    app.extensions["parcours_render_pool"] = RenderPool(replace(slow.settings, timeout=0.01))
    response = client.get(f"/d/{participant.public_id}/feuille-de-route.pdf")
    assert response.status_code == 503
    assert "Le PDF n'a pas pu être produit" in response.get_data(as_text=True).replace(
        "&#39;", "'")
    assert rows(app) == 0


def test_someone_else_cannot_download_the_pdf(app: Flask, client: FlaskClient) -> None:
    participant = completed(client)
    assert app.test_client().get(
        f"/d/{participant.public_id}/feuille-de-route.pdf").status_code == 404
