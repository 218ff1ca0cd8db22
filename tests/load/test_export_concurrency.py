"""Six exports at once on SQLite under gunicorn all finish (issue 13, item 14)."""

from __future__ import annotations

import re
import threading
import time

import pytest
from sqlalchemy import create_engine, text

from parcours import create_app
from parcours.infra.extensions import db

from ..web.people import cohort, diagnostic, user
from .server import Browser, Gunicorn, free_port, token


def _world(url: str) -> str:
    """A trainer and a cohort of three completed participants; the cohort's public id."""
    app = create_app({"SECRET_KEY": "load-test", "SQLALCHEMY_DATABASE_URI": url,
                      "PDF_PRERENDER": False, "RATELIMIT_STORAGE_URI": "memory://",
                      "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 1024})
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    for name, example in (("Association Un", "association_jeune.json"),
                          ("Entreprise Deux", "entreprise_moyenne.json"),
                          ("Collectivité Trois", "collectivite.json")):
        diagnostic(app, name, group, example)
    app.extensions["parcours_render_pool"].close()
    with app.app_context():
        db.engine.dispose()
    return group


def test_six_exports_at_once_all_finish(migrated_url: str) -> None:
    if not migrated_url.startswith("sqlite"):
        pytest.skip("the SQLite writer queue is what is tested here")
    group = _world(migrated_url)
    server = Gunicorn(migrated_url, free_port(), workers=3)
    server.start()
    try:
        base = f"http://127.0.0.1:{server.port}"
        browsers = [Browser(base) for _ in range(6)]
        for browser in browsers:
            _, page = browser.get("/connexion")
            browser.post("/connexion", {"csrf_token": token(page), "email": "f@example.org",
                                        "password": "un mot de passe solide"})
        jobs: list[str] = []

        def export(browser: Browser) -> None:
            _, page = browser.get(f"/formateur/groupes/{group}")
            status, url, _ = browser.post(f"/formateur/groupes/{group}/export",
                                          {"csrf_token": token(page)})
            assert status == 200, status
            jobs.append(url.replace(base, ""))

        threads = [threading.Thread(target=export, args=(b,)) for b in browsers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert len(jobs) == 6
        states: dict[str, str] = {}
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            for job in jobs:
                _, page = browsers[0].get(job)
                states[job] = "done" if "Télécharger le ZIP" in page else \
                    "failed" if re.search(r"a échoué|Relancer", page) else "waiting"
            if "waiting" not in states.values():
                break
            time.sleep(2)
    finally:
        server.stop()
    engine = create_engine(migrated_url)
    with engine.connect() as connection:
        reports = connection.execute(text("SELECT status, report FROM job")).all()
    engine.dispose()
    assert sorted(states.values()) == ["done"] * 6, reports
