"""The production stack of deploy/ as real processes on this machine: gunicorn and RQ workers
started from the systemd units' ExecStart lines, with deploy/parcours.env.example's settings."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent
INSTALLED = "/srv/parcours/.venv/bin/"  # where the units expect the virtualenv


def env_file(path: Path = DEPLOY / "parcours.env.example") -> dict[str, str]:
    """The variables set (not commented out) in an environment file, as systemd reads it."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"([A-Z][A-Z0-9_]*)=(.*)", line.strip())
        if match:
            found[match.group(1)] = match.group(2)
    return found


def exec_start(unit: str, env: dict[str, str], instance: str = "") -> list[str]:
    """A unit's ExecStart as a command line here: ${VAR} from `env`, %i and %H as systemd
    expands them, the virtualenv's programs from this one."""
    text = (DEPLOY / unit).read_text(encoding="utf-8")
    line = re.search(r"^ExecStart=(.+)$", text, re.MULTILINE).group(1)  # type: ignore[union-attr]
    line = line.replace(INSTALLED, str(BIN) + "/").replace("%i", instance)
    line = line.replace("%H", socket.gethostname())
    return [re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], word) for word in line.split()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(what: str, check: Callable[[], bool], timeout: float,
             alive: Callable[[], None] = lambda: None, every: float = 0.1) -> None:
    """Poll `check` until true; `alive` raises when a process it waits on died. The timeouts
    are generous: CI's 2 cores run other test files at the same time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive()
        if check():
            return
        time.sleep(every)
    raise TimeoutError(f"{what}: not within {timeout:.0f} s")


class Process:
    """A command in a session of its own, its output in a log file."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], logs: Path) -> None:
        self.name, self.command, self.env = name, command, env
        self.log = logs / f"{name}.log"
        self.popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=out,
                                          stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def alive(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            raise RuntimeError(f"{self.name} exited: {self.tail()}")

    def tree(self) -> list[psutil.Process]:
        """The process and every descendant (an RQ work horse is in a group of its own)."""
        try:
            main = psutil.Process(self.pid)
            return [main, *main.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def kill(self) -> None:
        """SIGKILL to it and all its descendants: nothing gets to clean up."""
        if self.popen is None:
            return
        for process in self.tree():
            try:
                process.send_signal(signal.SIGKILL)
            except psutil.NoSuchProcess:
                pass
        self.popen.wait(timeout=10)
        self.popen = None

    def terminate(self, timeout: float = 15) -> int | None:
        """SIGTERM to the main process only (systemd's KillMode=mixed); its exit code."""
        assert self.popen is not None
        self.popen.send_signal(signal.SIGTERM)
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def tail(self, lines: int = 60) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - 127.0.0.1
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    """This process's environment minus the app's settings, plus `extra`: a stack configured
    by the environment file only."""
    keep = {k: v for k, v in os.environ.items()
            if not k.startswith(("PARCOURS_", "AWS_", "PROMETHEUS_"))
            and k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY")}
    return {**keep, **extra}
