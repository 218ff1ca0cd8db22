"""YAML reading that remembers the line of every key and list item, for FILE:LINE messages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PathKey = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or doubtful, for a warning) in a questionnaire file."""

    file: str
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}: {prefix}{self.message}"


@dataclass
class YamlDocument:
    """A parsed file: its data and the line where each path starts."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line(self, path: PathKey) -> int:
        """The line of the longest prefix of `path` that the file has (1 for the file itself)."""
        for end in range(len(path), 0, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return 1


class YamlError(ValueError):
    """A file that is not valid YAML (or has a duplicate key)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class _Loader(yaml.SafeLoader):
    """The safe loader with YAML 1.2 booleans: only true/false, so `yes`, `no`, `on` stay text."""


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same, on libyaml's parser when PyYAML has it (its wheels do): ten times faster on
    the questionnaires, read by every app, `flask` command and test process."""


_BOOLEANS = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
for _loader in (_Loader, _FastLoader):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOLEANS, list("tTfF"))


def display_name(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when it can be."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_yaml(path: Path) -> YamlDocument:
    """Parse one YAML file with the safe loader, keeping the line of every node."""
    name = display_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise YamlError(Problem(name, 1, f"cannot read file: {err}")) from None
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> YamlDocument:
    """Parse YAML text (from the file called `name`), keeping the line of every node. A file
    that libyaml refuses is read again by PyYAML's own parser, whose messages the authors'
    guide and the tests quote (libyaml words them otherwise)."""
    try:
        return _parse(_FastLoader, text, name)
    except YamlError:
        return _parse(_Loader, text, name)


def _parse(kind: type[Any], text: str, name: str) -> YamlDocument:
    loader = kind(text)
    try:
        node = loader.get_single_node()
        document = YamlDocument(name, None)
        document.data = _build(loader, node, (), document) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(Problem(name, line, f"invalid YAML: {err.problem or err}")) from None
    except yaml.YAMLError as err:
        raise YamlError(Problem(name, 1, f"invalid YAML: {err}")) from None
    finally:
        loader.dispose()
    return document


def _build(loader: Any, node: yaml.Node, path: PathKey, doc: YamlDocument) -> Any:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in result:
                raise yaml.MarkedYAMLError(
                    problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark
                )
            child = (*path, key)
            doc.lines[child] = key_node.start_mark.line + 1
            result[key] = _build(loader, value_node, child, doc)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), doc) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
