"""Rewrite a questionnaire folder written for an older format in the current one (formats.py),
changing only what the format changed: every other byte (comments, order, quotes, layout) stays.

ruamel.yaml reads where each key stands; the steps' edits are made on the text at those places
(a key renamed in its line, a block inserted between two keys), then the new text is read back
and compared with the loader's own conversion of the old files: when they differ, nothing is
written. `flask parcours upgrade` (parcours/cli.py) calls `plan` then `write`.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.util import load_yaml_guess_indent

from .formats import FORMAT, Change, Edits, Folder, FormatError, declared, upgrade
from .loader import INDEX_FILE
from .yamlfile import Problem, YamlDocument, YamlError, display_name, parse_yaml, read_yaml


class UpgradeError(ValueError):
    """A folder that cannot be upgraded (missing, unreadable, of an unknown format)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Upgrade:
    """What upgrading a folder changes: from which format, each change, and the new text of
    each file to rewrite (none when the folder is written for the current format)."""

    folder: Path
    since: int
    changes: list[Change] = field(default_factory=list)
    texts: dict[Path, str] = field(default_factory=dict)
    documents: dict[str, YamlDocument] = field(default_factory=dict)  # as read, for lines

    @property
    def needed(self) -> bool:
        return bool(self.texts)

    def summary(self) -> list[str]:
        """One line per kind of change and file, `FILE:LINE: message (n times)`."""
        grouped: dict[tuple[str, str], list[Change]] = {}
        for change in self.changes:
            grouped.setdefault((change.file, change.message), []).append(change)
        lines = []
        for (name, message), changes in grouped.items():
            doc = self.documents[name]
            times = f" ({len(changes)} times)" if len(changes) > 1 else ""
            lines.append(f"{doc.file}:{doc.line(changes[0].path)}: {message}{times}")
        return lines


class _TextEdits(Edits):
    """The steps' edits, made on the data and, at the same places, on the files' text."""

    def __init__(self, texts: dict[str, str], roots: dict[str, Any]) -> None:
        self.roots = roots  # each file's data, as ruamel.yaml read it
        self.lines = {name: text.splitlines(keepends=True) for name, text in texts.items()}
        self.indents = {name: _guess_indent(text) for name, text in texts.items()}
        self.replaced: dict[str, list[tuple[int, int, str, str]]] = {n: [] for n in texts}
        self.inserted: dict[str, list[tuple[int, list[str]]]] = {n: [] for n in texts}

    def rename(self, file: str, mapping: MutableMapping[str, Any], old: str, new: str) -> None:
        line, column = mapping.lc.key(old)  # type: ignore[attr-defined]
        token = next((quoted for quoted in (old, f'"{old}"', f"'{old}'")
                      if self.lines[file][line].startswith(quoted, column)), None)
        if token is None:
            raise ValueError(f"key {old!r} not found where ruamel.yaml put it")
        self.replaced[file].append((line, column, token, token.replace(old, new)))
        super().rename(file, mapping, old, new)

    def set(self, file: str, mapping: MutableMapping[str, Any], key: str, value: Any) -> None:
        line, column = mapping.lc.value(key)  # type: ignore[attr-defined]
        token = str(mapping[key])
        if not self.lines[file][line].startswith(token, column):
            raise ValueError(f"value of {key!r} not found where ruamel.yaml put it")
        self.replaced[file].append((line, column, token, str(value)))
        super().set(file, mapping, key, value)

    def insert(self, file: str, mapping: MutableMapping[str, Any], key: str, value: Any,
               after: tuple[str, ...] = (), comment: str = "") -> None:
        keys = list(mapping)
        position = max((keys.index(name) + 1 for name in after if name in mapping), default=0)
        lines = self.lines[file]
        if position < len(keys):
            at, column = mapping.lc.key(keys[position])  # type: ignore[attr-defined]
            while position > 0 and at > 0 and lines[at - 1].lstrip().startswith("#"):
                at -= 1  # the comment above the next key stays with it
        elif mapping is self.roots[file]:
            at, column = len(lines), 0
            if lines and not lines[-1].endswith("\n"):
                lines[-1] += "\n"
        else:  # no step inserts at the end of a nested mapping (yet)
            raise ValueError(f"cannot insert {key!r} at the end of a nested mapping")
        block = ([f"# {comment}\n"] if comment else []) + self.dump(file, {key: value})
        self.inserted[file].append((at, [" " * column + text for text in block]))
        super().insert(file, mapping, key, value, after, comment)

    def dump(self, file: str, data: dict[str, Any]) -> list[str]:
        yaml = _yaml()
        sequence, offset = self.indents[file]
        yaml.indent(mapping=2, sequence=sequence, offset=offset)
        out = io.StringIO()
        yaml.dump(data, out)
        return out.getvalue().splitlines(keepends=True)

    def text(self, file: str) -> str:
        """The file's text with every edit made (from the bottom up, so that places hold)."""
        lines = list(self.lines[file])
        for line, column, old, new in sorted(self.replaced[file], reverse=True):
            lines[line] = lines[line][:column] + new + lines[line][column + len(old):]
        for at, block in sorted(self.inserted[file], key=lambda item: item[0], reverse=True):
            lines[at:at] = block
        return "".join(lines)


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, order and quotes kept
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line
    return yaml


