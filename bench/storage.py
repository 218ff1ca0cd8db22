"""Disk and database growth per 1,000 completions with their PDF (issue 28, item 1): how much the
database grows, and how much the file store, when organisations complete and their roadmap is
rendered and stored (one PDF each, in French, as the background render leaves it).

`python -m bench.storage [--code DIR] [--database URL] [--completions N]` completes N
diagnostics answered like an example (services, no HTTP), renders each one's PDF through the one
report service, and prints the growth of the database (SQLite: its file after a checkpoint;
PostgreSQL: `pg_database_size`) and of the store's folder, scaled to 1,000 completions. With
`--code /path/to/an/older/checkout` it measures that version (PDFs in the database) with the
same steps: the « before » of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
EXAMPLE = HERE / "questionnaires" / "adoc" / "examples" / "association_jeune.json"


def _database_size(app) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from parcours.infra.extensions import db

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            raw = db.engine.raw_connection()
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.close()
            return Path(db.engine.url.database or "").stat().st_size
        db.session.execute(text("CHECKPOINT"))
        return int(db.session.scalar(text("SELECT pg_database_size(current_database())")))


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run(database: str | None, completions: int) -> dict[str, float]:
    """Bytes of database and of store per 1,000 completions, and the mean PDF."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from parcours import create_app
    from parcours.engine import check_answers
    from parcours.infra.extensions import db
    from parcours.journey import services as journey
    from parcours.journey.navigation import progress
    from parcours.reports.cache import find
    from parcours.reports.service import fetch
    from parcours.services.questionnaires import questionnaire

    folder = Path(tempfile.mkdtemp(prefix="bench-storage-"))
    url = database or f"sqlite:///{folder / 'bench.db'}"
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "STORAGE_URL": str(folder / "files"), "PDF_PRERENDER": False,
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        if database:  # an empty PostgreSQL database of its own
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
    answers = json.loads(EXAMPLE.read_text(encoding="utf-8"))["answers"]
    # one first completion warms the render worker and the tables' first pages
    sizes, pdf_bytes = [], 0
    for index in range(completions + 1):
        if index == 1:
            sizes = [_database_size(app), _folder_size(folder / "files")]
        with app.app_context():
            q = questionnaire()
            started = journey.start(q, f"Association numéro {index}", answers["profil_type"],
                                    "fr")
            checked = check_answers(q, answers)
            journey.save_answers(started.diagnostic, checked, set(), progress(q, checked).percent)
            journey.complete(started.diagnostic, q)
            fetched = fetch(find(started.diagnostic.public_id), "fr")
            if index:
                pdf_bytes += len(fetched.data or b"")
    grown = [_database_size(app) - sizes[0], _folder_size(folder / "files") - sizes[1]]
    app.extensions["parcours_render_pool"].close()
    with app.app_context():
        db.engine.dispose()
    scale = 1000 / completions
    return {"database": grown[0] * scale, "files": grown[1] * scale,
            "pdf": pdf_bytes / completions}


def migration_seconds(database: str | None, pdfs: int = 1000, size: int = 114_000) -> float:
    """Seconds that migration d4f6b8c0e2a4 takes to move `pdfs` PDFs of `size` bytes from the
    database to a folder store, then drop the columns (`flask db upgrade` on an old database)."""
    import os
    import time
    from datetime import UTC, datetime

    import sqlalchemy as sa
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from parcours import create_app
    from parcours.infra.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="bench-migration-"))
    url = database or f"sqlite:///{folder / 'bench.db'}"
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "STORAGE_URL": str(folder / "files"), "RATELIMIT_ENABLED": False})
    json_answers = json.loads(EXAMPLE.read_text(encoding="utf-8"))["answers"]
    with app.app_context():
        if database:
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        from parcours.journey import services as journey
        from parcours.services.questionnaires import questionnaire

        q = questionnaire()
        diagnostic_id = journey.start(q, "Association", json_answers["profil_type"],
                                      "fr").diagnostic.id
        db.session.remove()
        downgrade(revision="c3e5a7b9d1f2")
        table = sa.table("rendered_pdf", sa.column("key"), sa.column("diagnostic_id"),
                         sa.column("lang"), sa.column("data", sa.LargeBinary),
                         sa.column("created_at"))
        now = datetime.now(UTC)
        for start in range(0, pdfs, 100):
            db.session.execute(table.insert(), [
                {"key": f"{n:064x}", "diagnostic_id": diagnostic_id, "lang": "fr",
                 "data": os.urandom(size), "created_at": now}
                for n in range(start, min(start + 100, pdfs))])
            db.session.commit()
        db.session.remove()
        began = time.perf_counter()
        upgrade()
        seconds = time.perf_counter() - began
        db.engine.dispose()
    app.extensions["parcours_render_pool"].close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", help="measure the parcours package of this checkout")
    parser.add_argument("--database", help="a PostgreSQL URL (emptied!); default SQLite")
    parser.add_argument("--completions", type=int, default=50)
    parser.add_argument("--migration", action="store_true",
                        help="time the migration that moves 1,000 PDFs out of the database")
    args = parser.parse_args()
    if args.code:
        sys.path.insert(0, args.code)
    if args.migration:
        print(json.dumps({"migration_seconds_per_1000": round(
            migration_seconds(args.database), 1)}))
        return
    found = run(args.database, args.completions)
    print(json.dumps({key: round(value) for key, value in found.items()}))


if __name__ == "__main__":
    main()
