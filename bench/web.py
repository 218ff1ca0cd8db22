"""Requests per second under gunicorn: a stage page (GET) and an answer save (POST), against a
bare Flask route returning a constant served with the same settings (bench/anchor.py).

wrk (Debian's package; `make bench` installs it when it can) keeps 20 connections busy, each
sending its next request as soon as the last one is answered. The app runs with its embedded
defaults: SQLite in a temporary folder, 2 × cores + 1 sync workers (parcours/gunicorn_conf.py).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .common import Row

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "questionnaires" / "adoc" / "examples" / "entreprise_moyenne.json"
CONNECTIONS = 20
PARTICIPANTS = 20  # as many as one browser session remembers (parcours.web.browser.MAX_REMEMBERED)
SAVED_PAGE = "vision_enjeux_section"
TOGGLED = "vision_enjeux_sources"  # a multiple choice: posted ticked, then posted empty (cleared)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str]) -> Iterator[str]:
    """gunicorn with parcours/gunicorn_conf.py, in its own process group; yields its base URL."""
    port = _free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:parcours.gunicorn_conf",
         "--access-logfile", "/dev/null", app_spec],
        cwd=ROOT, env={**os.environ, **env, "PARCOURS_BIND": f"127.0.0.1:{port}"},
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5)  # noqa: S310 - our server
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"gunicorn {app_spec} did not start") from None
                time.sleep(0.2)
        _SERVERS[base] = process.pid
        yield base
    finally:
        _SERVERS.pop(base, None)
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass  # the group had already stopped: gunicorn failed to start, said above
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


_SERVERS: dict[str, int] = {}  # base URL → gunicorn master's pid, while it runs
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _times(pid: int, children: bool) -> float:
    """A process's CPU seconds (with those of its reaped children when `children`)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0  # gone meanwhile: a recycled worker, counted by its master once reaped
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / _TICK


def cpu_seconds(base: str) -> float:
    """CPU seconds used so far by the server at `base`: its master, its live workers and the
    workers it recycled. Unlike requests per second, this barely moves when other programs
    share the cores (Linux only; 0 elsewhere)."""
    master = _SERVERS.get(base)
    if master is None or not os.path.isdir("/proc"):
        return 0.0
    total = _times(master, True)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if parent == master:
                total += _times(int(entry), False)
    return total


def wrk_path() -> str | None:
    return shutil.which("wrk")


Request = tuple[str, "str | None", str]  # path, form body (None: a GET), cookie


def _lua(requests: list[Request]) -> str:
    """A wrk script cycling through the requests and reporting p95 as JSON."""
    def literal(text: str) -> str:
        assert "]==]" not in text
        return f"[==[{text}]==]"

    items = ",\n".join(
        f"{{{literal(path)}, {literal(body) if body else 'nil'}, {literal(cookie)}}}"
        for path, body, cookie in requests)
    return f"""
local items = {{
{items}
}}
local n = 0
request = function()
  n = n + 1
  local item = items[(n % #items) + 1]
  local headers = {{ ["Cookie"] = item[3] }}
  if item[2] then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", item[1], headers, item[2])
  end
  return wrk.format("GET", item[1], headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\n{{"requests": %d, "seconds": %f, "p50_ms": %f, "p95_ms": %f, "p99_ms": %f, '
    .. '"status_errors": %d, "socket_errors": %d}}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


def wrk(base: str, requests: list[Request], seconds: float) -> dict[str, float]:
    """Run wrk against `base` and return its figures (requests/s, latency percentiles, errors)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(requests))
    cpu_before = cpu_seconds(base)
    try:
        out = subprocess.run(
            [wrk_path() or "wrk", "-t1", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s",
             "--timeout", "10s", "-s", script.name, base],
            capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    finally:
        os.unlink(script.name)
    figures: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    figures["cpu_ms"] = (cpu_seconds(base) - cpu_before) * 1000 / max(figures["requests"], 1)
    figures["rate"] = figures["requests"] / figures["seconds"]
    return figures


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html)
    assert found, f"no hidden field {name}"
    return found.group(1)


