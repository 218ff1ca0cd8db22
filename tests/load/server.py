"""The app under gunicorn on 127.0.0.1, and a participant talking to it over real HTTP."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Gunicorn:
    """gunicorn started in its own process group, so that it can be killed whole."""

    def __init__(self, database_url: str, port: int, workers: int = 2,
                 access_log: Path | None = None, env: dict[str, str] | None = None) -> None:
        self.database_url, self.port, self.workers = database_url, port, workers
        self.access_log, self.env = access_log, env or {}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "DATABASE_URL": self.database_url, "SECRET_KEY": "load-test",
               "PARCOURS_INSECURE_COOKIES": "1", "PARCOURS_BIND": f"127.0.0.1:{self.port}",
               "PARCOURS_WEB_WORKERS": str(self.workers),
               # limits counted apart from other runs (not in instance/)
               "PARCOURS_RATELIMIT_STORAGE":
                   f"parcours+sqlite:///{tempfile.mkdtemp(prefix='parcours-limits-')}/limits.db",
               **self.env}
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", "python:parcours.gunicorn_conf", "--access-logfile",
             str(self.access_log or "/dev/null"), "app:app"], cwd=ROOT, env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5)
                return
            except (urllib.error.URLError, OSError):  # refused, reset or timed out: not up yet
                time.sleep(0.2)
        self.kill()  # never leave a half-started server behind
        raise RuntimeError("gunicorn did not answer within 60 s")

    def kill(self) -> None:
        """SIGKILL to the master and every worker: no chance to clean up anything."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def stop(self) -> None:
        """Quick shutdown (SIGQUIT), then whatever is left of the group (render workers)."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGQUIT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=10)
            self.process = None


class Browser:
    """Cookies, CSRF tokens and redirects, with the standard library only."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.geturl(), response.read().decode("utf-8")

    def post(self, path: str, fields: dict[str, Any]) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return response.status, response.geturl(), response.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            return err.code, err.geturl(), err.read().decode("utf-8")


def token(html: str) -> str:
    found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert found, "no CSRF token"
    return found.group(1)


def shown(html: str) -> list[str]:
    found = re.search(r'name="questions" type="hidden" value="([^"]*)"', html)
    return found.group(1).split(",") if found and found.group(1) else []
