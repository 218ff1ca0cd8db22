"""Reproducible installs: lock files pin every package (with hashes), agree with pyproject's
ranges, are what the Makefile installs from, and are what this environment runs."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def locked(name: str) -> list[tuple[str, str, str]]:
    """(package, version, marker) of each entry of a lock file; each must carry a hash."""
    text = (ROOT / name).read_text(encoding="utf-8").replace("\\\n", " ")
    pins = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line.split(" --hash")[0].strip())
        assert "--hash=sha256:" in line, f"{name}: {requirement.name} has no hash"
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"{name}: {requirement.name} is not pinned"
        pins.append((canonicalize_name(requirement.name), spec.version,
                     str(requirement.marker or "")))
    return pins


def test_the_locks_pin_every_dependency_within_pyproject_ranges() -> None:
    for lock, wanted in (("requirements.lock", PROJECT["dependencies"]),
                         ("requirements-dev.lock", PROJECT["dependencies"]
                          + PROJECT["optional-dependencies"]["dev"])):
        pins = locked(lock)
        for line in wanted:
            requirement = Requirement(line)
            name = canonicalize_name(requirement.name)
            versions = [version for pinned, version, _ in pins if pinned == name]
            assert versions, f"{lock} misses {name}"
            assert all(requirement.specifier.contains(v) for v in versions), (lock, name)


def test_both_locks_agree_on_shared_packages() -> None:
    runtime = {(name, version) for name, version, _ in locked("requirements.lock")}
    dev = {(name, version) for name, version, _ in locked("requirements-dev.lock")}
    assert runtime <= dev, runtime - dev


def test_the_makefile_installs_from_the_locks() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"pip install .*--require-hashes -r requirements\.lock", makefile)
    assert re.search(r"pip install .*--require-hashes -r requirements-dev\.lock", makefile)
    assert re.search(r"^lock:", makefile, re.MULTILINE)
    assert "pip install --quiet -e ." not in makefile  # never resolve ranges at install time


def test_this_environment_runs_the_locked_versions() -> None:
    environment = default_environment()
    for name, version, marker in locked("requirements-dev.lock"):
        if marker and not Requirement(f"x; {marker}").marker.evaluate(environment):
            continue  # for another platform or Python
        assert metadata.version(name) == version, name
