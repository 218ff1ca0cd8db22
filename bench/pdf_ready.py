"""From a completion to a ready PDF (issue 26): the participant presses « Terminer », the
results page opens, and the roadmap renders in the background (`prerender_pdf`); how long until
the PDF is stored, so that « Télécharger » is a cache hit?

Twenty completions in a row, each of a diagnostic answered like an example, through the test
client (the same view as a browser's POST), with the app's in-process job runner and one render
worker, as one web process has. `python -m bench.pdf_ready` prints the figures and writes them
under their own heading in bench/RESULTS.md.
"""

from __future__ import annotations

import json
import re
import statistics
import tempfile
import time
from pathlib import Path

from .common import RESULTS, Row

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "questionnaires" / "adoc" / "examples" / "association_jeune.json"
COMPLETIONS = 20
HEADING = "## From a completion to a ready PDF"


def _completed_in(app, client, index: int) -> float:  # type: ignore[no-untyped-def]
    """Seconds from « Terminer » to the rendered PDF stored, for one new diagnostic."""
    from parcours.engine import check_answers
    from parcours.infra.extensions import db
    from parcours.journey import services as journey
    from parcours.journey.navigation import progress
    from parcours.models import RenderedPdf
    from parcours.services.questionnaires import questionnaire

    with app.app_context():
        q = questionnaire()
        answers = json.loads(EXAMPLE.read_text(encoding="utf-8"))["answers"]
        started = journey.start(q, f"Association {index}", answers["profil_type"], "fr")
        checked = check_answers(q, answers)
        journey.save_answers(started.diagnostic, checked, set(), progress(q, checked).percent)
        public_id, diagnostic_id = started.diagnostic.public_id, started.diagnostic.id
    client.get(f"/reprendre/{started.token}")
    review = client.get(f"/d/{public_id}/revue").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', review).group(1)
    began = time.perf_counter()
    assert client.post(f"/d/{public_id}/terminer", data={"csrf_token": token}).status_code == 302
    while True:
        with app.app_context():
            if db.session.query(RenderedPdf.key).filter_by(diagnostic_id=diagnostic_id).first():
                return time.perf_counter() - began
        if time.perf_counter() - began > 120:
            raise TimeoutError("no PDF two minutes after the completion")
        time.sleep(0.02)


def run(completions: int = COMPLETIONS) -> tuple[list[Row], list[str]]:
    """Median and worst time from a completion to a ready PDF over `completions` completions."""
    from flask_migrate import upgrade

    from parcours import create_app

    folder = Path(tempfile.mkdtemp())
    app = create_app({"SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
                      "RATELIMIT_ENABLED": False, "PDF_PRERENDER": True})
    with app.app_context():
        upgrade()
    client = app.test_client()
    times = [_completed_in(app, client, index) for index in range(completions)]
    median, worst = statistics.median(times), max(times)
    rows = [Row(f"completion → PDF ready, median of {completions} (worst)",
                f"{median * 1000:.0f} ms ({worst * 1000:.0f} ms)", "—", "—",
                "ready before a person clicks « Télécharger » (≈ 2 s)", worst < 2.0)]
    notes = [f"first completion (a cold render worker): {times[0] * 1000:.0f} ms; the others "
             f"are warm: {min(times[1:]) * 1000:.0f}–{max(times[1:]) * 1000:.0f} ms"
             if completions > 1 else ""]
    return rows, notes


def main() -> None:
    import os
    import platform
    from datetime import UTC, datetime

    rows, notes = run()
    row = rows[0]
    section = (f"{HEADING}\n\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} cores · "
               f"Python {platform.python_version()} · SQLite, in-process jobs, "
               f"one render worker\n\n"
               f"| figure | ours | target | met |\n|---|---|---|---|\n"
               f"| {row.figure} | {row.ours} | {row.target} | "
               f"{'yes' if row.met else '**no**'} |\n\n" + "".join(f"- {n}\n" for n in notes))
    text = RESULTS.read_text(encoding="utf-8")
    before = text.split(HEADING)[0].rstrip("\n")
    RESULTS.write_text(before + "\n\n" + section, encoding="utf-8")
    print(section)


if __name__ == "__main__":
    main()
