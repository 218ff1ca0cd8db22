"""A format that evolves without breaking authors (issue 27, item 5).

tests/questionnaires/format1 is written for format 1 (no `format` key; recommendations say
`medoc:`, in block and flow style, quoted, with a comment on the line). It loads with a warning
naming each change; `upgrade.plan` + `upgrade.write` rewrite it for the current format changing
only those lines, and the result validates with no warning and scores the same."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from parcours.engine import check, check_answers, evaluate, load, result_dict
from parcours.engine.formats import FORMAT
from parcours.engine.upgrade import UpgradeError, plan, write

from ..shapes import FORMAT1, NUMERIQUE

ANSWERS = {"kind": "firm", "partners": ["assos"], "a1": "some", "a2": "yes", "a3": 12,
           "b1": ["x"], "b2": "lo", "b3": "lo", "note": "Rien à ajouter"}


@pytest.fixture
def old(tmp_path: Path) -> Path:
    """A copy of the format 1 folder, to rewrite."""
    return Path(shutil.copytree(FORMAT1, tmp_path / "format1"))


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


def test_an_old_folder_loads_with_a_warning_naming_each_change() -> None:
    questionnaire, problems = check(FORMAT1)
    assert questionnaire is not None, [str(p) for p in problems]
    assert all(p.severity == "warning" for p in problems)
    messages = [f"{Path(p.file).name}:{p.line}: {p.message}" for p in problems]
    assert messages[0].startswith("questionnaire.yaml:1: written for format 1 (no 'format' "
                                  f"key), read as format {FORMAT} with the changes below; `flask "
                                  "parcours upgrade ")
    line = line_of(FORMAT1 / "recos.yaml", "medoc: methode")
    assert f"recos.yaml:{line}: format 1 → {FORMAT}: 'medoc' is now 'category' (4 times)" \
        in messages
    assert any("'categories' added, the five M.E.D.O.C. kinds" in m for m in messages)
    assert [r.category for r in questionnaire.recommendations] == [
        "methode", "outil", "exemple", "donnee"]
    assert [c.id for c in questionnaire.index.categories.items] == [
        "methode", "exemple", "donnee", "outil", "competence"]


def test_an_error_in_an_old_folder_points_at_the_line_it_is_on(old: Path) -> None:
    recos = old / "recos.yaml"
    recos.write_text(recos.read_text(encoding="utf-8").replace("medoc: donnee", "medoc: data"),
                     encoding="utf-8")
    questionnaire, problems = check(old)
    assert questionnaire is None
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.line, p.message) for p in errors] == [
        (line_of(recos, "medoc: data"), "recommendation 'r_global': unknown category 'data' "
                                        "(expected one of methode, exemple, donnee, outil, "
                                        "competence)")]


def changed_lines(before: str, after: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The lines inserted, and the (old, new) pairs of lines replaced one for one."""
    inserted, replaced = [], []
    old, new = before.splitlines(), after.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "insert":
            inserted += new[j1:j2]
        elif tag == "replace":
            assert i2 - i1 == j2 - j1, (old[i1:i2], new[j1:j2])
            replaced += list(zip(old[i1:i2], new[j1:j2], strict=True))
        else:
            assert tag == "equal", (tag, old[i1:i2])
    return inserted, replaced


def test_the_upgrade_rewrites_only_what_the_format_changed(old: Path) -> None:
    before = {name: (old / name).read_text(encoding="utf-8")
              for name in ("questionnaire.yaml", "recos.yaml", "stage.yaml", "profile.yaml")}
    result = plan(old)
    assert result.since == 1 and result.needed
    assert sorted(path.name for path in result.texts) == ["questionnaire.yaml", "recos.yaml"]
    assert (old / "recos.yaml").read_text(encoding="utf-8") == before["recos.yaml"]  # not yet
    write(result)
    after = {name: (old / name).read_text(encoding="utf-8") for name in before}
    assert after["stage.yaml"] == before["stage.yaml"]
    assert after["profile.yaml"] == before["profile.yaml"]
    # the recommendations: four lines, each with `medoc` renamed in place (comment, quotes and
    # flow style kept), nothing else
    inserted, replaced = changed_lines(before["recos.yaml"], after["recos.yaml"])
    assert inserted == []
    assert replaced == [(line, line.replace("medoc", "category")) for line in
                        before["recos.yaml"].splitlines() if "medoc:" in line
                        or '"medoc"' in line and not line.startswith("#")]
    assert [new for _, new in replaced][:2] == ["  category: methode   # a method first",
                                                '  "category": outil']
    # the index: only lines added, `format: 3` under the header comment, the categories
    # before strength_threshold, every comment and key where it was
    inserted, replaced = changed_lines(before["questionnaire.yaml"], after["questionnaire.yaml"])
    assert replaced == []
    lines = after["questionnaire.yaml"].splitlines()
    assert lines[4:6] == ["# The format these files are written in "
                          "(questionnaires/README.md, « Format changelog »).", f"format: {FORMAT}"]
    assert lines[6] == "key: ancien"
    start = lines.index("categories:")
    assert lines[start - 2:start] == ["kind_question: kind", "# What kind of step each "
                                      "recommendation is (its `category`, format 1's `medoc`)."]
    assert lines[start + 1:start + 3] == ["  name:", "    fr: M.E.D.O.C."]
    assert lines[start + 8:start + 10] == ["    - id: methode", "      label:"]
    assert lines[start + 28] == "strength_threshold: 75"
    assert len(inserted) == 2 + 1 + 28  # the format, the comment, the categories
    assert lines[-1] == "# the end of the index"


