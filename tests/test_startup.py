"""What a process pays to start: a web worker, the CLI and `make run` never load WeasyPrint (the
render workers do, after their memory cap: reports/pdf.py)."""

from __future__ import annotations

import subprocess  # noqa: S404 - a fresh interpreter, to see what importing the app loads
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = """
import sys
from parcours import create_app
create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://", "PDF_PRERENDER": False})
print(sorted(m for m in sys.modules if m.split(".")[0] in ("weasyprint", "pydyf", "tinycss2")))
"""


def test_the_web_app_starts_without_weasyprint() -> None:
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]", done.stdout
