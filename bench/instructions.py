"""Instructions per question page (GET) and per answer save (POST), counted by valgrind's
callgrind: the same count every run, whatever else the machine is doing, where requests per
second moved by 15 % from one run to the next on a shared machine (bench/RESULTS.md).

`python -m bench.instructions [--code DIR] [--requests N]` starts this file again under
`valgrind --tool=callgrind` (Debian's valgrind package) with counting off, seeds
`bench.web.seed`'s participants, makes a few requests through the Flask test client to warm
up, then counts N requests of each kind (gunicorn is not in the count: its share is the bare
route's too). `--code /path/to/a/checkout` counts that version the same way: the « before ».
Two runs of one version agree to about 0.2 %; each takes about a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]


def _count(what: str, requests: int) -> None:
    """Inside valgrind: seed, warm up, then count `requests` requests of `what` (get, post)."""
    from bench import web  # the checkout's own (the script runs by its path: see count)

    folder = tempfile.mkdtemp(prefix="bench-instructions-")
    key = "instructions-" * 4
    database = f"sqlite:///{folder}/bench.db"
    setup = web.seed(database, key)
    os.environ.update({"DATABASE_URL": database, "SECRET_KEY": key, "PARCOURS_ENV": "production",
                       "PARCOURS_INSECURE_COOKIES": "1",
                       "PARCOURS_PUBLIC_URL": "http://127.0.0.1"})
    from app import app

    chosen = setup["gets"] if what == "get" else setup["posts"]
    clients: dict[str, Any] = {}

    def one(path: str, body: str | None, cookie: str) -> None:
        client = clients.get(cookie)
        if client is None:
            client = clients[cookie] = app.test_client()
            client.set_cookie("session", cookie.split("=", 1)[1], domain="127.0.0.1")
        if body:
            response = client.post(path, base_url="http://127.0.0.1", data=body, headers={
                "Content-Type": "application/x-www-form-urlencoded"})
        else:
            response = client.get(path, base_url="http://127.0.0.1")
        assert response.status_code in (200, 302), (path, response.status_code)

    for request in chosen[:40]:
        one(*request)
    control = ["callgrind_control", "--instr={}", str(os.getpid())]
    subprocess.run([part.format("on") for part in control], check=True, capture_output=True)
    for n in range(requests):
        one(*chosen[n % len(chosen)])
    subprocess.run([part.format("off") for part in control], check=True, capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)


def count(what: str, requests: int, code: Path = HERE) -> float:
    """Instructions per request of `what`, for the code of the checkout `code`."""
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no",
             f"--callgrind-out-file={out}/callgrind.out", sys.executable,
             str(Path(__file__).resolve()), "--inside", what, "--requests", str(requests)],
            cwd=code, env={**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(code)},
            capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode or found is None:
        raise RuntimeError(f"callgrind counted nothing:\n{done.stderr[-2000:]}")
    return int(found.group(1)) / requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, help="count the code of this checkout too")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--inside", choices=["get", "post"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        _count(args.inside, args.requests)
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is missing (`apt-get install valgrind`)")
    figures: dict[str, float] = {}
    for what in ("get", "post"):
        figures[what] = round(count(what, args.requests))
        if args.code:
            figures[f"{what}_code"] = round(count(what, args.requests, args.code.resolve()))
            figures[f"{what}_ratio"] = round(figures[what] / figures[f"{what}_code"], 3)
    print(json.dumps(figures))


if __name__ == "__main__":
    if __package__ in (None, ""):  # run by its path, inside valgrind: the checkout's modules
        sys.path[:] = [entry for entry in sys.path
                       if Path(entry or ".").resolve() != HERE / "bench"]
    main()
