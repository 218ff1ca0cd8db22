"""MkDocs hooks (mkdocs.yml): the questionnaire author's guide has one source.

It is questionnaires/README.md, beside the files it describes and named by the app's own warnings
(« Format changelog »); the site publishes that file as questionnaires.md rather than a copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

GUIDE = Path(__file__).resolve().parents[1] / "questionnaires" / "README.md"


def on_files(files: Files, config: Any) -> Files:
    """Add questionnaires/README.md to the site as questionnaires.md."""
    files.append(File.generated(config, "questionnaires.md", abs_src_path=str(GUIDE)))
    return files
