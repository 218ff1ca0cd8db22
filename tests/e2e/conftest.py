"""A live server and Debian's Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import os
import threading
from collections.abc import Generator, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from parcours import create_app

from ..conftest import missing, share_pools

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def serve_app(folder: Path, **config: Any) -> Generator[tuple[str, Flask], None, None]:
    """The app (with `config`) on a fresh SQLite database in `folder`, served on 127.0.0.1 by
    a real HTTP server, for as long as the generator is not closed: its address and the app."""
    app = create_app({"SECRET_KEY": "e2e", "SESSION_COOKIE_SECURE": False,
                      "RATELIMIT_STORAGE_URI": "memory://",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'e2e.db'}", **config})
    share_pools(app)
    with app.app_context():
        upgrade()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app
    finally:
        server.shutdown()


def follow(page: Any, target: Any = None) -> None:
    """Click what leads to another page (a link, a form's button) and wait for that page to load.

    `page.click` returns once the navigation has started: reading `page.content()` right after
    may catch the empty document between two pages (it did, once in a few hundred CI runs).
    `target` is a selector on `page`, or a locator when `page` is the locator itself."""
    frame = page.page if target is None else page
    with frame.expect_navigation():
        if target is None:
            page.click()
        else:
            page.click(target)


def serve(folder: Path, **config: Any) -> Iterator[str]:
    """`serve_app`, when only the address matters."""
    with closing(serve_app(folder, **config)) as served:
        url, _ = next(served)
        yield url


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served on 127.0.0.1 by a real HTTP server, on a fresh SQLite database."""
    yield from serve(tmp_path_factory.mktemp("e2e"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright")
    if not os.path.exists(CHROMIUM):
        missing(f"Chromium ({CHROMIUM}; apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()
