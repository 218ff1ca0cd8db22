"""The questionnaire format's versions, and the steps that bring a folder written for an older
one up to the current one (questionnaires/README.md, « Format changelog »).

`format:` at the top of questionnaire.yaml says which version a folder is written for; a folder
without it is format 1. The loader applies the steps in memory, with a warning naming each
change; `flask parcours upgrade` applies the same steps to the files themselves (upgrade.py), so
that both read an old folder the same way. A step works on plain mappings and lists, which are
the loader's dicts as well as ruamel.yaml's commented maps: it renames and inserts keys in place,
keeping their order (and, in ruamel's, their comments).
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from .yamlfile import PathKey

FORMAT = 3  # the version this engine reads natively; older ones are converted
FORMAT_KEY = "format"


class FormatError(ValueError):
    """A `format:` this engine cannot read (not a whole number, or newer than it knows)."""


@dataclass(frozen=True)
class Change:
    """One thing a step changed: in which file (its name in the index; "" for the index) and
    where, as a path in the file before the change (`renamed_to`: the path after a rename)."""

    file: str
    path: PathKey
    message: str
    renamed_to: PathKey | None = None


@dataclass
class Folder:
    """A questionnaire folder's data, as read: the index and each listed file by name."""

    index: MutableMapping[str, Any]
    stages: dict[str, Any] = field(default_factory=dict)
    recommendations: dict[str, Any] = field(default_factory=dict)


def declared(index: Any) -> int:
    """The format an index says it is written for (1 when it says nothing)."""
    if not isinstance(index, dict) or FORMAT_KEY not in index:
        return 1
    value = index[FORMAT_KEY]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FormatError(f"format: {value!r} is not a format version (a whole number, "
                          f"{FORMAT} for this version of the app)")
    if value > FORMAT:
        raise FormatError(f"format {value} is newer than this app reads (formats 1 to "
                          f"{FORMAT}): update the app, or write the folder for format {FORMAT}")
    return value


class Edits:
    """How a step changes a folder's data: in place, in memory (the loader). `upgrade.py`'s
    subclass also rewrites the files' text at the same places."""

    def rename(self, file: str, mapping: MutableMapping[str, Any], old: str, new: str) -> None:
        """Rename a key of a mapping of `file` ("" for the index) where it stands."""
        rename_key(mapping, old, new)

    def insert(self, file: str, mapping: MutableMapping[str, Any], key: str, value: Any,
               after: tuple[str, ...] = (), comment: str = "") -> None:
        """Add a key after the last of `after` the mapping has (at its top when none);
        `comment`: a line that says why, above it in a rewritten file."""
        insert_key(mapping, key, value, after)

    def set(self, file: str, mapping: MutableMapping[str, Any], key: str, value: Any) -> None:
        """Change the value of a key that holds a plain scalar."""
        mapping[key] = value


def rename_key(mapping: MutableMapping[str, Any], old: str, new: str) -> None:
    """Rename a key where it stands (ruamel.yaml's maps keep its comments too)."""
    keys = list(mapping)
    position = keys.index(old)
    value = mapping.pop(old)
    comments = getattr(mapping, "ca", None)
    if hasattr(mapping, "insert"):
        mapping.insert(position, new, value)
        if comments is not None and old in comments.items:
            comments.items[new] = comments.items.pop(old)
        return
    mapping[new] = value
    for key in keys[position + 1:]:  # a plain dict: move the keys after it behind it again
        mapping[key] = mapping.pop(key)


def insert_key(mapping: MutableMapping[str, Any], key: str, value: Any,
               after: tuple[str, ...] = ()) -> None:
    """Add a key after the last of `after` that the mapping has (at the top when none)."""
    keys = list(mapping)
    position = max((keys.index(name) + 1 for name in after if name in mapping), default=0)
    if hasattr(mapping, "insert"):
        mapping.insert(position, key, value)
        return
    mapping[key] = value
    for name in keys[position:]:
        mapping[name] = mapping.pop(name)


# --- format 1 → 2 (27 November 2026): M.E.D.O.C. became the questionnaire's own categories ------

MEDOC = (("methode", "Méthode", "Method"), ("exemple", "Exemple", "Example"),
         ("donnee", "Donnée", "Data"), ("outil", "Outil", "Tool"),
         ("competence", "Compétence", "Skill"))


