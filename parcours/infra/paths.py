"""Where the project's files are: the folder holding templates/, static/, questionnaires/,
migrations/ and instance/."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
