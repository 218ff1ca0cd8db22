"""Questionnaire files are parsed by libyaml when PyYAML has it (engine/yamlfile.py): the same
data and the same line for every key as PyYAML's own parser, whose words a broken file's
message keeps."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from parcours.engine import yamlfile

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted({*ROOT.joinpath("questionnaires").rglob("*.yaml"),
                *ROOT.joinpath("questionnaires").rglob("*.yml")})


def test_libyaml_is_there() -> None:
    """PyYAML's wheels carry it: without it, files are read ten times slower (not wrongly)."""
    assert yaml.__with_libyaml__
    assert issubclass(yamlfile._FastLoader, yaml.CSafeLoader)


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_both_parsers_read_every_file_alike(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = yamlfile._parse(yamlfile._FastLoader, text, path.name)
    plain = yamlfile._parse(yamlfile._Loader, text, path.name)
    assert fast.data == plain.data
    assert fast.lines == plain.lines


@pytest.mark.parametrize("text, line, words", [
    ("a: [1\n", 2, "expected ',' or ']', but got '<stream end>'"),
    ("a: 1\n b: 2\n", 2, "mapping values are not allowed here"),
    ("a: 1\na: 2\n", 2, "duplicate key 'a'"),
])
def test_a_broken_file_is_told_in_pyyamls_words(text: str, line: int, words: str) -> None:
    with pytest.raises(yamlfile.YamlError) as raised:
        yamlfile.parse_yaml(text, "broken.yaml")
    assert str(raised.value) == f"broken.yaml:{line}: invalid YAML: {words}"


def test_only_true_and_false_are_booleans() -> None:
    data = yamlfile.parse_yaml("a: yes\nb: on\nc: true\nd: False\n", "x.yaml").data
    assert data == {"a": "yes", "b": "on", "c": True, "d": False}
