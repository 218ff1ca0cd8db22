"""French high punctuation never starts a line in a French report (issue 26)."""

from __future__ import annotations

import pytest
from flask import Flask

from parcours.reports import service
from parcours.reports.typography import NBSP, french_spaces

from .conftest import example_context
from .pdftext import text


def test_no_break_spaces_before_high_punctuation_in_text_only() -> None:
    html = ('<p class="a : b" title="Pourquoi ?">Responsable : Claire ; prête ? Oui ! '
            '« Vision partagée »</p>')
    done = french_spaces(html)
    assert f"Responsable{NBSP}: Claire{NBSP}; prête{NBSP}? Oui{NBSP}! " in done
    assert f"«{NBSP}Vision partagée{NBSP}»" in done
    assert 'class="a : b" title="Pourquoi ?"' in done  # attributes are left alone


@pytest.mark.parametrize("name", ["association_jeune.json", "entreprise_moyenne.json",
                                  "collectivite.json"])
def test_a_french_pdf_never_starts_a_line_with_a_colon_or_a_question_mark(
        report_app: Flask, name: str) -> None:
    data = service.render(example_context(name, "Communauté de communes du Pays de Saint-Omer",
                                          "fr"))
    lines = [line.strip() for line in text(data).splitlines() if line.strip()]
    assert lines
    assert [line for line in lines if line[0] in ":?;!»"] == []
