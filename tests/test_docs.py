"""The README is a front door (at most 150 lines, three screenshots, the guides one click away),
and no relative link of the README or of docs/ leads nowhere. `make docs` (mkdocs --strict, in
CI) checks the site's own links and anchors; this checks the files as GitHub shows them too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", ROOT / "questionnaires" / "README.md",
         *sorted((ROOT / "docs").glob("**/*.md"))]
# [text](target), ![alt](target), and the src/href of the README's <img> tags
LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|(?:src|href)=\"([^\"]+)\"")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def links(page: Path) -> list[str]:
    """The page's link targets, code blocks and code spans left out."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    text = "\n".join(line for line in text.splitlines() if not line.startswith("    "))
    text = re.sub(r"`[^`\n]*`", "", text)
    return [a or b for a, b in LINK.findall(text)]


def test_the_readme_is_a_front_door() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    assert "make run" in readme and "make test" in readme
    targets = links(ROOT / "README.md")
    for guide in ("docs/trainer.md", "docs/operator.md", "questionnaires/README.md",
                  "docs/architecture.md"):
        assert guide in targets, guide
    pictures = [t for t in targets if t.endswith(".png")]
    assert len(pictures) == 3
    for picture in pictures:
        assert (ROOT / picture).stat().st_size < 150_000, picture


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file(page: Path) -> None:
    broken = []
    for target in links(page):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue  # another site, a mail address, or an anchor of the same page
        path = target.split("#")[0]
        if page.parent == ROOT / "docs" and path == "questionnaires.md":
            path = "../questionnaires/README.md"  # docs/hooks.py publishes it under that name
        if not (page.parent / path).exists():
            broken.append(target)
    assert broken == []


def test_the_links_are_found() -> None:
    # a check that finds no link would pass on any page
    assert "docs/img/question-390.png" in links(ROOT / "README.md")
    assert "operator.md#e-mail" in links(ROOT / "docs" / "privacy.md")
    assert "questionnaires.md" in links(ROOT / "docs" / "index.md")
