"""No cell of a CSV the app writes can be read as a formula by a spreadsheet (OWASP's advice:
a cell that starts with = + - @ TAB or CR gets a leading single quote)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from flask import Flask

from parcours.infra.extensions import db
from parcours.models import Cohort, Diagnostic
from parcours.trainer import exports

from .participant import example
from .people import cohort, diagnostic, login, user

PACKAGE = Path(__file__).resolve().parents[2] / "parcours"
PAYLOADS = ['=HYPERLINK("http://evil.example","clic")', "+1+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+9)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1",
            "=1+1"]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _cells(data: bytes, delimiter: str = ",") -> list[str]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""),
                           delimiter=delimiter))
    return [cell for row in rows[1:] for cell in row]


def _check(cells: list[str]) -> int:
    """How many cells a spreadsheet would run as formulas (every payload must be there,
    run or quoted)."""
    for payload in PAYLOADS:
        assert any(cell.lstrip("'") in (payload, payload.strip()) for cell in cells), payload
    return sum(cell.startswith(DANGEROUS) for cell in cells)


def test_no_csv_cell_starts_a_formula(app: Flask) -> None:
    user(app, "f@example.org")
    group = cohort(app, "f@example.org")
    for payload in PAYLOADS:
        answers = dict(example("association_jeune.json")["answers"])
        answers["vision_commentaire"] = answers["gestion_commentaire"] = payload
        diagnostic(app, payload, group, answers=answers)
    client = app.test_client()
    login(client, "f@example.org")
    dangerous = {
        "reponses.csv": _check(_cells(client.get(f"/formateur/groupes/{group}/reponses.csv")
                                      .data)),
        "reponses.csv ;": _check(_cells(client.get(
            f"/formateur/groupes/{group}/reponses.csv?sep=;").data, ";")),
    }
    with app.app_context():
        found = db.session.query(Cohort).filter_by(public_id=group).one()
        completed = db.session.query(Diagnostic).filter_by(cohort_id=found.id).all()
        dangerous["scores.csv"] = _check(_cells(exports.scores_csv(completed, "fr")))
    assert dangerous == {"reponses.csv": 0, "reponses.csv ;": 0, "scores.csv": 0}


def test_every_csv_is_written_by_the_one_helper() -> None:
    writers = [path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
               if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))]
    assert writers == ["web/csvfiles.py"]
