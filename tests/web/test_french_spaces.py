"""A French line never starts with « : », « ? » or « » » on the participant's pages (issue 26,
item 8): their visible text has a no-break space, never a plain one, before « : ; ? ! » and
inside « guillemets », as the PDF has. What a form sends back (a <textarea>) is left as typed."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.reports.typography import NBSP
from parcours.web.typography import french_page

from ..conftest import csrf_token
from .participant import Participant
from .test_follow_up import ANSWERS, KINDS, follow_up, new_id

# a space that lets the line break, before high punctuation or after an opening guillemet
PLAIN = re.compile(r"[ \t\r\n]+[:;?!»]|«[ \t\r\n]+")


class _Visible(HTMLParser):
    """The text a reader sees (the title included), block by block; not scripts, styles, nor
    a <textarea>'s value."""

    HIDDEN = {"script", "style", "textarea"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.hidden += tag in self.HIDDEN

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in self.HIDDEN and self.hidden > 0

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.text.append(data)


def plain_spaces(html: str) -> list[str]:
    """Each place, with some words around it, where a line could start with « : », « ? »…"""
    parser = _Visible()
    parser.feed(html)
    text = "".join(parser.text)  # across tags: « <strong>Responsable</strong> : » counts
    return [text[max(m.start() - 30, 0):m.end() + 10].strip() for m in PLAIN.finditer(text)]


def test_the_check_finds_a_plain_space_and_leaves_a_form_value_alone() -> None:
    html = ('<title>Erreur : vérifiez</title><p>Niveau <strong>2</strong> ? « Bon »</p>'
            '<textarea name="note">Note : à voir ?</textarea>'
            '<input value="Claire : trésorière">')
    assert len(plain_spaces(html)) == 4
    fixed = french_page(html)
    assert plain_spaces(fixed) == []
    assert '<textarea name="note">Note : à voir ?</textarea>' in fixed
    assert 'value="Claire : trésorière"' in fixed


def _pages(app: Flask, client: FlaskClient) -> dict[str, str]:
    """The main French pages of a participant's journey, from the home page to a follow-up."""
    person = Participant(client)
    get = {"accueil": "/", "commencer": "/commencer", "flash": "/commencer/flash",
           "reprendre": "/reprendre"}
    pages = {name: client.get(url).get_data(as_text=True) for name, url in get.items()}
    person.start("Les Amis du Quartier", ANSWERS["profil_type"])
    pages["lien"] = client.get(f"/d/{person.public_id}/lien").get_data(as_text=True)
    first = client.get(f"/d/{person.public_id}/").headers["Location"]
    pages["question"] = client.get(first).get_data(as_text=True)
    person.answer_all(ANSWERS, KINDS)
    pages["revue"] = client.get(f"/d/{person.public_id}/revue").get_data(as_text=True)
    pages["résultats"] = person.complete()
    pages["historique"] = client.get(f"/d/{person.public_id}/historique").get_data(
        as_text=True)
    pages["supprimer"] = client.get(f"/d/{person.public_id}/supprimer").get_data(as_text=True)
    follow = new_id(follow_up(client, person.public_id, mode="prefill"))
    pages["suivi, lien"] = client.get(f"/d/{follow}/lien").get_data(as_text=True)
    pages["suivi, question"] = client.get(
        client.get(f"/d/{follow}/").headers["Location"]).get_data(as_text=True)
    again = Participant(client)
    again.public_id = follow
    again.answer_all(ANSWERS, KINDS)
    pages["suivi, résultats"] = again.complete()
    assert "Vos progrès depuis le" in pages["suivi, résultats"]
    assert csrf_token(pages["résultats"])
    return pages


def test_no_french_participant_page_lets_a_line_start_with_high_punctuation(
        app: Flask, client: FlaskClient) -> None:
    found = {name: spots for name, html in _pages(app, client).items()
             if (spots := plain_spaces(html))}
    assert found == {}


@pytest.mark.parametrize("path", ["/", "/commencer", "/reprendre"])
def test_english_pages_keep_plain_spaces(client: FlaskClient, path: str) -> None:
    page = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "\u00a0:" not in page and "\u00a0?" not in page


_WORDS = st.text(alphabet=" :;?!«»aé&=\"/>\n", max_size=12)
_PIECES = st.one_of(_WORDS, st.sampled_from(
    ["<p>", "</p>", '<a title="a : b">', "<br>", "<", ">", "<textarea>", "</textarea>",
     "<script>", "</script >", "<pre>", "<prefix>", "</pre>", "<style>", "</style>",
     "<textarea title=\"« b\">"]))


@settings(max_examples=1000, deadline=None)
@given(st.lists(_PIECES, max_size=16).map("".join))
def test_a_page_on_its_way_out_as_bytes_gets_what_its_text_would(html: str) -> None:
    """The response's UTF-8 bytes are changed where and as its text would be (the text's
    reading is held to a regular expression's in tests/reports/test_typography.py)."""
    assert french_page(html.encode()) == french_page(html).encode()


def _by_regular_expressions(html: str) -> str:
    """The plain reading: each kept element found by a regular expression (per tag name), and
    every text node outside them changed as tests/reports/test_typography.py reads one."""
    kept = [found.span() for found in re.finditer(
        r"<(textarea|script|style|pre)\b.*?</\1\s*>", html, flags=re.S)]

    def french(found: re.Match[str]) -> str:
        if any(start <= found.start(1) < end for start, end in kept):
            return found.group(0)
        text = re.sub(r"« +", "«" + NBSP, re.sub(r" +([:;?!»])", NBSP + r"\1", found.group(1)))
        return ">" + text + "<"

    return re.sub(r">([^<]*?(?: [:;?!»]|« )[^<]*)<", french, html)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_PIECES, max_size=16).map("".join))
def test_text_nodes_change_outside_the_kept_elements_as_the_plain_reading_says(
        html: str) -> None:
    assert french_page(html) == _by_regular_expressions(html)
