"""YAML folder → validated, frozen Questionnaire; every problem as FILE:LINE: message."""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .checks import Checker
from .formats import FORMAT, FORMAT_KEY, Folder, FormatError, declared, needs_format, upgrade
from .model import LANGS, Index, Recommendation, Stage
from .questionnaire import Questionnaire
from .yamlfile import PathKey, Problem, YamlDocument, YamlError, display_name, read_yaml

INDEX_FILE = "questionnaire.yaml"
_OLDER_FORMAT = re.compile(r"(written for format \d+ |format \d+ → \d+: )")
_RECOMMENDATIONS = TypeAdapter(tuple[Recommendation, ...])
_CONTAINERS = {
    "stages": "stage",
    "sections": "section",
    "questions": "question",
    "dimensions": "dimension",
    "options": "option",
    "levels": "level",
    "rules": "rule",
    "resources": "resource",
    "ranges": "range",
}


class QuestionnaireError(ValueError):
    """A questionnaire that cannot be loaded; `problems` has one line per problem."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _element(doc: YamlDocument, loc: PathKey) -> tuple[PathKey, str]:
    """Follow a pydantic location through the data: the real path and who it is about."""
    data, path, who = doc.data, [], []
    for part in loc:
        if isinstance(data, dict) and part not in data and part == data.get("type"):
            continue  # the discriminator tag pydantic puts in the location
        path.append(part)
        container = path[-2] if len(path) > 1 else ("recommendations" if part == 0 else None)
        data = data.get(part) if isinstance(data, dict) else (
            data[part] if isinstance(data, list) and isinstance(part, int) and part < len(data)
            else None
        )
        if isinstance(part, int) and isinstance(data, dict):
            kind = _CONTAINERS.get(str(container), "recommendation")
            ident = data.get("id", data.get("value"))
            who.append(f"{kind} {ident!r}" if ident is not None else f"{kind} #{part + 1}")
    return tuple(path), ", ".join(who[-2:])


def _describe(error: dict[str, Any], field: str) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "extra_forbidden":
        return f"unknown key {field!r}"
    if kind == "missing" and field in ("fr", "en"):
        return f"missing translation {field!r}"
    if kind == "missing":
        return f"missing required field {field!r}"
    if kind == "union_tag_invalid":
        return (f"unknown question type {ctx.get('tag')!r} "
                f"(expected one of {ctx.get('expected_tags')})")
    if kind == "union_tag_not_found":
        return "missing required field 'type'"
    if kind == "string_pattern_mismatch" and field in ("id", "value", "dimensions"):
        return (f"invalid id {error.get('input')!r} in {field!r}: use lowercase letters, "
                "digits and _, starting with a letter")
    if kind == "string_too_short" and field in ("fr", "en"):
        return f"empty translation {field!r}"
    return f"{field}: {error['msg']}"


def languages_of(data: Any) -> tuple[str, ...]:
    """The languages an index says its texts are written in (both when it says nothing valid;
    the index's own validation reports a wrong value)."""
    declared = data.get("languages") if isinstance(data, dict) else None
    if isinstance(declared, list) and declared and set(declared) <= set(LANGS):
        return tuple(declared)
    return LANGS


def written_in(data: Any, languages: tuple[str, ...]) -> Any:
    """The data with every text (a mapping of `fr`/`en` to strings) said, in the languages the
    questionnaire is not written in, in its first language: an English page of a French-only
    questionnaire shows its French (and a draft translation left in the files is not shown).
    A text that misses a language the questionnaire declares still misses it (an error)."""
    if isinstance(data, list):
        return [written_in(item, languages) for item in data]
    if not isinstance(data, dict):
        return data
    if data and set(data) <= set(LANGS) and all(isinstance(v, str) for v in data.values()):
        source = next((data[lang] for lang in languages if lang in data), None)
        if source is None:
            return data
        return {**data, **{lang: source for lang in LANGS if lang not in languages}}
    return {key: written_in(value, languages) for key, value in data.items()}


def _validate(adapter: Any, doc: YamlDocument, problems: list[Problem],
              languages: tuple[str, ...] = LANGS) -> Any:
    try:
        data = doc.data if languages == LANGS else written_in(doc.data, languages)
        return adapter.validate_python(data)
    except ValidationError as err:
        errors = err.errors()
        for error in errors:
            if error["type"] == "too_short" and any(
                    len(other["loc"]) > len(error["loc"])
                    and other["loc"][:len(error["loc"])] == error["loc"] for other in errors):
                continue  # the list is short only because one of its items failed
            path, who = _element(doc, tuple(error["loc"]))
            field = str(path[-1]) if path else "file"
            message = _describe(dict(error), field)
            problems.append(Problem(doc.file, doc.line(path),
                                    f"{who}: {message}" if who else message))
        return None


def _read(path: Path, problems: list[Problem]) -> YamlDocument | None:
    try:
        return read_yaml(path)
    except YamlError as err:
        problems.append(err.problem)
        return None


def _converted(folder: Path, index_doc: YamlDocument, since: int,
               read: dict[str, YamlDocument]) -> list[Problem]:
    """Bring the documents of a folder written for format `since` up to FORMAT in memory (the
    documents read are kept in `read`, by name); one warning per kind of change and file."""
    if not isinstance(index_doc.data, dict):
        return []  # not a mapping: the index's validation says so
    names = index_doc.data.get("recommendations")
    for name in names if isinstance(names, list) else []:
        if isinstance(name, str) and name not in read and (folder / name).is_file():
            try:
                read[name] = read_yaml(folder / name)
            except YamlError:
                pass  # reported where the file is read for validation
    said = f"format: {since}" if FORMAT_KEY in index_doc.data else "no 'format' key"
    data = Folder(index_doc.data, recommendations={n: d.data for n, d in read.items()})
    changes = upgrade(data, since)
    if not changes:
        return []
    warnings = [Problem(index_doc.file, index_doc.line((FORMAT_KEY,)), (
        f"written for format {since} ({said}), read as format {FORMAT} with the changes "
        f"below; `flask parcours upgrade {display_name(folder)}` rewrites the files "
        "(questionnaires/README.md, « Format changelog »)"), "warning")]
    grouped: dict[tuple[str, str], list[PathKey]] = {}
    for change in changes:
        doc = read[change.file] if change.file else index_doc
        if change.renamed_to is not None:
            doc.lines[change.renamed_to] = doc.line(change.path)
        grouped.setdefault((change.file, change.message), []).append(change.path)
    for (name, message), paths in grouped.items():
        doc = read[name] if name else index_doc
        times = f" ({len(paths)} times)" if len(paths) > 1 else ""
        warnings.append(Problem(doc.file, doc.line(paths[0]),
                                f"format {since} → {FORMAT}: {message}{times}", "warning"))
    return warnings


def _too_new(doc: YamlDocument, kind: str, since: int, said: bool) -> list[Problem]:
    """An error for each key of `doc` that the folder's format does not have yet."""
    folder_says = f"format {since}" if said else f"no 'format' key: format {since}"
    return [Problem(doc.file, doc.line(path), (
        f"{'.'.join(map(str, path))} needs format {version} (this folder says {folder_says}): "
        f"write `format: {version}` at the top of {INDEX_FILE} (questionnaires/README.md, "
        "« Format changelog »)")) for path, version in needs_format(kind, doc.data, since)]


def about_format(problem: Problem) -> bool:
    """Whether a warning is about a folder written for an older format (formats.py)."""
    return problem.severity == "warning" and bool(_OLDER_FORMAT.match(problem.message))


# format 3's keys of the index's `scoring`, with their defaults: left out of the hash when
# they keep them, so that a questionnaire written before them keeps its hash
_LATER_SCORING = {"global_": "stages", "global_scale": "percent"}


def _unset_scoring(data: Any) -> Any:
    """The dumped content without the `scoring` keys left unset: a questionnaire that does not
    use issue 27's policies keeps the hash it had before them."""
    if isinstance(data, dict):
        return {key: _unset_scoring(_later_unset(value) if key == "scoring" else value)
                for key, value in data.items() if not (key == "scoring" and value is None)}
    if isinstance(data, list):
        return [_unset_scoring(item) for item in data]
    return data


def _later_unset(scoring: Any) -> Any:
    if not isinstance(scoring, dict):
        return scoring
    return {key: value for key, value in scoring.items()
            if not (key in _LATER_SCORING and value == _LATER_SCORING[key])}


def content_hash(index: Index, stages: tuple[Stage, ...], recos: tuple[Recommendation, ...]) -> str:
    """A SHA-256 of the validated content: comments, layout and the format version the files
    are written in do not change it (an upgraded folder keeps its hash)."""
    # keys added since a questionnaire was written leave its hash as it was while they keep
    # their default: a questionnaire that does not use them keeps its identity
    optional = {"features", "words", "languages"}
    dumped = _unset_scoring(index.model_dump(mode="json", exclude={FORMAT_KEY} | {
        key for key in optional if key not in index.model_fields_set}))
    if isinstance(dumped.get("words"), dict) and dumped["words"].get("strengths") is None:
        dumped["words"].pop("strengths", None)  # a word added later, unset: the hash stays
    payload = {
        "index": dumped,
        "stages": [_unset_scoring(stage.model_dump(mode="json")) for stage in stages],
        "recommendations": [reco.model_dump(mode="json") for reco in recos],
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def check(folder: Path | str) -> tuple[Questionnaire | None, list[Problem]]:
    """Load a questionnaire folder; return it (None on errors) and every problem found."""
    folder = Path(folder)
    problems: list[Problem] = []
    index_doc = _read(folder / INDEX_FILE, problems)
    if index_doc is None:
        return None, problems
    read: dict[str, YamlDocument] = {}  # the recommendation files converted from an old format
    try:
        since = declared(index_doc.data)
    except FormatError as err:
        problems.append(Problem(index_doc.file, index_doc.line((FORMAT_KEY,)), str(err)))
        return None, problems
    said = isinstance(index_doc.data, dict) and FORMAT_KEY in index_doc.data
    if since < FORMAT:
        problems += _too_new(index_doc, "index", since, said)
        problems += _converted(folder, index_doc, since, read)
    languages = languages_of(index_doc.data)
    index = _validate(TypeAdapter(Index), index_doc, problems, languages)
    if index is None:
        return None, problems
    stage_docs: list[tuple[YamlDocument, Stage]] = []
    for position, name in enumerate(index.stages):
        doc = _read(folder / name, problems)
        if doc is not None and since < FORMAT:
            problems += _too_new(doc, "stage", since, said)
        stage = _validate(TypeAdapter(Stage), doc, problems, languages) if doc else None
        if doc is None and not (folder / name).exists():
            problems[-1] = Problem(index_doc.file, index_doc.line(("stages", position)),
                                   f"stage file {name!r} does not exist")
        if stage is not None and doc is not None:
            stage_docs.append((doc, stage))
    reco_docs: list[tuple[YamlDocument, tuple[Recommendation, ...]]] = []
    for position, name in enumerate(index.recommendations):
        doc = read.get(name) or _read(folder / name, problems)
        if doc is None and not (folder / name).exists():
            problems[-1] = Problem(index_doc.file, index_doc.line(("recommendations", position)),
                                   f"recommendations file {name!r} does not exist")
        recos = _validate(_RECOMMENDATIONS, doc, problems, languages) if doc else None
        if recos is not None and doc is not None:
            reco_docs.append((doc, recos))
    if any(p.severity == "error" for p in problems):
        return None, problems
    checker = Checker(index, index_doc, stage_docs, reco_docs)
    checker.run()
    problems += checker.problems
    if any(p.severity == "error" for p in problems):
        return None, problems
    stages = tuple(stage for _, stage in stage_docs)
    recos = tuple(reco for _, group in reco_docs for reco in group)
    questionnaire = Questionnaire(
        index=index,
        stages=stages,
        recommendations=recos,
        content_hash=content_hash(index, stages, recos),
        questions=MappingProxyType(checker.questions),
        question_stage=MappingProxyType(checker.question_stage),
        question_section=MappingProxyType(checker.question_section),
        sections=MappingProxyType(checker.sections),
        dimensions=MappingProxyType(checker.dimensions),
        dimension_stage=MappingProxyType(checker.dimension_stage),
        dimension_questions=MappingProxyType(
            {d: tuple(qs) for d, qs in checker.dimension_questions.items()}),
        show_if=MappingProxyType(checker.show_if),
        not_applicable_if=MappingProxyType(checker.not_applicable_if),
        rules=MappingProxyType(checker.rules),
        presumes=MappingProxyType(checker.presumes),
        kind_specific=frozenset(checker.kind_specific),
        profiles=MappingProxyType(checker.profiles),
        warnings=tuple(p for p in problems if p.severity == "warning"),
        derived=MappingProxyType(checker.derived),
    )
    return questionnaire, problems


def load(folder: Path | str) -> Questionnaire:
    """Load a questionnaire folder, or raise QuestionnaireError listing every problem."""
    questionnaire, problems = check(folder)
    if questionnaire is None:
        raise QuestionnaireError([p for p in problems if p.severity == "error"])
    return questionnaire


@lru_cache(maxsize=32)
def check_cached(folder: str) -> tuple[Questionnaire | None, tuple[Problem, ...]]:
    """`check`, once per folder and process: content files do not change under a running app."""
    questionnaire, problems = check(folder)
    return questionnaire, tuple(problems)


def find_questionnaires(root: Path | str) -> list[Path]:
    """The questionnaire folders at or below `root` (folders holding questionnaire.yaml)."""
    root = Path(root)
    if (root / INDEX_FILE).is_file():
        return [root]
    return sorted(path.parent for path in root.glob(f"*/{INDEX_FILE}"))
