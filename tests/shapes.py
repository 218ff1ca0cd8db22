"""The questionnaires kept for tests in tests/questionnaires/: the Boussole numérique, of another
shape than A.D.O.C., a folder that fails validation, a chain of questions revealing one
another and a folder written for format 1; and a QUESTIONNAIRES_DIR made of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ADOC = ROOT / "questionnaires" / "adoc"
NUMERIQUE = ROOT / "tests" / "questionnaires" / "numerique"
INVALID = ROOT / "tests" / "questionnaires" / "invalid"
CHAINE = ROOT / "tests" / "questionnaires" / "chaine"  # questions revealing one another
FORMAT1 = ROOT / "tests" / "questionnaires" / "format1"  # written for format 1 (`medoc`)


def numerique_example() -> dict[str, Any]:
    """The Boussole's example answers file (every question answered, global 56.4)."""
    return json.loads((NUMERIQUE / "examples" / "mixte.json").read_text(encoding="utf-8"))


def questionnaires_dir(root: Path, *folders: Path) -> Path:
    """A folder for QUESTIONNAIRES_DIR holding links to these questionnaire folders."""
    root.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        (root / folder.name).symlink_to(folder, target_is_directory=True)
    return root
