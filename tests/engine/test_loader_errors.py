"""Each validation problem is reported as FILE:LINE: message naming the element."""

from __future__ import annotations

from pathlib import Path

import pytest

from parcours.engine import QuestionnaireError, check, load


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(folder: Path, name: str, needle: str) -> int:
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


CASES = [
    # (case, file, old, new, line needle (after the edit), expected message)
    ("invalid_yaml", "stage.yaml", 'en: "Beta dimension."}', 'en: "Beta dimension."}}',
     "Beta dimension", "invalid YAML"),
    ("duplicate_yaml_key", "stage.yaml", "        weight: 2\n",
     "        weight: 2\n        weight: 3\n", "weight: 3", "duplicate key 'weight'"),
    ("unknown_key", "stage.yaml", "        weight: 2\n", "        wieght: 2\n", "wieght: 2",
     "question 'a2': unknown key 'wieght'"),
    ("missing_field", "stage.yaml", '        help: {fr: "Aide B3.", en: "Help B3."}\n', "",
     "- id: b3", "question 'b3': missing required field 'help'"),
    ("missing_translation", "stage.yaml", "{value: mid, points: 1, label: {fr: Moyen, en: Middle}}",
     "{value: mid, points: 1, label: {fr: Moyen}}", "value: mid",
     "question 'b3', option 'mid': missing translation 'en'"),
    ("empty_translation", "stage.yaml", 'text: {fr: "B3 ?", en: "B3?"}',
     'text: {fr: "B3 ?", en: ""}',
     'text: {fr: "B3 ?"', "question 'b3': empty translation 'en'"),
    ("unknown_question_type", "stage.yaml", "        type: yesno\n", "        type: yesorno\n",
     "- id: a2", "question 'a2': unknown question type 'yesorno'"),
    ("bad_id", "stage.yaml", "- id: b3\n", "- id: B-3\n", "- id: B-3", "invalid id 'B-3'"),
    ("duplicate_id", "stage.yaml", "- id: b3\n", "- id: b1  # twin\n", "# twin",
     "duplicate question id 'b1' (first at "),
    ("unknown_question_in_condition", "stage.yaml", "show_if: \"kind == 'firm'\"",
     "show_if: \"kinde == 'firm'\"", "show_if", "question 'b2': unknown earlier question 'kinde'"),
    ("later_question_in_show_if", "stage.yaml", "show_if: \"kind == 'firm'\"",
     "show_if: \"b3 == 'lo'\"", "show_if", "question 'b2': unknown earlier question 'b3'"),
    ("unknown_option_in_condition", "stage.yaml", "show_if: \"kind == 'firm'\"",
     "show_if: \"kind == 'company'\"", "show_if", "'company' is not an option of question 'kind'"),
    ("score_in_show_if", "stage.yaml", "show_if: \"kind == 'firm'\"",
     "show_if: \"score.alpha < 3\"", "show_if", "show_if may only refer to answers"),
    ("condition_does_not_parse", "recos.yaml", "score.alpha < 50", "score.alpha <<< 50",
     "score.alpha <<<", "recommendation 'r_alpha': condition does not parse at column 14"),
    ("unknown_dimension_in_rule", "recos.yaml", "score.alpha < 50", "score.alpah < 50",
     "score.alpah", "recommendation 'r_alpha': unknown dimension 'alpah' in condition"),
    ("unknown_question_in_rule", "recos.yaml", "b3 == 'lo'", "b4 == 'lo'", "b4 ==",
     "recommendation 'r_beta': unknown question 'b4' in condition"),
    ("unknown_dimension_of_recommendation", "recos.yaml", "dimensions: [alpha]\n",
     "dimensions: [gamma]\n", "[gamma]", "recommendation 'r_alpha': unknown dimension 'gamma'"),
    ("unknown_recommendation", "recos.yaml", "  rules:\n    - when: \"score.alpha < 50\"",
     "  supersedes: [r_gamma]\n  rules:\n    - when: \"score.alpha < 50\"", "supersedes",
     "recommendation 'r_alpha': unknown recommendation 'r_gamma' in 'supersedes'"),
    ("option_without_points", "stage.yaml", "{value: mid, points: 1, label:",
     "{value: mid, label:", "value: mid",
     "question 'b3', option 'mid': option lacks 'points' (the question is scored)"),
    ("dimension_without_questions", "stage.yaml", "    weight: 2\nsections:",
     "    weight: 2\n  - id: gamma\n    title: {fr: Gamma, en: Gamma}\n"
     "    description: {fr: Gamma., en: Gamma.}\nsections:", "- id: gamma",
     "dimension 'gamma': 0 scored question(s), at least 1 needed"),
    ("unknown_dimension_of_question", "stage.yaml", "        dimension: alpha\n        weight: 2",
     "        dimension: alpah\n        weight: 2", "dimension: alpah",
     "question 'a2': unknown dimension 'alpah'"),
    ("comparison_on_multiple", "recos.yaml", "not (partners contains 'firms')",
     "not (partners == 'firms')", "partners ==", "use 'contains' or 'count()'"),
    ("ranges_with_gap", "stage.yaml", "{min: 1, max: 4, points: 1}", "{min: 2, max: 4, points: 1}",
     "ranges:", "question 'a3': ranges leave a gap before 2"),
    ("reserved_option_value", "stage.yaml", "{value: mid, points: 1",
     "{value: dont_know, points: 1", "value: dont_know", "'dont_know' is reserved"),
    ("unknown_variant_kind", "stage.yaml", "          firm: {text:", "          ngo: {text:",
     "ngo: {text:", "question 'a1': unknown organisation kind 'ngo' in variants"),
    ("category_without_categories", "recos.yaml", "  dimensions: [alpha]\n",
     "  dimensions: [alpha]\n  category: outil\n", "category: outil",
     "recommendation 'r_alpha': unknown category 'outil' (the index declares no 'categories')"),
    ("unknown_unanswered_policy", "questionnaire.yaml", "strength_threshold: 75",
     "unanswered: ignore", "unanswered:", "unanswered: Input should be 'skip' or 'zero'"),
    ("missing_stage_file", "questionnaire.yaml", "stages: [profile.yaml, stage.yaml]",
     "stages: [profile.yaml, stages.yaml]", "stages:", "stage file 'stages.yaml' does not exist"),
]


