"""The reference organisations' roadmaps are the texts committed in tests/roadmaps/expected.

A content change that alters a plan fails here with the diff: read it as a trainer would, then
`make roadmaps` and commit the new texts with the change.
"""

from __future__ import annotations

import difflib

import pytest

from parcours.engine import load

from .generate import ADOC, EXPECTED, expected_path, organisations, render

Q = load(ADOC)
ORGANISATIONS = organisations(Q)
HINT = "run make roadmaps and review the diff"


def test_there_are_enough_reference_organisations_and_no_stale_text() -> None:
    names = {org.name for org in ORGANISATIONS}
    assert len(names) >= 22
    written = {path.stem for path in EXPECTED.glob("*.txt")}
    assert written == names, f"texts without organisation or missing: {written ^ names}; {HINT}"


@pytest.mark.parametrize("org", ORGANISATIONS, ids=[org.name for org in ORGANISATIONS])
def test_the_roadmap_is_the_reviewed_one(org) -> None:
    path = expected_path(org.name)
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    actual = render(Q, org)
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            fromfile=f"{path.name} (committed)", tofile=f"{path.name} (content now)"))
        pytest.fail(f"the roadmap of {org.name} changed; {HINT}:\n{diff}", pytrace=False)