def medoc_categories() -> dict[str, Any]:
    """The `categories` block format 1 implied: the five M.E.D.O.C. kinds A.D.O.C. declares."""
    return {
        "name": {"fr": "M.E.D.O.C.", "en": "M.E.D.O.C."},
        "description": {
            "fr": "M.E.D.O.C. dit de quel type est chaque action : Méthodes pour s'engager, "
                  "Exemples pour inspirer, Données pour comprendre, Outils pour agir, "
                  "Compétences pour pérenniser.",
            "en": "M.E.D.O.C. (from the French Méthodes, Exemples, Données, Outils, "
                  "Compétences) says what kind of step each action is: Methods to commit, "
                  "Examples to inspire, Data to understand, Tools to act, Skills to last."},
        "items": [{"id": ident, "label": {"fr": fr, "en": en}} for ident, fr, en in MEDOC],
    }


def _medoc_to_category(folder: Folder, edits: Edits) -> list[Change]:
    changes: list[Change] = []
    for name, data in folder.recommendations.items():
        for position, reco in enumerate(data if isinstance(data, list) else []):
            if isinstance(reco, dict) and "medoc" in reco and "category" not in reco:
                edits.rename(name, reco, "medoc", "category")
                changes.append(Change(name, (position, "medoc"),
                                      "'medoc' is now 'category'",
                                      renamed_to=(position, "category")))
    if changes and "categories" not in folder.index:
        edits.insert("", folder.index, "categories", medoc_categories(),
                     after=("key", "version", "title", "description", "product", "tagline",
                            "credit", "estimated_minutes", "kind_question", "unanswered",
                            "stage_name"),
                     comment="What kind of step each recommendation is (its `category`, "
                             "format 1's `medoc`).")
        changes.append(Change("", ("categories",),
                              "recommendation categories are declared in the index: "
                              "'categories' added, the five M.E.D.O.C. kinds"))
    return changes


@dataclass(frozen=True)
class Step:
    """The conversion from format `to - 1` to format `to`, and when the format changed."""

    to: int
    date: str
    apply: Callable[[Folder, Edits], list[Change]]


# --- format 2 → 3 (7 December 2026): stage weights and the global score's policy ------------
# Only new keys: a format 2 folder means the same in format 3, nothing to convert. A folder
# that uses them must say `format: 3` (an older app would misread it: `needs_format`).

def _nothing(folder: Folder, edits: Edits) -> list[Change]:
    return []


STEPS = (Step(2, "2026-11-27", _medoc_to_category), Step(3, "2026-12-07", _nothing))

# The keys each format brought that an older folder cannot use: (file, path, format), where
# file is "index" or "stage" and path the key's place in it.
INTRODUCED: tuple[tuple[str, PathKey, int], ...] = (
    ("index", ("scoring", "global"), 3),
    ("index", ("scoring", "global_scale"), 3),
    ("stage", ("scoring", "weight"), 3),
    ("stage", ("scoring",), 3),
)


def needs_format(kind: str, data: Any, since: int) -> list[tuple[PathKey, int]]:
    """The keys of a file (`kind`: "index" or "stage") that a folder of format `since` cannot
    use, with the format each needs; for a key and its parent, the deeper only."""
    found: list[tuple[PathKey, int]] = []
    for file, path, version in INTRODUCED:
        if file != kind or version <= since or any(
                other[:len(path)] == path for other, _ in found):
            continue
        value = data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            found.append((path, version))
    return found


def upgrade(folder: Folder, since: int, edits: Edits | None = None) -> list[Change]:
    """Bring `folder` from format `since` to FORMAT in place; every change made, in order. The
    index says `format: FORMAT` afterwards (at its top when it said nothing)."""
    edits = edits or Edits()
    changes: list[Change] = []
    for step in STEPS:
        if step.to > since:
            changes += step.apply(folder, edits)
    if FORMAT_KEY in folder.index:
        if folder.index[FORMAT_KEY] != FORMAT:
            edits.set("", folder.index, FORMAT_KEY, FORMAT)
    else:
        edits.insert("", folder.index, FORMAT_KEY, FORMAT,
                     comment="The format these files are written in "
                             "(questionnaires/README.md, « Format changelog »).")
    return changes
