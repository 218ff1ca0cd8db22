"""HTML → PDF with WeasyPrint, in worker processes with a wall-clock timeout and a memory cap.

A participant's answers end up in the report: a pathological input must not hang or bloat a web
worker. Rendering therefore happens in a pebble process pool: a render that runs past its
timeout has its worker killed, and each worker lives under a private-memory limit (RLIMIT_DATA).
Each worker builds the stylesheet and the font configuration once and reuses them.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pebble import ProcessExpired, ProcessPool

from ..infra import metrics

log = logging.getLogger(__name__)
_worker: dict[str, Any] = {}

# Render workers are forked by one forkserver per process, which imports WeasyPrint once: a worker
# started (the first render, after `max_tasks`, after a timeout killed its predecessor, a new
# pool) pays a fork rather than WeasyPrint's import (2 to 5 s on 2 cores). The process that asks
# for renders still never imports it; the forkserver starts with the first pool.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["weasyprint", "weasyprint.text.fonts", f"{__package__}.fetcher"])


class RenderError(RuntimeError):
    """A PDF that could not be made (too slow, too big, or broken)."""


@dataclass(frozen=True)
class RenderSettings:
    """Where the static files are, which stylesheet, and the limits."""

    static_root: str
    stylesheets: tuple[str, ...]
    timeout: float = 60.0
    memory_mb: int = 512
    workers: int = 1
    max_tasks: int = 200  # a worker is replaced after this many renders


def _init_worker(settings: RenderSettings) -> None:
    """Runs once in each worker process: limits, fonts and stylesheet."""
    limit = settings.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    # WeasyPrint is imported in the render workers only, after the memory cap: web workers
    # never load it
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from .fetcher import StaticOnlyFetcher  # WeasyPrint's too

    fetcher = StaticOnlyFetcher(Path(settings.static_root))
    fonts = FontConfiguration()
    # built once here, and the only stylesheets of a report (the HTML links none)
    _worker.update(fetcher=fetcher, fonts=fonts, styles=[
        CSS(filename=path, font_config=fonts, url_fetcher=fetcher)
        for path in settings.stylesheets])


def html_to_pdf(html: str, base_url: str) -> bytes:
    """One function turns HTML into PDF bytes: tagged (PDF/UA-1), metadata from the HTML head."""
    from weasyprint import HTML  # in the worker: see _init_worker

    if not _worker:  # called outside a pool (tests, CLI): no limits, same rendering
        raise RenderError("html_to_pdf runs in a worker started by RenderPool")
    document = HTML(string=html, base_url=base_url, url_fetcher=_worker["fetcher"])
    return document.write_pdf(stylesheets=_worker["styles"], font_config=_worker["fonts"],
                              pdf_variant="pdf/ua-1")


class RenderPool:
    """A lazily started pool of render workers, shared by the threads of one process."""

    def __init__(self, settings: RenderSettings) -> None:
        self.settings = settings
        self._pool: ProcessPool | None = None
        self._lock = threading.Lock()

    def _get(self) -> ProcessPool:
        with self._lock:
            if self._pool is None or not self._pool.active:
                self._pool = ProcessPool(
                    max_workers=self.settings.workers, max_tasks=self.settings.max_tasks,
                    initializer=_init_worker, initargs=(self.settings,),
                    context=_CONTEXT)
            return self._pool

    def render(self, html: str, timeout: float | None = None) -> bytes:
        """Render in a worker; RenderError when it is too slow, too big or fails."""
        with metrics.rendering():  # an export's renders, in parallel, are not timed one by one
            return self.result(self.schedule(html, timeout))

    def schedule(self, html: str, timeout: float | None = None) -> Future[bytes]:
        """Start a render and return at once (every worker of the pool renders in parallel)."""
        base_url = Path(self.settings.static_root).resolve().as_uri() + "/"
        return self._get().schedule(html_to_pdf, args=(html, base_url),
                                    timeout=timeout or self.settings.timeout)

    def result(self, future: Future[bytes]) -> bytes:
        """The PDF of a scheduled render, or RenderError."""
        timeout = self.settings.timeout
        try:
            return future.result()
        except FutureTimeout:
            log.warning("report: render stopped after %ss", timeout)
            raise RenderError("timeout") from None
        except (ProcessExpired, MemoryError) as err:
            log.warning("report: render worker died: %s", err)
            raise RenderError("worker died") from None
        except Exception as err:  # noqa: BLE001 - whatever WeasyPrint raised, say it failed
            log.exception("report: render failed")
            raise RenderError(str(err)) from None

    def close(self) -> None:
        """Stop the workers."""
        with self._lock:
            if self._pool is not None:
                self._pool.stop()
                self._pool.join()
                self._pool = None