@pytest.mark.parametrize(("case", "name", "old", "new", "needle", "message"), CASES,
                         ids=[case[0] for case in CASES])
def test_each_problem_names_file_line_and_element(
    mini_copy: Path, case: str, name: str, old: str, new: str, needle: str, message: str
) -> None:
    edit(mini_copy, name, old, new)
    questionnaire, problems = check(mini_copy)
    assert questionnaire is None
    errors = [p for p in problems if p.severity == "error"]
    expected_line = line_of(mini_copy, name, needle)
    matching = [p for p in errors if message in p.message]
    assert matching, f"no error says {message!r}; got {[str(p) for p in errors]}"
    problem = matching[0]
    assert problem.file.endswith(f"mini/{name}")
    assert problem.line == expected_line, str(problem)
    assert str(problem) == f"{problem.file}:{expected_line}: {problem.message}"


def test_a_recommendation_no_rule_can_fire_is_a_warning_not_an_error(mini_copy: Path) -> None:
    edit(mini_copy, "recos.yaml", "    - when: \"global < 30\"\n", "    - when: \"global > 100\"\n")
    (mini_copy / "recos.yaml").write_text(
        (mini_copy / "recos.yaml").read_text(encoding="utf-8")
        + "- id: r_orphan\n  title: {fr: T, en: T}\n  description: {fr: D, en: D}\n"
        "  dimensions: [alpha]\n  priority: 3\n  horizon: long\n",
        encoding="utf-8")
    questionnaire, problems = check(mini_copy)
    assert questionnaire is not None
    warnings = sorted(str(p) for p in problems if p.severity == "warning")
    assert len(warnings) == 2
    assert "warning: recommendation 'r_global': no rule can fire it" in warnings[0]
    assert "recommendation 'r_orphan': no rule can fire it (it has no rules)" in warnings[1]


