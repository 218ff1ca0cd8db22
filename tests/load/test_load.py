"""Load: locust participants against gunicorn; no failed request, no lost answer.

CI runs a small version (PARCOURS_LOAD_USERS=20 for PARCOURS_LOAD_SECONDS=30, on both databases:
it holds both cores meanwhile); docs/development.md says how to run a large one. Traffic goes to
127.0.0.1 only, bounded in users and time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .server import ROOT, Gunicorn, free_port
from .test_crash import answers_in_database

USERS = int(os.environ.get("PARCOURS_LOAD_USERS", "20"))
SECONDS = int(os.environ.get("PARCOURS_LOAD_SECONDS", "30"))


def test_participants_under_load_lose_nothing(migrated_url: str, tmp_path: Path) -> None:
    acks = tmp_path / "acks.jsonl"
    # participants come from many addresses, which locust gives through X-Forwarded-For
    server = Gunicorn(migrated_url, free_port(), workers=3, env={"PARCOURS_TRUSTED_PROXIES": "1"})
    server.start()
    try:
        locust = Path(sys.executable).parent / "locust"
        done = subprocess.run(
            [str(locust), "-f", str(ROOT / "tests/load/locustfile.py"), "--headless",
             "-u", str(USERS), "-r", str(max(1, USERS // 5)), "-t", f"{SECONDS}s",
             "--host", f"http://127.0.0.1:{server.port}", "--only-summary",
             "--json", "--stop-timeout", "30"],
            cwd=ROOT, env={**os.environ, "PARCOURS_ACK_FILE": str(acks)},
            capture_output=True, text=True, timeout=SECONDS + 120)
    finally:
        server.stop()
    stats = json.loads(done.stdout)
    requests = sum(entry["num_requests"] for entry in stats)
    failures = sum(entry["num_failures"] for entry in stats)
    print(f"locust: {USERS} users, {SECONDS} s, {requests} requests, {failures} failures")
    assert requests > USERS * 10, done.stderr[-2000:]
    assert failures == 0, done.stderr[-3000:]
    acknowledged = [json.loads(line) for line in acks.read_text().splitlines()]
    assert acknowledged, "no answer was acknowledged"
    by_diagnostic: dict[str, list[dict]] = {}
    for ack in acknowledged:
        by_diagnostic.setdefault(ack["diagnostic"], []).append(ack)
    lost = [ack for public_id, items in by_diagnostic.items()
            for stored in [answers_in_database(migrated_url, public_id)]
            for ack in items if stored.get(ack["question"]) != ack["value"]]
    print(f"acknowledged answers: {len(acknowledged)} in {len(by_diagnostic)} diagnostics")
    assert lost == [], f"{len(lost)} acknowledged answers not in the database"
