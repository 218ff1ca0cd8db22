"""PDF rendering: cold and warm render, worker memory, cache hit; anchors measured in the same run.

Anchors: headless Chromium (Debian's, through Playwright) printing the same HTML from a warm
browser; a static file served by the same app for the cache hit.
"""

from __future__ import annotations

import json
import resource
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from .common import Row, median_ms, timed

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "questionnaires" / "adoc" / "examples" / "association_jeune.json"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def worker_peak_mb() -> float:
    """Runs inside a render worker: its peak resident memory."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_rss_mb() -> float:
    """Runs inside a render worker: its current resident memory."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def _context(app):  # type: ignore[no-untyped-def]
    from parcours.engine import check_answers, evaluate, result_dict
    from parcours.reports.context import report_context
    from parcours.services.questionnaires import questionnaire

    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    q = questionnaire()
    scores, road = evaluate(q, check_answers(q, data["answers"]))
    return report_context(result_dict(q, scores, road, "fr"), "Les Amis du Quartier",
                          datetime.now(UTC))


def chromium_times(html: str, repeat: int) -> tuple[float, list[float]]:
    """Cold (new browser) and warm (same browser, new page each time) print times."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        started = time.perf_counter()
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page()
        page.set_content(html)
        page.pdf(format="A4")
        cold = time.perf_counter() - started

        def once() -> None:
            fresh = browser.new_page()
            fresh.set_content(html)
            fresh.pdf(format="A4")
            fresh.close()

        warm = timed(once, repeat)
        browser.close()
    return cold, warm


def run(repeat: int = 5, memory_renders: int = 200) -> tuple[list[Row], list[str]]:
    """Measure and return the rows of the table."""
    from parcours import create_app
    from parcours.reports import service
    from parcours.reports.pdf import RenderPool

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
    rows: list[Row] = []
    notes: list[str] = []
    with app.app_context():
        context = _context(app)
        html = service.render_html(context)
        styles = "".join(Path(path).read_text() for path in service.STYLESHEETS)
        inline_css = html.replace("</head>", f"<style>{styles}</style></head>", 1)
        pool = RenderPool(service.pool().settings)
        started = time.perf_counter()
        pdf = pool.render(html)
        cold = time.perf_counter() - started
        warm = timed(lambda: pool.render(html), repeat)
        if not Path("/usr/bin/chromium").exists():
            raise SystemExit("bench: /usr/bin/chromium is missing (apt-get install chromium)")
        chrome_cold, chrome_warm = chromium_times(inline_css, repeat)
        ratio_warm = median_ms(warm) / median_ms(chrome_warm)
        ratio_cold = cold / chrome_cold
        rows.append(Row("full roadmap PDF, warm render (median)", f"{median_ms(warm):.0f} ms",
                        f"Chromium {median_ms(chrome_warm):.0f} ms", f"{ratio_warm:.2f} ×",
                        "≤ 2.0 ×", ratio_warm <= 2.0))
        rows.append(Row("same PDF, cold (new worker process)", f"{cold * 1000:.0f} ms",
                        f"Chromium {chrome_cold * 1000:.0f} ms", f"{ratio_cold:.2f} ×",
                        "≤ 4.0 ×", ratio_cold <= 4.0))
        notes.append(f"the report: {len(pdf):,} bytes; Chromium prints the same HTML with the "
                     "stylesheet inlined")

        sub = pool._get()
        first_rss = sub.schedule(worker_rss_mb).result()
        for _ in range(memory_renders - repeat - 1):
            pool.render(html)
        last_rss = sub.schedule(worker_rss_mb).result()
        peak = sub.schedule(worker_peak_mb).result()
        growth = (last_rss - first_rss) / first_rss
        rows.append(Row(f"render worker memory over {memory_renders} renders",
                        f"{last_rss:.0f} MB (peak {peak:.0f} MB)",
                        f"{first_rss:.0f} MB after the first", f"{growth * 100:+.1f} %",
                        "growth ≤ 10 %; peak ≤ 300 MB", growth <= 0.10 and peak <= 300))
        pool.close()
        app.extensions["parcours_render_pool"].close()
    rows.append(_cache_hit(repeat=300))
    return rows, notes


def _cache_hit(repeat: int) -> Row:
    """A PDF re-download (cache hit) against a static file served by the same app."""
    import tempfile

    from flask_migrate import upgrade

    from parcours import create_app
    from parcours.infra.extensions import db

    folder = tempfile.mkdtemp(prefix="bench-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                      "STORAGE_URL": f"{folder}/files",
                      "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
                      "PDF_PRERENDER": False, "RATELIMIT_ENABLED": False})
    client = app.test_client()
    with app.app_context():
        upgrade()
    page = client.get("/commencer").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/commencer", data={"csrf_token": token, "name": "Bench",
                                               "kind": "association"})
    public_id = response.headers["Location"].split("/d/")[1].split("/")[0]
    review = client.get(f"/d/{public_id}/revue").get_data(as_text=True)
    token = review.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post(f"/d/{public_id}/terminer", data={"csrf_token": token})
    url = f"/d/{public_id}/feuille-de-route.pdf"
    assert client.get(url).status_code == 200  # rendered and stored

    def get(path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        response.close()

    get(url)  # warm: the same code paths as the timed calls
    get("/static/css/report.css")
    hit = timed(lambda: get(url), repeat)
    static = timed(lambda: get("/static/css/report.css"), repeat)
    app.extensions["parcours_render_pool"].close()
    with app.app_context():
        db.engine.dispose()
    ratio = statistics.median(hit) / statistics.median(static)
    return Row("PDF re-download (cache hit), median, rate limit off", f"{median_ms(hit):.2f} ms",
               f"static file {median_ms(static):.2f} ms", f"{ratio:.2f} ×", "≤ 2.0 ×",
               ratio <= 2.0)
