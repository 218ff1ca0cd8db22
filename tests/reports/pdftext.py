"""Reading a PDF back: its text, pages, metadata and structure (pypdf, and pdftotext if present)."""

from __future__ import annotations

import io
import shutil
import subprocess

from pypdf import PdfReader


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def text(data: bytes) -> str:
    """The document's text: poppler's pdftotext when installed (better layout), else pypdf."""
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", "-q", "-", "-"], input=data, capture_output=True,
                              check=True, timeout=60)
        return done.stdout.decode("utf-8")
    return "\n".join(page.extract_text() or "" for page in reader(data).pages)


def flat(value: str) -> str:
    """Text with line breaks, hyphenation and runs of spaces folded, for phrase searches."""
    for hyphen in ("\u2010\n", "\u00ad\n", "-\n"):  # hyphenation at a line end
        value = value.replace(hyphen, "")
    return " ".join(value.replace("\u00ad", "").split())


def squash(value: str) -> str:
    """Text without spaces or hyphens of any kind: robust to line breaks and hyphenation."""
    return "".join(ch for ch in value if not ch.isspace() and ch not in "-\u2010\u2011\u00ad")
