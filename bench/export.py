"""Cohort export: time to build the ZIP of N participants' PDFs, with one render worker and with
one per core (nothing cached: every PDF is rendered)."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from .common import Row

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ["association_jeune.json", "entreprise_moyenne.json", "collectivite.json"]


def _cohort(app, size: int) -> int:  # type: ignore[no-untyped-def]
    from parcours.auth.services import create_user
    from parcours.engine import check_answers
    from parcours.journey import services as journey
    from parcours.journey.navigation import progress
    from parcours.services import cohorts as membership
    from parcours.services.questionnaires import questionnaire
    from parcours.trainer import services as cohorts

    q = questionnaire()
    trainer = create_user(f"bench{size}@example.org", "bench-password", "trainer")
    cohort = cohorts.create_cohort(trainer, f"Bench {size}", None, None, "fr")
    answers = [check_answers(q, json.loads((ROOT / "questionnaires/adoc/examples" / name)
                                           .read_text())["answers"]) for name in EXAMPLES]
    for n in range(size):
        chosen = answers[n % 3]
        diagnostic = journey.start(q, f"Organisation {n:03d}", chosen["profil_type"], "fr")
        journey.save_answers(diagnostic.diagnostic, chosen, set(), progress(q, chosen).percent)
        journey.complete(diagnostic.diagnostic, q)
        membership.join(diagnostic.diagnostic, cohort)
    return cohort.id


def export_seconds(size: int, workers: int) -> float:
    """Wall-clock seconds of one export of `size` participants with `workers` render processes."""
    from flask_migrate import upgrade

    from parcours import create_app
    from parcours.infra.extensions import db
    from parcours.models import Cohort
    from parcours.trainer.exports import create_export, run_export

    folder = tempfile.mkdtemp(prefix="bench-export-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                      "SECRET_KEY": "bench", "EXPORT_WORKERS": workers, "PDF_PRERENDER": False,
                      "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 1024})
    with app.app_context():
        upgrade()
        cohort = db.session.get(Cohort, _cohort(app, size))
        job = create_export(cohort, cohort.trainer_id)
        app.extensions["parcours_export_pool"].render("<p>warm-up</p>")  # workers started
        started = time.perf_counter()
        run_export(job.id)
        elapsed = time.perf_counter() - started
        assert job.status == "done" and job.report["pdfs"] == size, job.report
        app.extensions["parcours_export_pool"].close()
        db.engine.dispose()
    return elapsed


def run(sizes: tuple[int, ...] = (10, 100, 300)) -> tuple[list[Row], list[str]]:
    """Export time for each size on every core, and the speed-up over one worker."""
    cores = os.cpu_count() or 1
    rows, notes, per_pdf = [], [], []
    for size in sizes:
        many = export_seconds(size, cores)
        one = export_seconds(size, 1)
        speedup = one / many
        per_pdf.append(many / size)
        rows.append(Row(f"cohort export, {size} participants ({cores} workers)",
                        f"{many:.1f} s", f"1 worker {one:.1f} s", f"{speedup:.2f} ×",
                        f"speed-up ≥ 1.7 × on {cores} cores", speedup >= 1.7))
    # Linear growth: a PDF costs no more in the largest cohort than in the smallest (the fixed
    # start-up cost makes small cohorts a little dearer per PDF, which is not a growth problem).
    linear = per_pdf[-1] / per_pdf[0]
    rows.append(Row("export time per PDF, largest cohort / smallest",
                    f"{per_pdf[-1] * 1000:.0f} ms", f"{per_pdf[0] * 1000:.0f} ms",
                    f"{linear:.2f} ×", "≤ 1.3 × (time grows linearly)", linear <= 1.3))
    notes.append("exports render every PDF (nothing in the cache), HTML prepared in the job, "
                 "rendering spread over the export pool's processes")
    return rows, notes


if __name__ == "__main__":
    import sys

    for size in (int(arg) for arg in sys.argv[1:]):
        print(f"{size} participants: {export_seconds(size, os.cpu_count() or 1):.1f} s")
