"""French high punctuation never starts a line in a French report (issue 26)."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

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


# The reading french_spaces is held to: a text node is what lies between a « > » and the next
# « < »; only there does a space before « : ; ? ! » or inside « guillemets » become a no-break
# one (the way it was first written: a regular expression reading every text node).
_TEXT_NODE = re.compile(r">([^<]*?(?: [:;?!»]|« )[^<]*)<")


def _by_text_node(html: str) -> str:
    def french(text: str) -> str:
        return re.sub(r"« +", "«" + NBSP, re.sub(r" +([:;?!»])", NBSP + r"\1", text))

    return _TEXT_NODE.sub(lambda found: ">" + french(found.group(1)) + "<", html)


_WORDS = st.text(alphabet=" :;?!«»ab&=\"/>\n", max_size=12)
_TAGS = st.builds(lambda name, value: f'<{name} title="{value}">', st.sampled_from(["p", "a"]),
                  _WORDS)
_PAGES = st.lists(st.one_of(_TAGS, st.sampled_from(["</p>", "<br>", "<", ">"]), _WORDS),
                  max_size=14).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_PAGES)
def test_french_spaces_reads_text_nodes_as_the_plain_regular_expression_does(html: str) -> None:
    assert french_spaces(html) == _by_text_node(html)
