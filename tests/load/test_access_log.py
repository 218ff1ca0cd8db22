"""gunicorn's access log never records a resume, join or invitation token (issue 13, item 13;
issue 30, L3)."""

from __future__ import annotations

import urllib.error
from pathlib import Path

from .server import Browser, Gunicorn, free_port


def test_the_access_log_redacts_resume_and_join_tokens(migrated_url: str,
                                                       tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    server = Gunicorn(migrated_url, free_port(), workers=1, access_log=log)
    server.start()
    try:
        browser = Browser(f"http://127.0.0.1:{server.port}")
        for path in ("/reprendre/SeCrEtReSuMeToKeN-0123456789", "/rejoindre/SeCrEtJoInToKeN_42",
                     "/reprendre/SeCrEtReSuMeToKeN-0123456789?x=1",
                     "/invitation/SeCrEtInViTaTiOn-ToKeN_7"):
            try:
                browser.get(path)
            except urllib.error.HTTPError:
                pass  # 404: an unknown token
        browser.get("/rejoindre/confirmer")
    finally:
        server.stop()
    written = log.read_text(encoding="utf-8")
    assert "/reprendre/" in written and "/rejoindre/" in written and "/invitation/" in written
    assert "SeCrEt" not in written, written
    assert "/rejoindre/confirmer" in written  # a page, not a token: left as it is
