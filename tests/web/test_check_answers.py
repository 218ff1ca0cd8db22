"""« Vérifiez vos réponses » (issue 26, item 6): the review lists every section with its
questions and answers, each with « Modifier », the unanswered and « Je ne sais pas » ones
highlighted, and « Terminer » both above and below the list."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from markupsafe import escape

from parcours.engine import load

from ..conftest import hidden_fields
from .participant import EXAMPLES, Participant, example, form_fields

ADOC = load(EXAMPLES.parent)
KINDS = {qid: q.type for qid, q in ADOC.questions.items()}


def test_the_review_lists_answers_with_modify_links_and_highlights(client: FlaskClient) -> None:
    person = Participant(client)
    person.start()
    answers = dict(example("association_jeune.json")["answers"])
    answers["vision_enjeux_sources"] = "dont_know"
    answers.pop("vision_enjeux_alliance")
    url = f"/d/{person.public_id}/etape/profil_organisation_section"
    html, ids = person.page(url)
    client.post(url, data={**hidden_fields(html), "action": "next",
                           **form_fields(ids, answers, KINDS)})
    url = f"/d/{person.public_id}/etape/vision_enjeux_section"
    html, ids = person.page(url)
    client.post(url, data={**hidden_fields(html), "action": "next",
                           **form_fields(ids, answers, KINDS)})
    review = client.get(f"/d/{person.public_id}/revue").get_data(as_text=True)
    assert "<h1>Vérifiez vos réponses</h1>" in review
    # an answer, worded as the participant chose it, with its « Modifier » link
    size = next(o for o in ADOC.questions["profil_taille"].options
                if o.value == answers["profil_taille"]).label_for("association", "fr")
    row = review[review.index('id="q-row-profil_taille"'):]
    row = row[:row.index("</div>")]
    # (as French pages write it: a no-break space before « : », issue 26)
    assert str(escape(size)).replace(" :", "\u00a0:") in row and "Modifier" in row
    assert f'/d/{person.public_id}/etape/profil_organisation_section#q-profil_taille' in row
    # the unanswered and « Je ne sais pas » ones are highlighted
    assert re.search(r'class="check-row is-unsure" id="q-row-vision_enjeux_sources"', review)
    assert re.search(r'class="check-row is-missing" id="q-row-vision_enjeux_alliance"', review)
    assert re.search(r"\d+ questions sans réponse", review)
    assert "Une réponse «\u00a0Je ne sais pas\u00a0»" in review
    # sections not reached yet say so in a line, not a list of empty answers
    assert "Pas encore de réponse." in review
    # « Terminer » above the list and below it
    forms = [m.start() for m in re.finditer(r'class="complete-form', review)]
    assert len(forms) == 2
    assert forms[0] < review.index('class="check-answers"') < forms[1]


def test_the_review_in_english(client: FlaskClient) -> None:
    person = Participant(client)
    person.start()
    client.get("/lang/en")
    review = client.get(f"/d/{person.public_id}/revue").get_data(as_text=True)
    assert "<h1>Check your answers</h1>" in review and "Change" in review
