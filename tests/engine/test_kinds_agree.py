"""The flash diagnostic and the full parcours know the same kinds of organisation."""

from __future__ import annotations

from parcours.engine import Questionnaire, load

from .conftest import ADOC

FLASH = ADOC.parent / "flash"


def test_the_flash_and_the_full_parcours_agree_on_kinds(adoc: Questionnaire) -> None:
    flash = load(FLASH)
    assert flash.index.kind_question == adoc.index.kind_question
    assert flash.kinds == adoc.kinds
    for kind in adoc.kinds:  # each kind reads its name the same way in both
        full = adoc.questions[adoc.index.kind_question].options  # type: ignore[union-attr]
        short = flash.questions[flash.index.kind_question].options  # type: ignore[union-attr]
        assert {o.value: o.label for o in full}[kind] == {o.value: o.label for o in short}[kind]
    kind_profiles = {p.id for p in adoc.index.profiles} & set(adoc.kinds)
    assert kind_profiles <= {p.id for p in flash.index.profiles}
