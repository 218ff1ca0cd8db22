"""What participants type is printed literally, fetches are refused, renders are bounded."""

from __future__ import annotations

import copy
import time
from pathlib import Path

import pytest
from flask import Flask

from parcours.infra.paths import ROOT
from parcours.reports import service
from parcours.reports.fetcher import RefusedURL, StaticOnlyFetcher
from parcours.reports.pdf import RenderError, RenderPool, RenderSettings

from .conftest import example_context
from .pdftext import flat, reader, text

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "img": "<img src=file:///etc/passwd>",
    "css_url": "url(http://169.254.169.254/)",
    "long": "Nous voulons agir ensemble. " * 370,  # about 10,000 characters
    "word": "x" * 2000,
    "nbsp": "a\u00a0" * 300 + "fin",
    "nb_hyphen": "co\u2011construction\u2011partagée",
    "rtl": "شراكة من أجل الصالح العام",
    "cjk": "共同行動のための同盟",
    "emoji": "Alliance 🤝🌍 réussie",
    "zero_width": "zéro\u200blargeur\u200d\ufeffici",
}
LITERAL = ("script", "img", "css_url", "nb_hyphen")


_hostile: dict[str, str] = {}


def hostile_text() -> str:
    """One report with every hostile value: in the organisation name and in answer rows."""
    if not _hostile:
        context = copy.deepcopy(example_context(
            "association_jeune.json", HOSTILE["script"] + " " + HOSTILE["img"]))
        rows = [row for stage in context["result"]["annex"] for row in stage["questions"]]
        for row, value in zip(rows, HOSTILE.values(), strict=False):
            row["answer"] = value
        started = time.monotonic()
        data = service.render(context)
        _hostile["seconds"] = str(time.monotonic() - started)
        _hostile["text"] = text(data)
        _hostile["pages"] = str(len(reader(data).pages))
    return _hostile["text"]


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_answers_render_literally_and_in_bounded_time(report_app: Flask,
                                                              case: str) -> None:
    body = hostile_text()
    assert float(_hostile["seconds"]) < 60 and int(_hostile["pages"]) >= 10
    if case in LITERAL:
        assert HOSTILE[case] in body or HOSTILE[case] in flat(body)
    elif case == "long":
        assert flat(body).count("Nous voulons agir ensemble.") >= 300
    elif case == "word":
        assert flat(body).replace(" ", "").count("x" * 500) >= 1
    elif case == "nbsp":
        assert "fin" in body
    elif case == "zero_width":
        assert "zéro" in body and "ici" in body


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "http://127.0.0.1/", "https://example.org/style.css",
    "ftp://example.org/x", f"file://{ROOT}/pyproject.toml", f"file://{ROOT}/static/../app.py",
])
def test_the_fetcher_refuses_everything_but_static_files(url: str) -> None:
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher(ROOT / "static").fetch(url)


def test_the_fetcher_serves_static_files_and_data_uris() -> None:
    fetcher = StaticOnlyFetcher(ROOT / "static")
    assert fetcher.fetch((ROOT / "static" / "css" / "report.css").as_uri()).status == 200
    assert fetcher.fetch("data:text/plain,ok") is not None


def test_the_organisation_name_is_escaped_in_the_html(report_app: Flask) -> None:
    html = service.render_html(example_context("association_jeune.json", HOSTILE["script"]))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_attachments_and_remote_images_are_not_embedded(report_app: Flask) -> None:
    html = ('<html lang="fr"><head><title>t</title>'
            '<link rel="attachment" href="file:///etc/passwd">'
            '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head>'
            '<body><p>Bonjour</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/i.png">'
            '</body></html>')
    data = service.pool().render(html)
    pdf = reader(data)
    assert "/EmbeddedFiles" not in pdf.trailer["/Root"].get("/Names", {})
    assert b"root:" not in data
    assert "Bonjour" in text(data)


def settings(**limits: float) -> RenderSettings:
    static, stylesheets = service.settings_paths()
    return RenderSettings(static_root=str(static), stylesheets=stylesheets, **limits)


def test_a_render_past_its_timeout_is_stopped_and_the_pool_recovers(report_app: Flask) -> None:
    pool = RenderPool(settings(timeout=0.05))
    html = service.render_html(example_context("association_jeune.json", "Org"))
    try:
        with pytest.raises(RenderError, match="timeout"):
            pool.render(html)
        assert pool.render("<p>ok</p>", timeout=60).startswith(b"%PDF")
    finally:
        pool.close()


def test_a_render_over_its_memory_limit_fails_cleanly(report_app: Flask) -> None:
    pool = RenderPool(settings(memory_mb=40, timeout=60))
    try:
        with pytest.raises(RenderError):
            pool.render(service.render_html(example_context("association_jeune.json", "Org")))
    finally:
        pool.close()


def test_static_root_is_the_apps(report_app: Flask) -> None:
    assert Path(service.pool().settings.static_root) == ROOT / "static"
