"""/metrics under gunicorn's several workers (issue 28, item 4): with PROMETHEUS_MULTIPROC_DIR,
a scrape adds up what every worker counted, whichever worker answers it, and a worker that
ends (recycled, killed) takes none of its counts away."""

from __future__ import annotations

import os
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from .server import Gunicorn, free_port

TOKEN = "scraper-token-for-the-worker-test"  # noqa: S105 - a test's token


def unmatched_count(base: str) -> float:
    """The requests to a path no route has, as a scrape adds them up (no one else asks one:
    gunicorn's start in server.py asks /healthz until it answers, and a late answer would
    count)."""
    request = urllib.request.Request(f"{base}/metrics",  # noqa: S310 - our server
                                     headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our server
        text = response.read().decode()
    return sum(sample.value for family in text_string_to_metric_families(text)
               for sample in family.samples
               if sample.name == "parcours_http_requests_total"
               and sample.labels["route"] == "<unmatched>" and sample.labels["status"] == "404")


def workers_of(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def test_a_scrape_adds_up_every_workers_counts(migrated_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "prometheus"
    folder.mkdir()
    server = Gunicorn(migrated_url, free_port(), workers=3, env={
        "PROMETHEUS_MULTIPROC_DIR": str(folder), "PARCOURS_METRICS_TOKEN": TOKEN})
    server.start()
    base = f"http://127.0.0.1:{server.port}"
    try:
        assert unmatched_count(base) == 0
        for i in range(60):
            try:
                urllib.request.urlopen(f"{base}/no-such-page-{i}", timeout=30)  # noqa: S310
            except urllib.error.HTTPError as err:
                assert err.code == 404
        counted = [unmatched_count(base) for _ in range(6)]  # whichever worker answers
        assert counted == [60] * 6
        counting = {path.name.split("_")[-1] for path in folder.glob("counter_*.db")}
        assert len(counting) >= 2, counting  # several workers did count

        assert server.process is not None
        victim = workers_of(server.process.pid)[0]
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while victim in workers_of(server.process.pid) or \
                len(workers_of(server.process.pid)) < 3:
            assert time.monotonic() < deadline, "gunicorn did not replace its worker"
            time.sleep(0.2)
        assert unmatched_count(base) == 60  # the dead worker's counts remain
    finally:
        server.stop()
