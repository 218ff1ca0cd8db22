"""Rate limits hold across gunicorn's workers without Redis (issue 13, item 3): the limits are
counted in one SQLite file that every worker of the machine shares."""

from __future__ import annotations

from pathlib import Path

from .server import Browser, Gunicorn, free_port, token


def _tries(browser: Browser, path: str, fields: dict[str, str], count: int) -> list[int]:
    _, page = browser.get(path)
    return [browser.post(path, {"csrf_token": token(page), **fields})[0] for _ in range(count)]


def test_limits_hold_across_workers_without_redis(migrated_url: str, tmp_path: Path) -> None:
    server = Gunicorn(migrated_url, free_port(), workers=3, env={
        "REDIS_URL": "",
        "PARCOURS_RATELIMIT_STORAGE": f"parcours+sqlite:///{tmp_path / 'limits.db'}"})
    server.start()
    try:
        browser = Browser(f"http://127.0.0.1:{server.port}")
        logins = _tries(browser, "/connexion", {"email": "x@example.org", "password": "wrong"},
                        20)
        codes = _tries(browser, "/reprendre", {"code": "AAAA-AAAA"}, 20)
    finally:
        server.stop()
    assert sum(status != 429 for status in logins) == 10, logins
    assert sum(status != 429 for status in codes) == 10, codes