def seed(database: str, secret: str) -> dict[str, Any]:
    """Participants halfway through (profil and vision answered, from an example), each with
    its own browser session, and the requests to replay."""
    from flask_migrate import upgrade
    from sqlalchemy import select

    from parcours import create_app
    from parcours.infra.extensions import db
    from parcours.journey import services
    from parcours.journey.navigation import pages
    from parcours.models import Diagnostic
    from parcours.services.questionnaires import questionnaire

    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": secret,
                      "SESSION_COOKIE_SECURE": False, "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        sections = [page.section.id for page in pages(questionnaire())]
    answers = json.loads(EXAMPLE.read_text(encoding="utf-8"))["answers"]
    done = {qid: value for qid, value in answers.items() if qid.startswith(("profil_", "vision_"))}
    gets: list[Request] = []
    posts: list[Request] = []
    emptied_posts: list[Request] = []
    for n in range(PARTICIPANTS):
        client = app.test_client()
        page = client.get("/commencer").get_data(as_text=True)
        response = client.post("/commencer", data={
            "csrf_token": _hidden(page, "csrf_token"), "name": f"Organisation {n}",
            "kind": "entreprise"})
        public_id = response.headers["Location"].split("/d/")[1].split("/")[0]
        with app.app_context():
            diagnostic = db.session.scalar(select(Diagnostic).where(
                Diagnostic.public_id == public_id))
            assert diagnostic is not None
            services.save_answers(diagnostic, done, set(), 40, "fr")
        url = f"/d/{public_id}/etape/{SAVED_PAGE}"
        page = client.get(url).get_data(as_text=True)
        cookie = client.get_cookie("session")
        assert cookie is not None
        session = f"session={cookie.value}"
        shown = _hidden(page, "questions").split(",")
        fields = {"csrf_token": _hidden(page, "csrf_token"), "questions": ",".join(shown),
                  "revisions": "", "action": "next"}
        ticked = {**fields, **{qid: done[qid] for qid in shown}}
        emptied = {key: value for key, value in ticked.items() if key != TOGGLED}
        posts.append((url, urllib.parse.urlencode(ticked, doseq=True), session))
        emptied_posts.append((url, urllib.parse.urlencode(emptied, doseq=True), session))
        # each participant's pages, starting at a different one
        gets += [(f"/d/{public_id}/etape/{sections[(n + k) % len(sections)]}", None, session)
                 for k in range(len(sections))]
    app.extensions["parcours_render_pool"].close()
    with app.app_context():
        db.engine.dispose()
    # each participant in turn: its page posted with the box ticked, then (next round) emptied
    return {"gets": gets, "posts": posts + emptied_posts, "sections": len(sections)}


def check(base: str, requests: list[Request]) -> set[int]:
    """The status of each request once, so that a broken setup is not timed."""
    statuses = set()
    for path, body, cookie in requests:
        request = urllib.request.Request(  # noqa: S310 - our server on 127.0.0.1
            base + path, data=body.encode() if body else None, headers={"Cookie": cookie})
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=30) as response:
                statuses.add(response.status)
        except urllib.error.HTTPError as err:
            statuses.add(err.code)
    return statuses


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