def test_load_raises_with_every_error(mini_copy: Path) -> None:
    edit(mini_copy, "stage.yaml", "        weight: 2\n", "        wieght: 2\n")
    edit(mini_copy, "recos.yaml", "score.alpha < 50", "score.alpah < 50")
    with pytest.raises(QuestionnaireError) as caught:
        load(mini_copy)
    # the schema error stops before cross-references are checked: one problem, one line
    assert len(caught.value.problems) == 1
    assert "unknown key 'wieght'" in str(caught.value)


def test_several_cross_reference_errors_are_all_reported(mini_copy: Path) -> None:
    edit(mini_copy, "recos.yaml", "score.alpha < 50", "score.alpah < 50")
    edit(mini_copy, "recos.yaml", "b3 == 'lo'", "b4 == 'lo'")
    _, problems = check(mini_copy)
    assert len([p for p in problems if p.severity == "error"]) == 2


LEVEL = ("  - {{id: l{n}, min: {min}, label: {{fr: N{n}, en: N{n}}}, "
         "description: {{fr: D, en: D}}}}\n")


@pytest.mark.parametrize(("count", "valid"), [(1, False), (2, True), (3, True), (6, True),
                                              (7, False)])
def test_two_to_six_levels(mini_copy: Path, count: int, valid: bool) -> None:
    index = mini_copy / "questionnaire.yaml"
    text = index.read_text(encoding="utf-8")
    head, rest = text.split("levels:\n", 1)
    tail = rest[rest.index("stages:"):]
    levels = "".join(LEVEL.format(n=n, min=n * 10) for n in range(count))
    index.write_text(f"{head}levels:\n{levels}{tail}", encoding="utf-8")
    questionnaire, problems = check(mini_copy)
    assert (questionnaire is not None) is valid, [str(p) for p in problems]
    if questionnaire is not None:
        assert len(questionnaire.levels) == count
        assert questionnaire.level_of(100) == count and questionnaire.level_of(0) == 1
    else:
        assert any(p.line == line_of(mini_copy, "questionnaire.yaml", "levels:")
                   and "levels" in p.message for p in problems), [str(p) for p in problems]


def test_a_category_must_be_one_the_index_declares(mini_copy: Path) -> None:
    edit(mini_copy, "questionnaire.yaml", "stages: [profile.yaml, stage.yaml]",
         "categories:\n  name: {fr: Sortes, en: Sorts}\n  items:\n"
         "    - {id: outil, label: {fr: Outil, en: Tool}}\nstages: [profile.yaml, stage.yaml]")
    edit(mini_copy, "recos.yaml", "  dimensions: [alpha]\n",
         "  dimensions: [alpha]\n  category: methode\n")
    questionnaire, problems = check(mini_copy)
    assert questionnaire is None
    assert [str(p) for p in problems if p.severity == "error"] == [
        f"{mini_copy / 'recos.yaml'}:{line_of(mini_copy, 'recos.yaml', 'category: methode')}: "
        "recommendation 'r_alpha': unknown category 'methode' (expected one of outil)"]
    edit(mini_copy, "recos.yaml", "category: methode", "category: outil")
    questionnaire, _ = check(mini_copy)
    assert questionnaire is not None
    assert questionnaire.recommendations[0].category == "outil"


def test_variants_need_a_kind_question(mini_copy: Path) -> None:
    edit(mini_copy, "questionnaire.yaml", "kind_question: kind\n", "")
    questionnaire, problems = check(mini_copy)
    assert questionnaire is None
    errors = [str(p) for p in problems if p.severity == "error"]
    assert f"{mini_copy / 'stage.yaml'}:{line_of(mini_copy, 'stage.yaml', 'firm: {text:')}: " \
        "question 'a1': unknown organisation kind 'firm' in variants (variants need the " \
        "index's 'kind_question')" in errors