def _guess_indent(text: str) -> tuple[int, int]:
    """The file's indent of block sequences and the offset of their dash (4 and 2 for
    `levels:\\n  - id: …`)."""
    try:
        _, sequence, offset = load_yaml_guess_indent(text)
    except YAMLError:
        return 2, 0
    return (sequence or 2), (offset or 0)


def _read(path: Path, problems: list[Problem]) -> tuple[str, YamlDocument, Any] | None:
    """A file's text, its data as the loader reads it, and as ruamel.yaml does."""
    try:
        document = read_yaml(path)
        text = path.read_text(encoding="utf-8")
        return text, document, _yaml().load(text)
    except YamlError as err:
        problems.append(err.problem)
    except YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problems.append(Problem(display_name(path), mark.line + 1 if mark else 1,
                                f"invalid YAML: {getattr(err, 'problem', None) or err}"))
    return None


def plan(folder: Path | str) -> Upgrade:
    """What upgrading `folder` would change, and the new text of each file; writes nothing.
    Raises UpgradeError when the folder cannot be read or is of an unknown format."""
    folder = Path(folder)
    index_path = folder / INDEX_FILE
    if not folder.is_dir():
        raise UpgradeError([Problem(display_name(folder), 1, "no such folder")])
    if not index_path.is_file():
        raise UpgradeError([Problem(display_name(folder), 1,
                                    f"no {INDEX_FILE} here: not a questionnaire folder")])
    problems: list[Problem] = []
    index = _read(index_path, problems)
    if index is None:
        raise UpgradeError(problems)
    text, document, data = index
    if not isinstance(data, dict):
        raise UpgradeError([Problem(document.file, 1, "the index is not a mapping of keys")])
    try:
        since = declared(document.data)
    except FormatError as err:
        raise UpgradeError([Problem(document.file, document.line(("format",)), str(err))]) \
            from None
    result = Upgrade(folder, since, documents={"": document})
    if since == FORMAT:
        return result
    texts, datas, paths = {"": text}, {"": data}, {"": index_path}
    names = document.data.get("recommendations")
    for name in names if isinstance(names, list) else []:
        if isinstance(name, str) and (folder / name).is_file():
            read = _read(folder / name, problems)
            if read is not None:
                texts[name], result.documents[name], datas[name] = read
                paths[name] = folder / name
    if problems:
        raise UpgradeError(problems)
    edits = _TextEdits(texts, dict(datas))
    try:
        result.changes = upgrade(_folder(datas), since, edits)
    except ValueError as err:  # an edit that could not be placed: write nothing
        raise UpgradeError([Problem(document.file, 1, f"cannot rewrite this folder: {err}")]) \
            from None
    expected = {name: doc.data for name, doc in result.documents.items()}
    upgrade(_folder(expected), since)  # the loader's own conversion, on plain data
    for name in texts:
        new_text = edits.text(name)
        if new_text == texts[name]:
            continue
        written = parse_yaml(new_text, result.documents[name].file).data
        if written != expected[name]:
            raise UpgradeError([Problem(result.documents[name].file, 1,
                                        "cannot rewrite this file safely (its new text does not "
                                        "read as the converted data): nothing is written")])
        result.texts[paths[name]] = new_text
    return result


def _folder(datas: dict[str, Any]) -> Folder:
    return Folder(datas[""], recommendations={n: d for n, d in datas.items() if n})


def write(result: Upgrade) -> None:
    """Write the files of an upgrade, each one whole or not at all (a temporary file beside
    it, renamed over it)."""
    for path, text in result.texts.items():
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            os.chmod(temporary, path.stat().st_mode & 0o777)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