ROUNDS = 3  # the anchor, the page and the save in turn, this many times


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def run(seconds: float = 15.0) -> tuple[list[Row], list[str]]:
    if wrk_path() is None:
        return [], ["requests/s: not measured, wrk is missing (`apt-get install wrk`)"]
    folder = tempfile.mkdtemp(prefix="bench-web-")
    key = secrets.token_urlsafe(32)
    database = f"sqlite:///{folder}/bench.db"
    setup = seed(database, key)
    env = {"DATABASE_URL": database, "SECRET_KEY": key, "PARCOURS_INSECURE_COOKIES": "1",
           "PARCOURS_ENV": "production", "PARCOURS_PUBLIC_URL": "http://127.0.0.1"}
    # Both servers stay up (an idle one costs nothing) and are measured in turn, a third of
    # the time each round: a machine whose speed drifts (a shared one does, by 15 % over a
    # minute) moves the anchor and the app alike, and each round gives its own ratios.
    rounds: list[tuple[dict[str, float], dict[str, float], dict[str, float]]] = []
    with gunicorn("bench.anchor:app", env) as bare, gunicorn("app:app", env) as base:
        assert check(base, setup["gets"]) == {200}
        assert check(base, setup["posts"]) <= {200, 302}
        wrk(bare, [("/", None, "")], 2)  # warm-up
        wrk(base, setup["gets"], 2)
        for _ in range(ROUNDS):
            rounds.append((wrk(bare, [("/", None, "")], seconds / ROUNDS),
                           wrk(base, setup["gets"], seconds / ROUNDS),
                           wrk(base, setup["posts"], seconds / ROUNDS)))
    shutil.rmtree(folder, ignore_errors=True)
    # each figure is the median of its rounds; each ratio, the median of the rounds' ratios
    anchor, page, save = ({name: _median([one[kind][name] for one in rounds])
                           for name in rounds[0][kind]} for kind in range(3))
    page_ratio = _median([one[1]["rate"] / one[0]["rate"] for one in rounds])
    save_ratio = _median([one[2]["rate"] / one[0]["rate"] for one in rounds])
    save["status_errors"] = sum(one[2]["status_errors"] for one in rounds)
    save["socket_errors"] = sum(one[2]["socket_errors"] for one in rounds)
    page["status_errors"] = sum(one[1]["status_errors"] for one in rounds)
    workers = os.cpu_count() or 1
    rows = []
    ratio = page_ratio
    rows.append(Row(
        "stage page GET under gunicorn, requests/s (p95)",
        f"{page['rate']:,.0f}/s (p95 {page['p95_ms']:.0f} ms)",
        f"bare route {anchor['rate']:,.0f}/s (p95 {anchor['p95_ms']:.0f} ms)",
        f"{ratio:.2f}", "≥ 0.30; p95 ≤ 50 ms",
        ratio >= 0.30 and page["p95_ms"] <= 50 and page["status_errors"] == 0))
    ratio = save_ratio
    errors = save["status_errors"] + save["socket_errors"]
    rows.append(Row(
        "answer-save POST under gunicorn, requests/s (p95)",
        f"{save['rate']:,.0f}/s (p95 {save['p95_ms']:.0f} ms), {errors} errors",
        f"bare route {anchor['rate']:,.0f}/s", f"{ratio:.2f}", "≥ 0.20; no error",
        ratio >= 0.20 and errors == 0))
    notes: list[str] = []
    cpu = {name: figures["cpu_ms"] for name, figures in
           (("anchor", anchor), ("page", page), ("save", save))}
    if cpu["anchor"] and cpu["page"] and cpu["save"]:
        notes.append(
            f"server CPU per request (master and workers, from /proc; steadier than requests/s "
            f"on a shared machine): bare route {cpu['anchor']:.2f} ms, page GET "
            f"{cpu['page']:.2f} ms ({cpu['anchor'] / cpu['page']:.2f} of the bare route's "
            f"rate at equal CPU), save POST {cpu['save']:.2f} ms "
            f"({cpu['anchor'] / cpu['save']:.2f})")
    each = {kind: ", ".join(f"{one[kind]['rate'] / one[0]['rate']:.2f}" for one in rounds)
            for kind in (1, 2)}
    notes[:0] = [f"requests/s: wrk, {CONNECTIONS} connections, {seconds:.0f} s each, in {ROUNDS} "
             "rounds of the bare route, the page and the save in turn (figures and ratios: the "
             f"medians of the rounds'; the page's ratios {each[1]}, the save's {each[2]}); "
             "gunicorn with "
             f"{2 * workers + 1} sync workers on {workers} cores, SQLite; {PARTICIPANTS} "
             "participants halfway through, each with its own session; GET cycling over their "
             f"{setup['sections']} pages; POST saving a page of 4 answers (one of them ticked, "
             "then emptied, in turn)"]
    return rows, notes
