"""What a questionnaire offers and in which words (issue 27, item 3): `features`, `words` and
`languages` in its index, their defaults (A.D.O.C.'s behaviour), their errors and what a result
says of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parcours.engine import check, check_answers, evaluate, load, result_dict

from ..shapes import ADOC, NUMERIQUE, ROOT

INCIDENCE = ROOT / "tests" / "questionnaires" / "incidence"
ANSWERS = {"porteur": "public", "information": "mention", "publication": "no",
           "contestation": "humain", "surveillance": "yes"}


def copy(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    return target


def test_by_default_a_questionnaire_offers_everything_in_the_apps_words() -> None:
    index = load(ADOC).index
    assert index.features.model_dump() == {"partners": True, "collective": True,
                                           "strengths": True, "priority": True, "horizon": True}
    assert index.words.model_dump() == {"level": None, "profile": None, "method": None,
                                        "audience": None, "strengths": None}
    assert index.languages == ("fr", "en")


def test_a_result_says_what_its_questionnaire_offers_and_its_words() -> None:
    q = load(INCIDENCE)
    scores, road = evaluate(q, check_answers(q, ANSWERS))
    about = result_dict(q, scores, road, "fr")["questionnaire"]
    assert about["features"] == {"partners": False, "collective": False, "strengths": False,
                                 "priority": False, "horizon": False}
    assert about["words"]["level"] == "niveau d'incidence"
    assert about["languages"] == ["fr"]
    for item in result_dict(q, scores, road, "fr")["roadmap"]:
        assert item["priority_label"] is None and item["horizon_label"] is None


def test_adoc_actions_keep_their_priority_and_horizon() -> None:
    q = load(ADOC)
    scores, road = evaluate(q, check_answers(q, {"profil_type": "association"}))
    first = result_dict(q, scores, road, "fr")["roadmap"][0]
    assert first["priority_label"] == "Essentielle"
    assert first["horizon_label"] in ("Court terme (0–3 mois)", "Moyen terme (3–12 mois)",
                                      "Long terme (12 mois et plus)")


def test_a_questionnaire_in_french_only_shows_its_french_in_english() -> None:
    q = load(INCIDENCE)
    assert q.index.languages == ("fr",)
    question = q.questions["information"]
    assert question.text.get("en") == question.text.get("fr")
    assert q.index.levels[1].label.get("en") == "Incidence modérée"


def test_a_questionnaire_in_french_only_does_not_show_a_draft_translation(
        tmp_path: Path) -> None:
    folder = copy(INCIDENCE, tmp_path)
    stage = folder / "garde_fous.yaml"
    stage.write_text(stage.read_text(encoding="utf-8").replace(
        'title: {fr: "Transparence"}', 'title: {fr: "Transparence", en: "Draft"}'),
        encoding="utf-8")
    assert load(folder).dimensions["transparence"].title.get("en") == "Transparence"


@pytest.mark.parametrize(("old", "new", "message"), [
    ("languages: [fr]", "languages: [en]", "missing translation 'en'"),
    ("languages: [fr]", "languages: [de]", "Input should be 'fr' or 'en'"),
    ("languages: [fr]", "languages: []", "languages"),
    ("  partners: false", "  alliance: false", "unknown key 'alliance'"),
    ("  strengths: false", "  strengths: perhaps", "strengths"),
    ('  level: {fr: "niveau d\'incidence"}', '  niveau: {fr: "niveau"}', "unknown key 'niveau'"),
])
def test_a_wrong_key_is_an_error_with_its_file_and_line(tmp_path: Path, old: str, new: str,
                                                        message: str) -> None:
    folder = copy(INCIDENCE, tmp_path)
    index = folder / "questionnaire.yaml"
    text = index.read_text(encoding="utf-8")
    assert text.count(old) == 1
    index.write_text(text.replace(old, new), encoding="utf-8")
    found, problems = check(folder)
    assert found is None
    assert any(message in problem.message for problem in problems), problems
    assert all(problem.line > 1 for problem in problems if message in problem.message)


def test_a_questionnaire_in_both_languages_still_needs_both(tmp_path: Path) -> None:
    folder = copy(INCIDENCE, tmp_path)
    index = folder / "questionnaire.yaml"
    index.write_text(index.read_text(encoding="utf-8").replace("languages: [fr]\n", ""),
                     encoding="utf-8")
    found, problems = check(folder)
    assert found is None
    assert any("missing translation 'en'" in problem.message for problem in problems)


def test_the_new_keys_count_in_the_hash_only_when_written(tmp_path: Path) -> None:
    # A.D.O.C., which writes none of them, kept the hash it had before they existed (checked
    # when they were added); one that writes them, even at their defaults, has another
    folder = copy(NUMERIQUE, tmp_path)
    index = folder / "questionnaire.yaml"
    text = index.read_text(encoding="utf-8")
    bare = text[:text.index("# Its own offer and words")]
    index.write_text(bare, encoding="utf-8")
    before = load(folder).content_hash
    index.write_text(bare + "features: {}\n", encoding="utf-8")
    assert load(folder).content_hash != before  # said explicitly, the keys are content


def test_its_own_start_question_without_a_kind_question_is_a_warning(tmp_path: Path) -> None:
    folder = copy(INCIDENCE, tmp_path)
    index = folder / "questionnaire.yaml"
    index.write_text(index.read_text(encoding="utf-8").replace("kind_question: porteur\n", ""),
                     encoding="utf-8")
    found, problems = check(folder)
    assert found is not None
    assert [(p.severity, p.message.split(":")[0]) for p in problems] == [
        ("warning", "words.profile is never shown")]