def test_the_upgraded_folder_validates_without_warning_and_scores_the_same(old: Path) -> None:
    converted = load(FORMAT1)  # in memory, with warnings
    write(plan(old))
    upgraded, problems = check(old)
    assert upgraded is not None and problems == [], [str(p) for p in problems]
    assert upgraded.index.format == FORMAT
    assert upgraded.content_hash == converted.content_hash
    results = [result_dict(q, *evaluate(q, check_answers(q, ANSWERS)), "fr")
               for q in (converted, upgraded)]
    assert results[0] == results[1]
    assert [item["category"] for item in results[1]["roadmap"]] != []
    assert not plan(old).needed  # once is enough


def test_an_explicit_old_format_is_raised_in_place(old: Path) -> None:
    index = old / "questionnaire.yaml"
    index.write_text(index.read_text(encoding="utf-8").replace(
        'key: ancien', 'format: 1  # stays here\nkey: ancien'), encoding="utf-8")
    _, problems = check(old)
    assert "(format: 1)" in problems[0].message
    write(plan(old))
    assert f"format: {FORMAT}  # stays here\nkey: ancien" in index.read_text(encoding="utf-8")
    assert check(old)[1] == []


def test_a_current_folder_without_the_key_loads_silently_and_is_only_stamped(
        tmp_path: Path) -> None:
    # a folder written since format 2 but before the key existed: nothing to convert (format
    # 3 only added keys)
    folder = Path(shutil.copytree(NUMERIQUE, tmp_path / "numerique"))
    index = folder / "questionnaire.yaml"
    index.write_text("".join(line for line in index.read_text(encoding="utf-8")
                             .splitlines(keepends=True) if not line.startswith("format:")),
                     encoding="utf-8")
    assert check(folder)[1] == []
    result = plan(folder)
    assert result.changes == [] and [path.name for path in result.texts] == [
        "questionnaire.yaml"]
    before = index.read_text(encoding="utf-8")
    write(result)
    inserted, replaced = changed_lines(before, index.read_text(encoding="utf-8"))
    assert replaced == [] and inserted[-1] == f"format: {FORMAT}"


@pytest.mark.parametrize(("value", "message"), [
    (str(FORMAT + 1), f"format {FORMAT + 1} is newer than this app reads (formats 1 to "
                      f"{FORMAT}): update the app, or write the folder for format {FORMAT}"),
    ("two", f"format: 'two' is not a format version (a whole number, {FORMAT} for this "
            "version of the app)"),
    ("0", "format: 0 is not a format version"),
    ("true", "format: True is not a format version"),
    ("1.5", "format: 1.5 is not a format version"),
])
def test_a_format_this_app_cannot_read_is_an_error_on_its_line(
        old: Path, value: str, message: str) -> None:
    index = old / "questionnaire.yaml"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "key: ancien", f"format: {value}\nkey: ancien"), encoding="utf-8")
    questionnaire, problems = check(old)
    assert questionnaire is None
    assert len(problems) == 1 and problems[0].line == line_of(index, "format:")
    assert problems[0].message.startswith(message)
    with pytest.raises(UpgradeError) as raised:
        plan(old)
    assert str(raised.value).startswith(f"{problems[0].file}:{problems[0].line}: {message}")


def test_an_upgrade_of_a_folder_it_cannot_read_says_why_and_writes_nothing(
        old: Path, tmp_path: Path) -> None:
    with pytest.raises(UpgradeError, match="no such folder"):
        plan(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(UpgradeError, match="no questionnaire.yaml here"):
        plan(tmp_path / "empty")
    recos = old / "recos.yaml"
    broken = recos.read_text(encoding="utf-8").replace("  priority: 3\n", "  priority: [3\n")
    recos.write_text(broken, encoding="utf-8")
    index = (old / "questionnaire.yaml").read_text(encoding="utf-8")
    with pytest.raises(UpgradeError) as raised:
        plan(old)
    assert "recos.yaml:" in str(raised.value) and "invalid YAML" in str(raised.value)
    assert recos.read_text(encoding="utf-8") == broken
    assert (old / "questionnaire.yaml").read_text(encoding="utf-8") == index
